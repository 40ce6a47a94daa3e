/* composite.h — composite indices (rt_index, program.h) computed from the
 * finished rows of their members: the table of every unit's values,
 * scores, area scores and ranks (what `sicalc explain` shows), and the
 * result rows it adds (the index and each area, unit "score").
 * Ownership: a table is on the heap (rt_index_table_free); rows live in
 * the result's arena. */
#ifndef SICALC_COMPOSITE_H
#define SICALC_COMPOSITE_H

#include "output.h"
#include "program.h"

/* One member's statistics over the units of one period, for the
 * arithmetic: minmax uses min and max, zscore mean and sd (population),
 * rank n, ratio_to ref (NAN when the reference unit has no value). */
typedef struct rt_index_stats {
    double min, max, mean, sd, ref;
    int n; /* units with a value */
} rt_index_stats;

typedef struct rt_index_unit {
    const char *period; /* NULL without a period */
    const char *unit;
    int period_no; /* index into rt_index_table.stats rows */
    double *value; /* per member: the indicator's value, NAN missing */
    double *score; /* per member: the normalised score, NAN missing */
    double *area;  /* per area: its score, NAN none */
    unsigned *area_rank;
    int *area_n;    /* members with a score, per area */
    bool *area_rew; /* per area: reweighted */
    double index;   /* NAN: none */
    unsigned rank;  /* 0: no score */
    int n;          /* members with a score */
    bool reweighted;
} rt_index_unit;

typedef struct rt_index_table {
    const rt_index *ix;
    rt_index_unit *units; /* by period, then unit (rt_dim_compare) */
    size_t nunits;
    rt_index_stats *stats; /* [period_no * nmembers + m] */
    int nperiods;
} rt_index_table;

/* Computes ix over the rows of res (its members' rows by the across
 * dimension, every other dimension a total). */
rt_index_table *rt_index_compute(const rt_program *p, const rt_index *ix,
                                 const rt_result *res);
void rt_index_table_free(rt_index_table *t);

/* Appends the rows of every index of p to res (the index, then each
 * area, per period and unit) and sets res->has_rank when p has an
 * index. */
void rt_index_rows(const rt_program *p, rt_arena *a, rt_result *res);

#endif
