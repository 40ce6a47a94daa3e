/* check.h — the checker: from the syntax tree of a catalogue to lowered IR
 * and the tables the planner reads (lower.h), reporting every error found
 * (names, types, contexts, units, clauses, cycles) through diag. */
#ifndef SICALC_CHECK_H
#define SICALC_CHECK_H

#include "../runtime/program.h"
#include "ast.h"
#include "diag.h"

struct lower_tables;

/* One data file: the dataset of that stem ("population" for
 * population.csv) and its header. */
typedef struct check_data {
    const char *stem;
    const char *const *header;
    int nheader;
} check_data;

typedef struct check_opts {
    const check_data *data; /* in command-line order; none for `check` */
    int ndata;
    const char *period; /* --period COLUMN, or NULL */
    bool quiet_skips;   /* no warning for indicators skipped for want of
                           their data file (test tables) */
    bool keep_going;    /* an indicator with errors is reported and left
                           out, the others compiled (run --keep-going);
                           errors elsewhere still fail the compile */
} check_opts;

/* Checks and lowers prog into *out (whose program the caller then plans,
 * or frees with its arena, and whose tables it frees with lower_free);
 * false, with nothing to free, when d->errors grew (with keep_going:
 * outside the indicators left out). */
bool check_run(rt_arena *a, diag *d, const ast_program *prog,
               const check_opts *o, struct lower_tables *out);

/* Warns for each indicator of prog that lacks a definition, a source or
 * a title in language lang (title@sr): what a published catalogue needs
 * (`sicalc doc`, `sicalc check --strict`). Returns the number of
 * warnings. */
int check_metadata(diag *d, const ast_program *prog, const char *lang);

#endif
