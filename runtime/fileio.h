/* fileio.h — the one way sicalc writes a file it was asked to write (run
 * -o, doc -o, fmt -w): atomically, through symbolic links, keeping the
 * target's mode and owner; devices and pipes are written in place. */
#ifndef SICALC_FILEIO_H
#define SICALC_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes the whole content to f; returns 0, or -1 with errno set. */
typedef int (*rt_fill_fn)(FILE *f, void *ctx);

/* Writes what fill produces to the file path names, so that path is
 * either the old file or the whole new one:
 * - a symbolic link is followed and its target replaced (the link
 *   stays); a dangling link fails with ENOENT, a loop with ELOOP, and
 *   neither is replaced by a regular file;
 * - a regular file is replaced by a temporary file in the target's own
 *   folder (fsync, then rename), which first gets the target's mode and
 *   owner (EPERM when the owner cannot be given: then nothing changes);
 *   a new file gets 0666 less the umask, like any program's;
 * - a regular file with more than one hard link is refused (EMLINK):
 *   replacing it would split the links, writing it in place would not
 *   be atomic;
 * - a device, pipe, socket or /dev/std*, /dev/fd/N, /proc/self/fd/N is
 *   written in place (the last three through the descriptor itself),
 *   never replaced.
 * Returns 0, or -1 with errno set; the temporary is removed on any error,
 * and by SIGINT, SIGTERM or SIGHUP (tmpfiles.h); with SIGXFSZ ignored
 * there, a file past `ulimit -f` fails with EFBIG.
 * rt_write_strerror(path, errno) says why in words. */
int rt_write_file(const char *path, rt_fill_fn fill, void *ctx);

/* rt_write_file with n bytes of s as the content. */
int rt_write_file_bytes(const char *path, const char *s, size_t n);

/* Why writing path failed with error e, for "cannot write 'P': ...":
 * strerror(e), or a sentence for the cases the writer refuses itself (a
 * dangling link, a link loop, a hard-linked file, an owner it cannot
 * give the replacement) and for what is wrong with the path or its
 * surroundings (a folder, a name too long with its temporary, the file
 * size limit, a folder where the temporary cannot be created). The text
 * lives in a static buffer until the next call. */
const char *rt_write_strerror(const char *path, int e);

/* Whether a and b name the same existing file (after links): refuses to
 * write an output over an input. */
bool rt_same_file(const char *a, const char *b);

/* The folder part of path: "." when it has none, "/" for "/NAME"; heap,
 * the caller frees. */
char *rt_folder_of(const char *path);

#endif
