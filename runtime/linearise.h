/* linearise.h — the design-based standard error of an indicator's value
 * in one group, by linearisation (Taylor series; Deville 1999, Osier
 * 2009, as R's survey and convey packages): the value's influence values
 * per record (its aggregates' influence values, chained through the
 * value's expression), summed per PSU, and their stratified
 * with-replacement variance (design.h). A median or quantile alone is
 * Woodruff's interval instead. docs/STATISTICS.md gives every formula.
 * The records are the aggregates' design samples (aggstate.h), kept by
 * the scan for the indicators that ask for `se`. */
#ifndef SICALC_LINEARISE_H
#define SICALC_LINEARISE_H

#include "eval.h"
#include "exec.h"

typedef struct rt_se {
    double se;     /* before the unit's scale; NaN: none */
    double lo, hi; /* Woodruff's interval of a quantile (NaN: none) */
    int df;        /* the design's degrees of freedom in the domain: its
                      PSUs minus their strata (survey's degf) */
} rt_se;

/* The standard error of ind's value in group `group` of grouping g; env
 * holds the group's aggregate values (env->agg) and its period's overall
 * values; level is the interval's (Woodruff's t). */
rt_se rt_linearised_se(const rt_program *p, rt_exec *x, const rt_indicator *ind,
                       int g, int group, rt_env *env, double level);

#endif
