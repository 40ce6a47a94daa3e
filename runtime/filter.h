/* filter.h — an aggregate's `where` compiled, when it is a conjunction of
 * simple tests of columns against constants (the usual case:
 * `activity == "unemployed" and age in 15..64 and roma`), into a flat
 * list checked without building values or recursing. A record passes
 * when every test is true; a test of a missing value is not true, which
 * is what the three-valued `and` and rt_eval_true give together.
 * Ownership: rt_filter_free releases a filter. */
#ifndef SICALC_FILTER_H
#define SICALC_FILTER_H

#include <stdbool.h>

#include "eval.h"
#include "program.h"

typedef struct rt_filter rt_filter;

/* NULL when where is not such a conjunction (rt_eval_true it is). */
rt_filter *rt_filter_compile(const rt_expr *where);
/* Exactly rt_eval_true(where, env) for the where it was compiled from. */
bool rt_filter_true(const rt_filter *f, const rt_env *env);
void rt_filter_free(rt_filter *f);

#endif
