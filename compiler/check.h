/* check.h — semantic analysis and planning: from the syntax tree of a
 * catalogue to a runnable rt_program, reporting every error found (names,
 * types, contexts, units, clauses, cycles) through diag. */
#ifndef SICALC_CHECK_H
#define SICALC_CHECK_H

#include "../runtime/program.h"
#include "ast.h"
#include "diag.h"

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
} check_opts;

/* The program (in its own arena), or NULL when d->errors > 0. Free with
 * check_free. */
rt_program *check_catalogue(rt_arena *a, diag *d, const ast_program *prog,
                            const check_opts *o);
void check_free(rt_program *p);

#endif
