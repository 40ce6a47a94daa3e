/* aggstate.h — the running state of one aggregate in one group, and its
 * final value. Sums are compensated (Neumaier) so that totals over
 * millions of rows are exact to the last bits that matter.
 * Ownership: rt_aggstate_free releases the sample buffer and set. */
#ifndef SICALC_AGGSTATE_H
#define SICALC_AGGSTATE_H

#include <stdbool.h>

#include "group.h"
#include "program.h"
#include "samples.h"
#include "xsum.h"

/* 112 bytes, hot fields first: a weighted count touches wsum, n and
 * kind (41 bytes: one cache line or two), a sum or share also the union
 * after them. What only some kinds use shares the union; Σ w²
 * (intervals) is out of line. Rows reach states in random group order,
 * so the lines a row touches are its cost. */
typedef struct rt_aggstate {
    rt_xsum wsum;         /* Σ w */
    unsigned long long n; /* rows that reached the aggregate */
    unsigned char kind;   /* 1 + the rt_aggkind fed into it; 0: none
                             yet (zeroed memory is an empty state) */
    union {               /* by kind (see kind) */
        rt_xsum sum;      /* sum, mean, share: Σ w·x (Σ w·[c]), exactly */
        struct {
            double min, max;
        };
        struct {                 /* the order statistics: */
            rt_samples *samples; /* the values */
            double stat;         /* the statistic, once computed */
            bool has_stat;
            bool borrowed; /* the samples are another aggregate's (the
                              same values: rt_aggstate_share), not
                              freed with this state */
        };
        rt_groups *set; /* distinct */
    };
    unsigned long long skipped; /* rows skipped for a missing value */
    unsigned long long invalid; /* rows with a value --lenient made missing */
    rt_xsum *w2sum;             /* Σ w², for the effective sample size;
                                   NULL until an interval needs it; a
                                   mean's is two: Σ w², then Σ w·x² */
    struct rt_dvec *design;     /* every row's (x, w, PSU), for a standard
                                   error; NULL unless rt_agg.design */
} rt_aggstate;

/* Adds one row of weight w to a count without Σ w² (most aggregates),
 * inline: the same as rt_aggstate_add for it. */
static inline void rt_aggstate_add_count(rt_aggstate *s, double w)
{
    s->n++;
    s->kind = RT_AGG_COUNT + 1;
    rt_xsum_add(&s->wsum, w);
}

/* Adds one row of value x and weight w to a sum without Σ w², inline:
 * the same as rt_aggstate_add for it. */
static inline void rt_aggstate_add_sum(rt_aggstate *s, double x, double w)
{
    s->n++;
    s->kind = RT_AGG_SUM + 1;
    rt_xsum_add(&s->wsum, w);
    rt_xsum_add(&s->sum, w * x);
}

/* Counts one row of weight w into an order statistic without Σ w²,
 * inline: rt_aggstate_add for it, less keeping the value (the caller
 * adds it to s->samples, now or a little later). */
static inline void rt_aggstate_count_value(rt_aggstate *s, rt_aggkind k,
                                           double w)
{
    s->n++;
    s->kind = (unsigned char)(k + 1);
    rt_xsum_add(&s->wsum, w);
    s->has_stat = false;
}

/* One row as a design-based standard error needs it: its value (1 for
 * count, 0/1 for share), weight and PSU (runtime/design.h). */
typedef struct rt_dsample {
    double x, w;
    int psu;
} rt_dsample;

typedef struct rt_dvec {
    rt_dsample *v;
    size_t n, cap;
} rt_dvec;

/* Keeps a row that was added for the standard error. */
void rt_aggstate_keep(rt_aggstate *s, double x, double w, int psu);

/* Adds one row: v the argument (ignored by count), w its weight. */
void rt_aggstate_add(rt_aggstate *s, const rt_agg *a, rt_value v, double w);
void rt_aggstate_skip(rt_aggstate *s);
/* The aggregate's value: missing for mean/median/min/max of no rows, and
 * for any aggregate whose every row was skipped for a missing value. */
rt_value rt_aggstate_value(rt_aggstate *s, const rt_agg *a);
/* arpr, poormed, rmpg of a group with the period's at-risk-of-poverty
 * threshold t (NaN: none), computed now and remembered: the threshold is
 * the whole period's in every breakdown, as laeken and Eurostat do. */
void rt_aggstate_prepare_laeken(rt_aggstate *s, const rt_agg *a, double t);
/* The same for n states that read the same values (rt_aggstate_share),
 * a[j] with threshold t[j]: the values are read once for all. */
void rt_aggstate_prepare_laeken_n(rt_aggstate *const *s, const rt_agg *const *a,
                                  const double *t, int n);
/* Σ w of a group's values below each of n thresholds, and Σ w, exactly:
 * arpr alone needs no order, and a roll-up's sums are the sums of its
 * base groups' (an exact sum does not depend on how it is split). */
typedef struct rt_below {
    int n;
    rt_xsum *poor; /* [n] */
    rt_xsum all;
} rt_below;
void rt_below_init(rt_below *b, int n);
void rt_below_free(rt_below *b);
/* Adds the state's values (its own and linked) against t[0 .. b->n). */
void rt_below_add(rt_below *b, rt_aggstate *s, const double *t);
void rt_below_merge(rt_below *dst, rt_below *src);
/* Sets the rates of n states that read the same values (NULL: none),
 * a[j] an arpr or a share below a threshold (RT_AGG_BELOW), with
 * thresholds t, from their sums b: an arpr nothing when they have no
 * values; a share with no threshold (NaN) has all its rows skipped, as
 * its condition is then missing. */
void rt_aggstate_set_rates(rt_aggstate *const *s, const rt_agg *const *a, int n,
                           const double *t, rt_below *b);
/* Whether kind k is an arpr or a share below a threshold: sums of the
 * values in any order, no sorting. */
bool rt_agg_needs_no_order(rt_aggkind k);
/* The at-risk-of-poverty threshold of the state's values: a->p (the
 * Laeken share, default 0.6) times their weighted median; NaN: none. */
double rt_aggstate_threshold(rt_aggstate *s, const rt_agg *a);
/* An arpt's value from the median of its values, computed already
 * (rt_aggstate_median): the same as computing it. */
void rt_aggstate_prepare_arpt(rt_aggstate *s, const rt_agg *a, double median);
/* The weighted median of the state's values (NaN: none); the threshold
 * is a->p times it, exactly. */
double rt_aggstate_median(rt_aggstate *s);
/* Median, quantile, gini, qsr, arpt, arpr, poormed, rmpg: the kinds that
 * keep every value. */
bool rt_agg_is_order_stat(rt_aggkind k);
/* Computes (and remembers) the value of an order statistic now, so that
 * states can be prepared by several threads; others need nothing. */
void rt_aggstate_prepare(rt_aggstate *s, const rt_agg *a);
void rt_aggstate_free(rt_aggstate *s);
/* Adds src (the same aggregate over other rows) into dst; src stays.
 * An order statistic's values are linked, not copied: src must outlive
 * dst and take no more rows (a roll-up after its pass). */
void rt_aggstate_add_state(rt_aggstate *dst, rt_aggstate *src);
/* Makes dst, an empty state of order statistic a, the state of the same
 * rows as src, an order statistic over the same value, weight, where and
 * groups: the counts and sums are copied and the values read from src's
 * (not copied, not freed with dst; src must outlive dst). Both compute
 * their own statistic. */
void rt_aggstate_share(rt_aggstate *dst, const rt_aggstate *src,
                       const rt_agg *a);
/* Makes the values of part, an order statistic that kept the values of
 * some of whole's rows instead of whole (rt_plan: part), part of whole's
 * too: linked, not copied (part must outlive whole and take no more
 * rows). Both read their values in no order; whole's counts already
 * have every row. */
void rt_aggstate_join(rt_aggstate *whole, rt_aggstate *part);
/* Adds src (the same aggregate over other rows) into dst; src is freed.
 * Exact sums and sorted samples make the result independent of how the
 * rows were split. */
void rt_aggstate_merge(rt_aggstate *dst, rt_aggstate *src);

/* Weighted quantile exactly as R's laeken::weightedQuantile computes it:
 * in sorted order (by x), with rw_i the cumulative weight share
 * (cumsum(w) / sum(w), both accumulated in long double as R does), the
 * first x_i whose rw_i > p; p = 0 and p = 1 give the minimum and maximum.
 * (laeken also tests rw == p to average two values, but after choosing
 * rw > p that branch never runs; so the median of 1, 2, 3, 4 is 3.) */
double rt_sorted_quantile(rt_sorted *it, double p);
/* The same, in one pass instead of two, given the weights' exact sum
 * (the state's wsum): falls back to two passes when it must. */
double rt_sorted_quantile_hint(rt_sorted *it, double p, double exact_total);
/* The Gini coefficient as laeken::giniCoeff computes it, as a fraction
 * (laeken's value / 100): sorted by x, with cw the cumulative weights,
 * (2 Σ w·x·cw − Σ w²·x) / (Σ w · Σ w·x) − 1. */
double rt_sorted_gini(rt_sorted *it);
/* The quintile share ratio S80/S20 as laeken::quintileRatio: with q20 and
 * q80 weighted quantiles, Σ w·x over x > q80 divided by Σ w·x over
 * x <= q20. */
double rt_sorted_qsr(rt_sorted *it, double exact_total);
/* rt_sorted_quantile over an array (sorted in place). */
double rt_weighted_quantile(rt_sample *s, size_t n, double p);

#endif
