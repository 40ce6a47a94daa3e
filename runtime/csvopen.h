/* csvopen.h — a data file opened once for every pass of the CSV reader
 * (csvin.c), and whether it changed while it was read. */
#ifndef SICALC_CSVOPEN_H
#define SICALC_CSVOPEN_H

#include <stdbool.h>
#include <sys/stat.h>

#include "dataerr.h"

/* An opened input; its owner closes fd. */
typedef struct rt_input {
    int fd;         /* always a regular file: every pass reads it again */
    struct stat st; /* at open: a change is seen by rt_input_unchanged */
    bool spooled;   /* fd is our copy of a stream: nobody else writes it */
} rt_input;

/* Opens path ("-": standard input): a regular file as it is; a stream (a
 * pipe, a FIFO, a socket, a terminal, standard input already read from)
 * copied to a private unlinked temporary file in $TMPDIR (or /tmp). 0, or
 * -1 with err set for a folder, a device or an error, naming path. */
int rt_input_open(const char *path, rt_input *in, rt_data_error *err);
/* Whether the file still has the size and modification time it had when
 * opened; false with err set (naming path) otherwise. A copy of a stream
 * never changes. */
bool rt_input_unchanged(const rt_input *in, const char *path,
                        rt_data_error *err);
/* Whether path now names another file than in's: 1, or 2 when it names
 * none; 0 when it is the same file (or in is a copy of a stream, or
 * path is "(standard input)"). */
int rt_input_replaced(const rt_input *in, const char *path);

#endif
