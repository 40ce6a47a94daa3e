/* fileio.c — the atomic file writer every command uses (fileio.h): what
 * a path names is decided first (link, regular file, device), then the
 * target is replaced through a temporary beside it or written in place. */
#include "fileio.h"

#include "arena.h"
#include "tmpfiles.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* "DIR/.NAME.XXXXXX" beside path, so rename() stays on one filesystem. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *t = rt_xmalloc(strlen(path) + sizeof "..XXXXXX");
    memcpy(t, path, dirlen);
    sprintf(t + dirlen, ".%s.XXXXXX", path + dirlen);
    return t;
}

/* The mode a plain fopen() would give (0666 less the umask), since mkstemp
 * creates 0600. umask() can only be read by setting it; files are written
 * after the scan threads have ended, so setting it back at once is safe. */
static mode_t creation_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Runs fill on fd and closes it (also on error), keeping the first
 * error's errno. sync: fsync before closing, so that after a crash the
 * renamed file holds the whole content. */
static int fill_fd(int fd, rt_fill_fn fill, void *ctx, bool sync)
{
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    errno = 0;
    int rc = fill(f, ctx);
    if (rc == 0 && (fflush(f) != 0 || ferror(f)))
        rc = -1;
    if (rc == 0 && sync && fsync(fileno(f)) != 0)
        rc = -1;
    int e = rc != 0 && errno == 0 ? EIO : errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    errno = e;
    return rc;
}

/* Gives the temporary fd the owner and mode of the file it replaces (st),
 * or the creation mode for a new file. The owner first: chown may clear
 * set-id bits that fchmod then restores. */
static int copy_attrs(int fd, const struct stat *st)
{
    if (!st)
        return fchmod(fd, creation_mode());
    struct stat now;
    if (fstat(fd, &now) != 0)
        return -1;
    if ((now.st_uid != st->st_uid || now.st_gid != st->st_gid) &&
        fchown(fd, st->st_uid, st->st_gid) != 0)
        return -1;
    return fchmod(fd, st->st_mode & 07777);
}

/* Replaces the regular file target (st, or NULL when it does not exist
 * yet) through a temporary in its folder: fill, fsync, rename. */
static int replace(const char *target, const struct stat *st, rt_fill_fn fill,
                   void *ctx)
{
    char *tmp = temp_template(target);
    int fd = rt_tmp_mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    rt_tmp_test_pause("write");
    int rc;
    if (copy_attrs(fd, st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        rc = -1;
    } else {
        rc = fill_fd(fd, fill, ctx, true);
    }
    if (rc == 0)
        rc = rename(tmp, target);
    if (rc != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
    }
    rt_tmp_untrack(tmp);
    free(tmp);
    return rc != 0 ? -1 : 0;
}

/* The descriptor /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N
 * stands for, or -1:
 * those are written through the descriptor itself, since reopening them
 * fails for a socket and would truncate or replace a redirected file. */
static int std_fd(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return STDOUT_FILENO;
    if (strcmp(path, "/dev/stderr") == 0)
        return STDERR_FILENO;
    size_t skip = strncmp(path, "/dev/fd/", 8) == 0          ? 8
                  : strncmp(path, "/proc/self/fd/", 14) == 0 ? 14
                                                             : 0;
    if (!skip || path[skip] < '0' || path[skip] > '9')
        return -1;
    char *end;
    long n = strtol(path + skip, &end, 10);
    return *end || n < 0 || n > INT_MAX ? -1 : (int)n;
}

/* A device, pipe or socket: written to, never replaced by a file. */
static int write_in_place(const char *path, rt_fill_fn fill, void *ctx)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    return fd < 0 ? -1 : fill_fd(fd, fill, ctx, false);
}

int rt_write_file(const char *path, rt_fill_fn fill, void *ctx)
{
    if (!*path || path[strlen(path) - 1] == '/') {
        errno = *path ? EISDIR : ENOENT;
        return -1;
    }
    int sfd = std_fd(path);
    if (sfd >= 0) {
        int fd = dup(sfd);
        return fd < 0 ? -1 : fill_fd(fd, fill, ctx, false);
    }
    struct stat lst, st;
    if (lstat(path, &lst) != 0)
        return errno == ENOENT ? replace(path, NULL, fill, ctx) : -1;
    if (stat(path, &st) != 0)
        return -1; /* a dangling link (ENOENT) or a loop (ELOOP) */
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return -1;
    }
    if (!S_ISREG(st.st_mode))
        return write_in_place(path, fill, ctx);
    if (st.st_nlink > 1) {
        errno = EMLINK;
        return -1;
    }
    if (!S_ISLNK(lst.st_mode))
        return replace(path, &st, fill, ctx);
    char *target = realpath(path, NULL);
    if (!target)
        return -1;
    int rc = replace(target, &st, fill, ctx);
    free(target);
    return rc;
}

typedef struct bytes {
    const char *s;
    size_t n;
} bytes;

static int fill_bytes(FILE *f, void *ctx)
{
    const bytes *b = ctx;
    return fwrite(b->s, 1, b->n, f) == b->n ? 0 : -1;
}

int rt_write_file_bytes(const char *path, const char *s, size_t n)
{
    bytes b = {s, n};
    return rt_write_file(path, fill_bytes, &b);
}

/* Why here: the commands that look beside a file (diff's folders,
 * the sibling notes) take its folder as the writer does. */
char *rt_folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rt_xstrdup(".");
    char *d = rt_xstrdup(path);
    d[slash - path] = '\0';
    return *d ? d : (free(d), rt_xstrdup("/"));
}

/* As rt_folder_of, into buf (no allocation on the error path). */
static const char *folder_part(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    snprintf(buf, size, "%.*s", (int)n, path);
    return buf;
}

/* Why path is too long (ENAMETOOLONG), into msg: a name longer than the
 * folder's limit, a last name that leaves no room for the temporary
 * ".NAME.XXXXXX" beside it, or the whole path. */
static const char *name_too_long(const char *path, char *msg, size_t size)
{
    char dir[PATH_MAX];
    const char *folder =
        strlen(path) < sizeof dir ? folder_part(path, dir, sizeof dir) : ".";
    long max = pathconf(folder, _PC_NAME_MAX);
    if (max <= 0)
        max = NAME_MAX;
    size_t longest = 0, last = 0;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n > longest)
            longest = n;
        last = n;
        p += n;
        p += *p == '/';
    }
    size_t extra = sizeof "..XXXXXX" - 1;
    if (longest > (size_t)max)
        snprintf(msg, size,
                 "file name too long: a name in it is %zu bytes; the limit "
                 "is %ld bytes per name",
                 longest, max);
    else if (last + extra > (size_t)max)
        snprintf(msg, size,
                 "file name too long: %zu bytes, and the temporary file "
                 "written beside it first (\".NAME.XXXXXX\") needs %zu more; "
                 "the limit is %ld bytes per name, so use a name of at most "
                 "%zu bytes",
                 last, extra, max, (size_t)max - extra);
    else
        snprintf(msg, size,
                 "path too long: %zu bytes; the limit is %d bytes for a "
                 "whole path",
                 strlen(path), PATH_MAX - 1);
    return msg;
}

/* EACCES or EROFS writing path (through its links): when the file may
 * be written but its folder may not, that is why (the replacement is
 * created beside it); else strerror(e) naming the folder. */
static const char *folder_refused(const char *path, int e, char *msg,
                                  size_t size)
{
    struct stat st;
    char *real = lstat(path, &st) == 0 && S_ISLNK(st.st_mode)
                     ? realpath(path, NULL)
                     : NULL;
    const char *target = real ? real : path;
    char dir[PATH_MAX];
    const char *folder = folder_part(target, dir, sizeof dir);
    bool file_ok = stat(target, &st) == 0 && S_ISREG(st.st_mode) &&
                   access(target, W_OK) == 0;
    if (access(folder, W_OK) != 0 || e == EROFS) {
        const char *why =
            e == EROFS ? "is on a read-only file system" : "is not writable";
        if (file_ok)
            snprintf(msg, size,
                     "the folder '%s' %s: the file itself may be written, "
                     "but it is replaced atomically by a new file created "
                     "beside it, which needs a writable folder (make the "
                     "folder writable, or write elsewhere and copy the file "
                     "over it); nothing was written",
                     folder, why);
        else
            snprintf(msg, size, "the folder '%s' %s; nothing was written",
                     folder, why);
        free(real);
        return msg;
    }
    free(real);
    return strerror(e);
}

const char *rt_write_strerror(const char *path, int e)
{
    static char msg[2 * PATH_MAX + 512];
    struct stat st;
    if (e == EISDIR)
        return "it names a folder; give a file name";
    if (e == ENAMETOOLONG)
        return name_too_long(path, msg, sizeof msg);
    if (e == EFBIG) {
        struct rlimit rl;
        if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
            return "file too large: the file size limit (ulimit -f) was "
                   "reached; any previous file is left as it was";
        return "file too large for its file system; any previous file is "
               "left as it was";
    }
    if ((e == EACCES || e == EROFS) && strlen(path) < PATH_MAX)
        return folder_refused(path, e, msg, sizeof msg);
    if (e == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char to[PATH_MAX];
        ssize_t n = readlink(path, to, sizeof to - 1);
        to[n < 0 ? 0 : n] = '\0';
        snprintf(msg, sizeof msg,
                 "it is a symbolic link to '%s', which does not exist; "
                 "the link is left as it is",
                 to);
        return msg;
    }
    if (e == ELOOP)
        return "its symbolic links form a loop; nothing was written";
    if (e == EMLINK && stat(path, &st) == 0 && st.st_nlink > 1) {
        snprintf(msg, sizeof msg,
                 "it has %lu hard links: replacing it would split them and "
                 "writing it in place would not be atomic (write to a new "
                 "name, or remove the other links)",
                 (unsigned long)st.st_nlink);
        return msg;
    }
    if (e == EPERM && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        (st.st_uid != geteuid() || st.st_gid != getegid())) {
        snprintf(msg, sizeof msg,
                 "it belongs to uid %lu, gid %lu, and a replacement could "
                 "not keep that owner; nothing was written",
                 (unsigned long)st.st_uid, (unsigned long)st.st_gid);
        return msg;
    }
    return strerror(e);
}

bool rt_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}
