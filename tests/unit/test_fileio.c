/* test_fileio.c — the one atomic file writer (fileio.h): modes kept,
 * links followed, dangling links, loops and hard links refused, a failing
 * fill leaves the old file and no temporary, and rt_same_file. */
#include "fileio.h"
#include "testhelp.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/sicalc-fileio-XXXXXX";

static char *in_dir(const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static int holds(const char *path, const char *want)
{
    char got[64] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    fclose(f);
    return strcmp(got, want) == 0;
}

static unsigned mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
}

/* Names in dir starting with '.' other than "." and "..": temporaries. */
static int temporaries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
             strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static int fail_fill(FILE *f, void *ctx)
{
    fputs("half", f);
    errno = EIO;
    return -1;
}

static void test_modes_and_links(void)
{
    char file[256], link[256];
    snprintf(file, sizeof file, "%s", in_dir("a.txt"));
    snprintf(link, sizeof link, "%s", in_dir("link.txt"));
    TEST_COND("new file written",
              rt_write_file_bytes(file, "one", 3) == 0 && holds(file, "one"));
    chmod(file, 0664);
    TEST_COND("0664 stays 0664", rt_write_file_bytes(file, "two", 3) == 0 &&
                                     mode_of(file) == 0664);
    chmod(file, 0600);
    TEST_COND("0600 stays 0600", rt_write_file_bytes(file, "six", 3) == 0 &&
                                     mode_of(file) == 0600);
    symlink("a.txt", link);
    struct stat st;
    TEST_COND("through a link: the target written, the link stays",
              rt_write_file_bytes(link, "ten", 3) == 0 && holds(file, "ten") &&
                  lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    TEST_COND("a failing fill leaves the old file and no temporary",
              rt_write_file(file, fail_fill, NULL) == -1 && errno == EIO &&
                  holds(file, "ten") && temporaries() == 0);
    TEST_COND("rt_same_file through the link",
              rt_same_file(file, link) && !rt_same_file(file, dir));
}

static void test_refusals(void)
{
    char dangling[256], loop1[256], loop2[256], hard1[256], hard2[256];
    struct stat st;
    snprintf(dangling, sizeof dangling, "%s", in_dir("dangling"));
    snprintf(loop1, sizeof loop1, "%s", in_dir("loop1"));
    snprintf(loop2, sizeof loop2, "%s", in_dir("loop2"));
    snprintf(hard1, sizeof hard1, "%s", in_dir("hard1"));
    snprintf(hard2, sizeof hard2, "%s", in_dir("hard2"));
    symlink("missing", dangling);
    errno = 0;
    TEST_COND("dangling link: ENOENT, still a link",
              rt_write_file_bytes(dangling, "x", 1) == -1 && errno == ENOENT &&
                  lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode));
    TEST_COND("dangling link explained",
              strstr(rt_write_strerror(dangling, ENOENT),
                     "symbolic link to 'missing', which does not exist"));
    symlink("loop2", loop1);
    symlink("loop1", loop2);
    errno = 0;
    TEST_COND("link loop: ELOOP",
              rt_write_file_bytes(loop1, "x", 1) == -1 && errno == ELOOP);
    rt_write_file_bytes(hard1, "old", 3);
    link(hard1, hard2);
    errno = 0;
    TEST_COND("hard-linked file refused, untouched",
              rt_write_file_bytes(hard1, "new", 3) == -1 && errno == EMLINK &&
                  holds(hard2, "old"));
    TEST_COND("hard link explained",
              strstr(rt_write_strerror(hard1, EMLINK), "has 2 hard links"));
    TEST_COND("no temporaries", temporaries() == 0);
}

static void remove_all(void)
{
    static const char *const names[] = {
        "a.txt", "link.txt", "dangling", "loop1", "loop2", "hard1", "hard2",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlink(in_dir(names[i]));
    rmdir(dir);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        TEST_COND("mkdtemp", 0);
        return TEST_REPORT();
    }
    mode_t old = umask(022);
    test_modes_and_links();
    test_refusals();
    umask(old);
    remove_all();
    return TEST_REPORT();
}
