/* diag.h — compiler diagnostics in one format:
 *   file:line:col: error: message
 *     source line
 *     ^~~~
 * All errors of a run are collected and counted; the caller decides the
 * exit status (2 when diag.errors > 0). */
#ifndef SICALC_DIAG_H
#define SICALC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

struct diag_entry;

typedef struct diag {
    FILE *out; /* where messages go (stderr; a memstream in tests) */
    int errors;
    int warnings;
    int max_errors; /* stop printing after this many (0 = no limit) */
    /* Between diag_hold and diag_flush, messages are kept, then printed
     * in source order. */
    int hold; /* nesting depth of diag_hold */
    struct diag_entry *held;
    size_t nheld, capheld;
    bool dropping; /* the last message was not kept (nor its notes) */
    int nunkept;   /* warnings not kept */
} diag;

/* diag_init's max_errors: a hostile or binary file gives thousands of
 * errors; after this many the rest are counted, not printed, and one
 * line says so. */
#define DIAG_MAX_ERRORS 100
/* Most messages diag_hold keeps (the rest are counted only): a hostile
 * file's million errors would otherwise all sit in memory to be sorted,
 * when only the first DIAG_MAX_ERRORS are shown. */
#define DIAG_MAX_HELD (10 * DIAG_MAX_ERRORS)
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
/* Keeps the messages from now on (nested calls count) instead of
 * printing them, so that the phases of a compile, which find errors in
 * their own order, report them in source order. */
void diag_hold(diag *d);
/* Ends one diag_hold; at the outermost, prints what was kept sorted by
 * file, line and column (stably; messages without a location last, in
 * the order they came), each note with its message, an identical
 * message at the same place once, at most max_errors errors. */
void diag_flush(diag *d);
/* An error with no source location: "sicalc: error: ...". */
void diag_plain(diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
