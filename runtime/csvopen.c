/* csvopen.c — a data file opened once for every pass (csvopen.h): a
 * regular file as it is, a stream copied to a private temporary file, a
 * folder or a device refused; and whether it changed while it was read. */
#include "csvopen.h"

#include "arena.h"
#include "tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How much of a stream one read takes while it is copied (the reader's
 * block size). */
#define COPY_SIZE (1u << 20)

static int open_error(rt_data_error *err, const char *path, const char *msg)
{
    rt_data_error_set(err, path, 0, NULL, 0, NULL, msg);
    return -1;
}

/* "is a stream, read more than once, and its copy in the temporary
 * folder '/tmp' cannot be written: No space left on device; set TMPDIR
 * to a folder with room" (what, after, e and fix fill it in). */
static int copy_error(rt_data_error *err, const char *path, const char *what,
                      const char *after, int e, const char *fix)
{
    char msg[4500];
    snprintf(msg, sizeof msg,
             "is a stream, read more than once, and %s the temporary folder "
             "'%s'%s: %s; set TMPDIR to %s",
             what, rt_temp_dir(), after, strerror(e), fix);
    return open_error(err, path, msg);
}

/* Copies the stream in into a new private temporary file; its
 * descriptor, or -1 with err set. */
static int spool(int in, const char *path, rt_data_error *err)
{
    int fd = rt_temp_fd();
    if (fd < 0)
        return copy_error(err, path, "no copy of it can be made in", "", errno,
                          "a writable folder");
    char *buf = rt_xmalloc(COPY_SIZE);
    int rerr = 0, werr = 0;
    for (;;) {
        ssize_t n = read(in, buf, COPY_SIZE);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rerr = n < 0 ? errno : 0;
            break;
        }
        for (ssize_t off = 0; off < n && !werr;) {
            ssize_t k = write(fd, buf + off, (size_t)(n - off));
            if (k < 0 && errno != EINTR)
                werr = errno;
            else if (k > 0)
                off += k;
        }
        if (werr)
            break;
    }
    free(buf);
    if (!rerr && !werr)
        return fd;
    close(fd);
    if (rerr) {
        char msg[300];
        snprintf(msg, sizeof msg, "read error: %s", strerror(rerr));
        return open_error(err, path, msg);
    }
    return copy_error(err, path, "its copy in", " cannot be written", werr,
                      "a folder with room");
}

/* Why a copy of a stream: every pass reads the file again, and a pipe
 * can be read once; why a device is refused: reading /dev/zero would
 * never end. */
int rt_input_open(const char *path, rt_input *inp, rt_data_error *err)
{
    struct stat *st = &inp->st;
    bool in = strcmp(path, "-") == 0;
    int fd = in ? fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0)
                : open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, st) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return open_error(err, path, strerror(e));
    }
    inp->fd = fd;
    inp->spooled = false;
    /* Standard input that is a file may have been read from already: its
     * data start where its offset is, so it is read as a stream. */
    if (S_ISREG(st->st_mode) && !(in && lseek(fd, 0, SEEK_CUR) != 0))
        return 0;
    if (S_ISDIR(st->st_mode)) {
        close(fd);
        return open_error(err, path, "is a folder, not a data file");
    }
    if ((S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) && !isatty(fd)) {
        close(fd);
        return open_error(err, path,
                          "is a device, not a data file (sicalc reads "
                          "files, pipes and standard input; a device may "
                          "never end)");
    }
    int copy = spool(fd, path, err);
    close(fd);
    if (copy < 0 || fstat(copy, st) != 0) {
        if (copy >= 0)
            close(copy);
        return copy < 0 ? -1 : open_error(err, path, strerror(errno));
    }
    inp->fd = copy;
    inp->spooled = true;
    return 0;
}

/* Why fstat at the end of a pass: a file truncated or rewritten while it
 * was read would give a partial result that looks whole. */
bool rt_input_unchanged(const rt_input *in, const char *path,
                        rt_data_error *err)
{
    struct stat now;
    if (in->spooled || fstat(in->fd, &now) != 0)
        return true;
    if (now.st_size == in->st.st_size &&
        now.st_mtim.tv_sec == in->st.st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == in->st.st_mtim.tv_nsec)
        return true;
    char msg[200];
    if (now.st_size != in->st.st_size)
        snprintf(msg, sizeof msg,
                 "changed while it was being read (size %lld → %lld); "
                 "run again when it is complete",
                 (long long)in->st.st_size, (long long)now.st_size);
    else
        snprintf(msg, sizeof msg,
                 "changed while it was being read (rewritten, same size "
                 "%lld); run again when it is complete",
                 (long long)now.st_size);
    rt_data_error_set(err, path, 0, NULL, 0, NULL, msg);
    return false;
}

/* Why: the run reads the file it opened; a new file at the path since
 * is worth a word, not an error. */
int rt_input_replaced(const rt_input *in, const char *path)
{
    struct stat now;
    if (in->spooled || strcmp(path, "(standard input)") == 0)
        return 0;
    if (stat(path, &now) != 0)
        return 2;
    return now.st_dev != in->st.st_dev || now.st_ino != in->st.st_ino;
}
