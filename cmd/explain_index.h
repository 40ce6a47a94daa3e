/* explain_index.h — `sicalc explain` for a composite index (an `index`
 * declaration, or one of its areas `sdi.economy`): one unit's members,
 * scores, weights, area scores, index and ranks with the arithmetic. */
#ifndef SICALC_EXPLAIN_INDEX_H
#define SICALC_EXPLAIN_INDEX_H

#include "explain_args.h"
#include "runner.h"

/* The index declaration id names (`sdi` or `sdi.economy`), or NULL. */
const ast_decl *explain_index_decl(const ast_program *prog, const char *id);

/* Opens the data, compiles, runs and explains the unit named by
 * --group ACROSS=UNIT (the latest period, or --period); returns 0, 1 or
 * 2 as explain does. */
int explain_index_run(const explain_opts *o, runner_data *in, rt_arena *a,
                      diag *d, const ast_program *prog, const ast_decl *decl);

#endif
