/* aggstate.h — the running state of one aggregate in one group, and its
 * final value. Sums are compensated (Neumaier) so that totals over
 * millions of rows are exact to the last bits that matter.
 * Ownership: rt_aggstate_free releases the sample buffer and set. */
#ifndef SICALC_AGGSTATE_H
#define SICALC_AGGSTATE_H

#include <stdbool.h>

#include "group.h"
#include "program.h"

typedef struct rt_sample {
    double x, w;
} rt_sample;

typedef struct rt_aggstate {
    double sum, sumc;   /* Σ w·x (or Σ w·[c] for share) */
    double wsum, wsumc; /* Σ w */
    double min, max;
    unsigned long long n;       /* rows that reached the aggregate */
    unsigned long long skipped; /* rows skipped for a missing value */
    unsigned long long invalid; /* rows with a value --lenient made missing */
    rt_sample *sample;          /* median, quantile */
    size_t nsample, capsample;
    rt_groups *set; /* distinct */
} rt_aggstate;

/* Adds one row: v the argument (ignored by count), w its weight. */
void rt_aggstate_add(rt_aggstate *s, const rt_agg *a, rt_value v, double w);
void rt_aggstate_skip(rt_aggstate *s);
/* The aggregate's value (missing for mean/median/min/max of no rows). */
rt_value rt_aggstate_value(rt_aggstate *s, const rt_agg *a);
void rt_aggstate_free(rt_aggstate *s);

/* Weighted quantile as R's laeken::weightedQuantile defines it: sort by
 * x; with rw the cumulative weight share (accumulated in long double, as
 * R's cumsum and sum do), take the first x whose rw >= p, or the mean of
 * it and the next one when rw equals p exactly; p = 0 and p = 1 give the
 * minimum and maximum. Sorts s in place. */
double rt_weighted_quantile(rt_sample *s, size_t n, double p);

#endif
