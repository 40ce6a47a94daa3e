/* quantile.h — a weighted quantile of many values without sorting them
 * all: histograms of the values' order keys narrow the quantile down to
 * at most 262,144 values, and only those are sorted. The answer is the
 * one rt_sorted_quantile_hint gives (laeken's rule over the sorted
 * values), or none when rounding could make the two differ; the caller
 * then reads the values in order. */
#ifndef SICALC_QUANTILE_H
#define SICALC_QUANTILE_H

#include <stdbool.h>

#include "samples.h"

/* Fewer values than this are read in order: a merge of a few runs costs
 * less than three readings. */
#define RT_SELECT_MIN ((size_t)1 << 16)

/* The weighted quantile p (0 < p < 1) of s's values, whose weights sum
 * to exact_total exactly, into *q; false when it must be computed in
 * order (a negative weight or NaN, a share too close to p to be sure of
 * the rounding, p outside (0, 1)). */
bool rt_select_quantile(rt_samples *s, double p, double exact_total, double *q);

#endif
