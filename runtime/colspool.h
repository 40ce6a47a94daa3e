/* colspool.h — the column spool of a file's first scan: the converted
 * values of the few columns the later passes read (doubles for numbers,
 * dictionary ids for text, the period), record after record in blocks of
 * an unlinked temporary file, so that no pass after the first parses the
 * CSV again. One spool per scanning thread's range (its records in file
 * order). Ownership: written by one thread, then read by one thread at a
 * time; the texts it gives back live until rt_colspool_free. */
#ifndef SICALC_COLSPOOL_H
#define SICALC_COLSPOOL_H

#include <stdbool.h>

#include "program.h"
#include "value.h"

typedef struct rt_colspool rt_colspool;

/* Whether spools are used: not when the environment variable
 * SICALC_SPOOL is "0" (later passes then read the CSV, as a check that
 * both give the same bytes). */
bool rt_colspool_enabled(void);

/* A spool of the columns cols (-1 ended) of p: each kept as a number
 * when the program reads it as one (or its type is a number or a
 * boolean), as text when it reads it as text, when it is the period
 * column, or when it is not a number; with keep_psu also each record's
 * PSU. NULL when no temporary file can be made (the later passes then
 * read the CSV). */
rt_colspool *rt_colspool_new(const rt_program *p, const int *cols,
                             int period_col, bool keep_psu);
/* Appends the current record: num[c], str[c] and bad[c] (--lenient made
 * it missing; bad NULL: none is) of each spooled column c, and its PSU
 * (design.h; -1 none; kept only with keep_psu). */
void rt_colspool_put(rt_colspool *s, const rt_value *num, const rt_value *str,
                     const bool *bad, int psu);
/* Writes the last block; false when the spool cannot be used (a write
 * failed, or its dictionaries passed their budget): the later passes
 * then read the CSV. */
bool rt_colspool_finish(rt_colspool *s);

/* Called once per record replayed; bad: some spooled column of it was
 * made missing by --lenient; psu: the PSU it was put with. Non-zero
 * stops the replay. */
typedef int (*rt_colspool_fn)(void *ctx, bool bad, int psu);
/* Sets num[c], str[c] and bad[c] of each spooled column to each record's
 * values in turn, in the order they were put, calling fn after each.
 * Returns 0, or fn's non-zero result. A read error of the temporary file
 * ends the run (exit status 1, as for the order statistics' runs). */
int rt_colspool_replay(rt_colspool *s, rt_value *num, rt_value *str, bool *bad,
                       rt_colspool_fn fn, void *ctx);
/* Records put, and bytes written so far. */
unsigned long long rt_colspool_rows(const rt_colspool *s);
long long rt_colspool_bytes(const rt_colspool *s);
void rt_colspool_free(rt_colspool *s);

#endif
