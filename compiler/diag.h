/* diag.h — compiler diagnostics in one format:
 *   file:line:col: error: message
 *     source line
 *     ^~~~
 * All errors of a run are collected and counted; the caller decides the
 * exit status (2 when diag.errors > 0). */
#ifndef SICALC_DIAG_H
#define SICALC_DIAG_H

#include <stdio.h>

#include "source.h"

typedef struct diag {
    FILE *out; /* where messages go (stderr; a memstream in tests) */
    int errors;
    int warnings;
    int max_errors; /* stop printing after this many (0 = no limit) */
} diag;

/* diag_init's max_errors: a hostile or binary file gives thousands of
 * errors; after this many the rest are counted, not printed, and one
 * line says so. */
#define DIAG_MAX_ERRORS 100
/* Source lines longer than this many bytes are shown as a window around
 * the caret, "..." marking what is cut. */
#define DIAG_MAX_LINE 160

void diag_init(diag *d, FILE *out);
void diag_error(diag *d, loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(diag *d, loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A note attached to the previous error (same format, "note:"). */
void diag_note(diag *d, loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error with no source location: "sicalc: error: ...". */
void diag_plain(diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
