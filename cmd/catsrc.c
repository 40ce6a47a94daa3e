/* catsrc.c — loading one side of a `sicalc diff`: files and folders of the
 * working tree, or a git revision extracted into a temporary folder
 * (git is run directly, never through a shell, so revisions and paths
 * need no quoting). */
#include "catsrc.h"
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "load.h"
#include "tmpfiles.h"

/* ---- running git ---- */

/* Runs `git args...`, its standard output into *out (heap, NUL-ended,
 * *len bytes); its standard error goes to ours unless quiet. Returns
 * git's exit status, or -1 when it could not be run. */
static int git_run(const char *const *args, bool quiet, char **out, size_t *len)
{
    int fd[2];
    *out = NULL;
    *len = 0;
    if (pipe(fd) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        if (quiet)
            dup2(null, STDERR_FILENO);
        execvp("git", (char *const *)args);
        _exit(127);
    }
    close(fd[1]);
    size_t cap = 4096;
    char *buf = rt_xmalloc(cap);
    for (;;) {
        if (*len + 1 >= cap)
            buf = rt_xrealloc(buf, cap *= 2);
        ssize_t k = read(fd[0], buf + *len, cap - *len - 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        *len += (size_t)k;
    }
    buf[*len] = '\0';
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) {
            free(buf);
            return -1;
        }
    *out = buf;
    if (!WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st) == 127 ? -1 : WEXITSTATUS(st);
}

static bool is_revision(const char *rev)
{
    size_t n = strlen(rev);
    char *spec = rt_xmalloc(n + 10);
    sprintf(spec, "%s^{commit}", rev);
    const char *args[] = {"git",     "rev-parse", "--verify",
                          "--quiet", spec,        NULL};
    char *out;
    size_t len;
    int rc = git_run(args, true, &out, &len);
    free(out);
    free(spec);
    return rc == 0;
}

/* ---- files ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push(char ***v, int *n, size_t *cap, char *s)
{
    rt_grow((void **)v, cap, (size_t)*n + 1, sizeof **v);
    (*v)[(*n)++] = s;
}

static void list_into(const char *folder, char ***v, int *n, size_t *cap,
                      int depth)
{
    DIR *d = opendir(folder);
    if (!d || depth > 32) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(folder) + strlen(e->d_name) + 2;
        char *p = rt_xmalloc(len);
        if (strcmp(folder, ".") == 0)
            snprintf(p, len, "%s", e->d_name);
        else
            snprintf(p, len, "%s%s%s", folder,
                     cli_ends_with(folder, "/") ? "" : "/", e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_into(p, v, n, cap, depth + 1);
            free(p);
        } else if (cli_ends_with(p, ".si") && S_ISREG(st.st_mode)) {
            push(v, n, cap, p);
        } else {
            free(p);
        }
    }
    closedir(d);
}

char **catsrc_list(const char *folder, int *n)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    list_into(folder, &v, n, &cap, 0);
    if (*n)
        qsort(v, (size_t)*n, sizeof *v, cmp_str);
    return v;
}

static void free_list(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Whether name (a path from a git tree or a folder listing) stays inside
 * the folder it is written into: relative, and no component empty, "."
 * or "..". A crafted tree (git mktree) can hold entries named "..". */
static bool safe_relative(const char *name)
{
    if (!*name || *name == '/')
        return false;
    for (const char *p = name;;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.') ||
            (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

/* Writes n bytes of s to folder/name, a new file (never through a link,
 * never over an existing file) in new private folders as needed; each
 * file and folder made is tracked for removal on a signal. name must be
 * safe_relative. */
static int write_file(const char *folder, const char *name, const char *s,
                      size_t n)
{
    char *p = rt_xmalloc(strlen(folder) + strlen(name) + 2);
    sprintf(p, "%s/%s", folder, name);
    int rc = 0;
    for (char *sl = strchr(p + strlen(folder) + 1, '/'); rc == 0 && sl;
         sl = strchr(sl + 1, '/')) {
        *sl = '\0';
        struct stat st;
        if (lstat(p, &st) != 0) {
            rt_tmp_track(p, true); /* before it exists: no gap */
            if (mkdir(p, 0700) != 0)
                rc = -1;
        } else if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            rc = -1;
        }
        *sl = '/';
    }
    if (rc == 0)
        rt_tmp_track(p, false); /* before it exists: no gap */
    int fd = rc == 0
                 ? open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0600)
                 : -1;
    if (fd >= 0) {
        for (size_t done = 0; rc == 0 && done < n;) {
            ssize_t k = write(fd, s + done, n - done);
            if (k < 0 && errno != EINTR)
                rc = -1;
            done += k > 0 ? (size_t)k : 0;
        }
        int e = errno;
        if (close(fd) != 0 && rc == 0)
            rc = -1;
        else
            errno = e;
    } else {
        rc = -1;
    }
    free(p);
    return rc;
}

/* "sicalc: error: ...": a path of rev that could reach outside the
 * folder it is read into. */
static void refuse_path(const char *rev, const char *name)
{
    fprintf(stderr,
            "sicalc: error: %s holds a file named '%s': a path with an "
            "empty, '.' or '..' component, or an absolute one, could "
            "reach outside the catalogue; refusing to read it\n",
            rev, name);
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096;
    char *buf = rt_xmalloc(cap);
    *n = 0;
    size_t k;
    while ((k = fread(buf + *n, 1, cap - *n, f)) > 0) {
        *n += k;
        if (*n == cap)
            buf = rt_xrealloc(buf, cap *= 2);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    remove(path);
    return 0;
}

/* Removes the side's temporary folder, if any, and forgets it. */
static void drop_tmpdir(catsrc *c)
{
    if (!c->tmpdir)
        return;
    nftw(c->tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    rt_tmp_untrack_under(c->tmpdir);
    free(c->tmpdir);
    c->tmpdir = NULL;
}

static char *make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *t = rt_xmalloc(strlen(base) + 32);
    sprintf(t, "%s/sicalc-diff-XXXXXX", base);
    if (!rt_tmp_mkdtemp(t)) {
        fprintf(stderr, "sicalc: error: cannot create a temporary folder: %s\n",
                strerror(errno));
        free(t);
        return NULL;
    }
    return t;
}

/* ---- specs ---- */

bool catsrc_parse(catsrc_spec *s, const char *arg)
{
    memset(s, 0, sizeof *s);
    s->arg = arg;
    if (access(arg, F_OK) == 0) {
        s->path = rt_xstrdup(arg);
        return true;
    }
    const char *colon = strchr(arg, ':');
    s->rev = colon ? rt_xstrdup(arg) : rt_xstrdup(arg);
    if (colon) {
        s->rev[colon - arg] = '\0';
        if (colon[1])
            s->path = rt_xstrdup(colon + 1);
    }
    if (*s->rev && is_revision(s->rev))
        return true;
    fprintf(stderr,
            "sicalc: error: '%s' is not a file, a folder or a git "
            "revision\n",
            colon ? s->rev : arg);
    return false;
}

void catsrc_inherit_path(catsrc_spec *s, const catsrc_spec *other)
{
    if (s->rev && !s->path && other->path)
        s->path = rt_xstrdup(other->path);
}

void catsrc_spec_free(catsrc_spec *s)
{
    free(s->rev);
    free(s->path);
}

/* ---- loading ---- */

static void side_init(catsrc *c, const char *label)
{
    memset(c, 0, sizeof *c);
    c->label = label;
    c->arena = rt_arena_new();
    diag_init(&c->diag, stderr);
}

/* Loads paths (relative to folder, when not NULL) into c; messages name
 * the files as given. */
static int load_in(catsrc *c, const char *folder, const char *const *paths,
                   int n)
{
    int here = -1;
    if (folder) {
        here = open(".", O_RDONLY | O_DIRECTORY);
        if (here < 0 || chdir(folder) != 0) {
            fprintf(stderr, "sicalc: error: cannot enter '%s': %s\n", folder,
                    strerror(errno));
            if (here >= 0)
                close(here);
            return 2;
        }
    }
    c->prog = load_catalogue(c->arena, &c->diag, paths, n);
    if (here >= 0) {
        if (fchdir(here) != 0)
            perror("sicalc: error: cannot return to the working folder");
        close(here);
    }
    /* Names are checked only against data (diff_main compiles each side
     * with it): without data a `dataset` that declares only its period
     * would make every other column an error. */
    if (c->diag.errors) {
        fprintf(stderr, "sicalc: error: the catalogue of %s does not load\n",
                c->label);
        return 2;
    }
    return 0;
}

static int load_worktree(catsrc *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "sicalc: error: cannot read '%s': %s\n", path,
                strerror(errno));
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        const char *one[] = {path};
        return load_in(c, NULL, one, 1);
    }
    int n;
    char **v = catsrc_list(path, &n);
    int rc = load_in(c, NULL, (const char *const *)v, n);
    free_list(v, n);
    return rc;
}

/* The full names of the .si files of rev under path (git ls-tree -z). */
static char **tree_files(const char *rev, const char *path, int *n, int *rc)
{
    const char *args[] = {"git",         "ls-tree", "-r", "-z", "--full-name",
                          "--name-only", rev,       "--", path, NULL};
    char *out;
    size_t len;
    *n = 0;
    *rc = git_run(args, false, &out, &len);
    char **v = NULL;
    size_t cap = 0;
    for (size_t i = 0; *rc == 0 && i < len; i += strlen(out + i) + 1) {
        if (!cli_ends_with(out + i, ".si"))
            continue;
        if (!safe_relative(out + i)) {
            refuse_path(rev, out + i);
            *rc = 2;
        } else {
            push(&v, n, &cap, rt_xstrdup(out + i));
        }
    }
    free(out);
    if (*n)
        qsort(v, (size_t)*n, sizeof *v, cmp_str);
    return v;
}

/* Writes rev's blob of name into folder/name. */
static int extract(const char *folder, const char *rev, const char *name)
{
    char *obj = rt_xmalloc(strlen(rev) + strlen(name) + 2);
    sprintf(obj, "%s:%s", rev, name);
    const char *args[] = {"git", "cat-file", "blob", obj, NULL};
    char *out;
    size_t len;
    int rc = git_run(args, false, &out, &len);
    free(obj);
    if (rc == 0 && write_file(folder, name, out, len) != 0) {
        fprintf(stderr, "sicalc: error: cannot write '%s/%s': %s\n", folder,
                name, strerror(errno));
        rc = -1;
    }
    free(out);
    return rc;
}

/* The folder part of path ("." when it has none), heap. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rt_xstrdup(".");
    char *d = rt_xstrdup(path);
    d[slash - path] = '\0';
    return *d ? d : (free(d), rt_xstrdup("/"));
}

static int load_revision(catsrc *c, const char *rev, const char *path)
{
    bool one = cli_ends_with(path, ".si");
    char *dir = one ? dir_of(path) : rt_xstrdup(path);
    int n, rc;
    char **all = tree_files(rev, dir, &n, &rc);
    free(dir);
    char **sel = all;
    int nsel = n;
    if (rc == 0 && one)
        sel = tree_files(rev, path, &nsel, &rc);
    if (rc != 0 || nsel == 0) {
        if (rc == 0)
            fprintf(stderr, "sicalc: error: %s has no .si file at '%s'\n", rev,
                    path);
        rc = 2;
    }
    if (rc == 0 && !(c->tmpdir = make_tmpdir()))
        rc = 2;
    for (int i = 0; rc == 0 && i < n; i++)
        if (extract(c->tmpdir, rev, all[i]) != 0)
            rc = 2;
    rt_tmp_test_pause("diff");
    if (rc == 0)
        rc = load_in(c, c->tmpdir, (const char *const *)sel, nsel);
    drop_tmpdir(c); /* the sources are in the arena now */
    if (sel != all)
        free_list(sel, nsel);
    free_list(all, n);
    return rc;
}

int catsrc_load(catsrc *c, const catsrc_spec *s)
{
    side_init(c, s->arg);
    if (!s->rev)
        return load_worktree(c, s->path);
    return load_revision(c, s->rev, s->path ? s->path : ".");
}

/* Copies the working tree's .si files under folder into tmp, but skip
 * (the file that stands in for it). */
static int copy_siblings(const char *tmp, const char *folder, const char *skip)
{
    int n;
    char **v = catsrc_list(folder, &n);
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        size_t len;
        char *text = read_all(v[i], &len);
        if (!text)
            continue;
        if (safe_relative(v[i]) && strcmp(v[i], skip) != 0)
            rc = write_file(tmp, v[i], text, len);
        free(text);
    }
    free_list(v, n);
    return rc;
}

int catsrc_load_as(catsrc *c, const char *label, const char *path,
                   const char *file)
{
    side_init(c, label);
    if (strcmp(file, "/dev/null") == 0)
        return load_in(c, NULL, NULL, 0);
    if (rt_same_file(path, file))
        return load_in(c, NULL, &path, 1);
    size_t len;
    char *text = read_all(file, &len);
    if (!text) {
        fprintf(stderr, "sicalc: error: cannot read '%s': %s\n", file,
                strerror(errno));
        return 2;
    }
    int rc = (c->tmpdir = make_tmpdir()) ? 0 : 2;
    char *dir = dir_of(path);
    if (rc == 0 && safe_relative(path) &&
        copy_siblings(c->tmpdir, dir, path) != 0)
        rc = 2;
    free(dir);
    const char *name = safe_relative(path) ? path : "file.si";
    if (rc == 0 && write_file(c->tmpdir, name, text, len) != 0) {
        fprintf(stderr, "sicalc: error: cannot write '%s/%s': %s\n", c->tmpdir,
                name, strerror(errno));
        rc = 2;
    }
    free(text);
    if (rc == 0)
        rc = load_in(c, c->tmpdir, &name, 1);
    drop_tmpdir(c); /* the sources are in the arena now */
    return rc;
}

void catsrc_free(catsrc *c)
{
    drop_tmpdir(c);
    if (c->arena)
        rt_arena_free(c->arena);
    memset(c, 0, sizeof *c);
}
