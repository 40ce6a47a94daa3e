/* select.h — the analyst's view of a run's result: --only (indicator ids,
 * globs, domain:NAME), --where DIM=VALUE,..., --periods (P, A..B, last),
 * and only the dimension columns the selected indicators use. Applied
 * after finish, before writing: totals and ranks are computed over all
 * the data, the selection only picks the rows shown. */
#ifndef SICALC_SELECT_H
#define SICALC_SELECT_H

#include "../compiler/ast.h"
#include "../runtime/output.h"
#include "cli.h"

/* The selection options as given (strings borrowed from argv). */
typedef struct select_opts {
    const char **only; /* each --only, comma lists kept whole */
    int nonly;
    const char **where; /* each --where DIM=V,V */
    int nwhere;
    const char *periods; /* NULL: every period */
} select_opts;

/* Adds a value of --only or --where (heap arrays; free with
 * select_free). */
void select_add(const char ***list, int *n, const char *v);
void select_free(select_opts *s);
bool select_any(const select_opts *s);

/* Replaces *res by its selected rows and columns (new arrays in arena a;
 * the rows' strings are shared). has_period: dim_names[0] is the period.
 * prog gives the indicators' domains. Returns 0, or EXIT_USAGE after
 * printing the error (an unknown indicator, domain, dimension or value,
 * with the closest known one). */
int select_apply(const cli_command *self, const select_opts *s,
                 const ast_program *prog, bool has_period, rt_arena *a,
                 rt_result *res);

#endif
