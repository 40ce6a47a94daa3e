/* prepare.c — a pass's order statistics (prepare.h), as units of work
 * taken in turn by every thread: a period's median, a group's laeken
 * rates, a group's other order statistics. */
#include "prepare.h"

#include <math.h>
#include <stdlib.h>

#include "aggstate.h"
#include "arena.h"
#include "timing.h"
#include "units.h"

/* ---- the laeken rates ---- */

/* The rates of a group's values against a threshold of its period. */
static bool is_laeken_rate(rt_aggkind k)
{
    return k == RT_AGG_ARPR || k == RT_AGG_POORMED || k == RT_AGG_RMPG ||
           k == RT_AGG_BELOW;
}

typedef struct laeken {
    const rt_plan *pl;
    rt_worker *w;
    int nthreads, nper;
    int *src;        /* [agg]: whose values it reads; -1: not prepared */
    double **t;      /* [agg][period]: its thresholds */
    int *median_agg; /* [unit]: the aggregate whose period median ... */
    double **median; /* ... goes to median[its values' owner][period] */
    size_t nmedians;
} laeken;

static int values_of(const rt_plan *pl, int a)
{
    return pl->share[a] >= 0 ? pl->share[a] : a;
}

static void median_unit(void *ctx, size_t u)
{
    laeken *l = ctx;
    int per = (int)(u % (size_t)l->nper), a = l->median_agg[u / l->nper];
    rt_aggstate *s = rt_worker_state(l->w, a, 0, per);
    l->median[values_of(l->pl, a)][per] = s ? rt_aggstate_median(s) : NAN;
}

/* The period medians of a's values, to be computed (once for all the
 * aggregates that read them). */
static void want_medians(laeken *l, int a)
{
    int v = values_of(l->pl, a);
    if (l->median[v])
        return;
    l->median[v] = rt_xcalloc((size_t)l->nper + 1, sizeof **l->median);
    l->median_agg[l->nmedians++] = a;
}

/* The thresholds of a share below its period's arpt b (rewrite.h):
 * b's value in the period (NaN where it has none), which is b->p times
 * the median of its values; b keeps it as its own value. */
static void arpt_thresholds(laeken *l, int a)
{
    int b = l->pl->p->aggs[a].threshold;
    const rt_agg *ab = &l->pl->p->aggs[b];
    for (int per = 0; per < l->nper; per++) {
        rt_aggstate *s = rt_worker_state(l->w, b, 0, per);
        if (s)
            rt_aggstate_prepare_arpt(s, ab,
                                     l->median[values_of(l->pl, b)][per]);
        rt_value v = s ? rt_aggstate_value(s, ab) : rt_missing();
        l->t[a][per] = v.tag == RT_NUM ? v.num : NAN;
    }
}

/* Which rates are prepared (those with a total group: the threshold is
 * the period's; a share below an arpt always) and their thresholds: a
 * share of the median of the values a reads (an arpr's own, a share's
 * arpt's), each median computed once for all that read the same values
 * (the poverty lines of 40, 50, 60 and 70%, and the arpt of the line). */
static void thresholds(laeken *l, int pass)
{
    const rt_program *p = l->pl->p;
    l->median_agg = rt_xcalloc((size_t)p->naggs + 1, sizeof *l->median_agg);
    for (int a = 0; a < p->naggs; a++) {
        l->src[a] = -1;
        bool below = p->aggs[a].kind == RT_AGG_BELOW;
        if (p->aggs[a].pass != pass || !is_laeken_rate(p->aggs[a].kind) ||
            l->nper == 0 || (!below && !rt_worker_state(l->w, a, 0, 0)))
            continue;
        l->src[a] = values_of(l->pl, a);
        want_medians(l, below ? p->aggs[a].threshold : a);
    }
    rt_run_units(median_unit, l, l->nmedians * (size_t)l->nper, l->nthreads);
    for (int a = 0; a < p->naggs; a++) {
        if (l->src[a] < 0)
            continue;
        l->t[a] = rt_xcalloc((size_t)l->nper + 1, sizeof **l->t);
        if (p->aggs[a].kind == RT_AGG_BELOW)
            arpt_thresholds(l, a);
        else
            for (int per = 0; per < l->nper; per++)
                l->t[a][per] = p->aggs[a].p * l->median[l->src[a]][per];
    }
}

/* The rates that read the same values (from's). */
typedef struct family {
    laeken *l;
    int from, n;
    int *agg;      /* [n] */
    int gi;        /* the grouping of the units */
    rt_below *sum; /* roll-ups: [base group] */
} family;

/* A family's states of one group (NULL where a rate has no such
 * breakdown), their aggregates and their thresholds. */
typedef struct fam_row {
    rt_aggstate **s;
    const rt_agg **ag;
    double *th;
} fam_row;

static fam_row row_new(const family *f)
{
    return (fam_row){rt_xcalloc((size_t)f->n, sizeof(rt_aggstate *)),
                     rt_xcalloc((size_t)f->n, sizeof(const rt_agg *)),
                     rt_xcalloc((size_t)f->n, sizeof(double))};
}

static void row_free(fam_row *r)
{
    free(r->s);
    free(r->ag);
    free(r->th);
}

/* Group g of grouping gi into r. */
static void family_row(const family *f, int gi, int g, fam_row *r)
{
    const rt_worker *w = f->l->w;
    int per = gi ? w->g[gi].period[g] : g;
    for (int j = 0; j < f->n; j++) {
        r->s[j] = rt_worker_state(w, f->agg[j], gi, g);
        r->ag[j] = &f->l->pl->p->aggs[f->agg[j]];
        r->th[j] = f->l->t[f->agg[j]][per];
    }
}

/* Group u of the family's grouping, from its values. */
static void rates_unit(void *ctx, size_t u)
{
    family *f = ctx;
    fam_row r = row_new(f);
    family_row(f, f->gi, (int)u, &r);
    int n = 0;
    for (int j = 0; j < f->n; j++)
        if (r.s[j]) {
            r.s[n] = r.s[j], r.ag[n] = r.ag[j], r.th[n] = r.th[j];
            n++;
        }
    rt_aggstate_prepare_laeken_n(r.s, r.ag, r.th, n);
    row_free(&r);
}

/* The sums below the thresholds of base group u (of grouping f->gi). */
static void sums_unit(void *ctx, size_t u)
{
    family *f = ctx;
    rt_aggstate *s = rt_worker_state(f->l->w, f->from, f->gi, (int)u);
    fam_row r = row_new(f);
    family_row(f, f->gi, (int)u, &r);
    rt_below_init(&f->sum[u], f->n);
    if (s)
        rt_below_add(&f->sum[u], s, r.th);
    row_free(&r);
}

static void set_rates(const family *f, int gi, rt_below *sum)
{
    fam_row r = row_new(f);
    for (int g = 0; g < rt_worker_ngroups(f->l->w, gi); g++) {
        family_row(f, gi, g, &r);
        rt_aggstate_set_rates(r.s, r.ag, f->n, r.th, &sum[g]);
    }
    row_free(&r);
}

/* arpr and shares below a threshold, of values rolled up from base
 * groups: each base group's values are read once, and a breakdown's
 * sums are its base groups' (exact sums: the same rates as reading its
 * values). */
static void rolled_up_sums(family *f)
{
    const rt_agg *a = &f->l->pl->p->aggs[f->from];
    rt_worker *w = f->l->w;
    int nbase = rt_worker_ngroups(w, a->base);
    f->gi = a->base;
    f->sum = rt_xcalloc((size_t)nbase + 1, sizeof *f->sum);
    rt_run_units(sums_unit, f, (size_t)nbase, f->l->nthreads);
    set_rates(f, a->base, f->sum);
    for (int i = 0; i < a->ngroupings; i++) {
        int gi = a->groupings[i], n = rt_worker_ngroups(w, gi);
        if (gi == a->base)
            continue;
        rt_below *sum = rt_xcalloc((size_t)n + 1, sizeof *sum);
        for (int g = 0; g < n; g++)
            rt_below_init(&sum[g], f->n);
        for (int j = 0; j < nbase; j++)
            rt_below_merge(&sum[rt_worker_rollup_group(w, a->base, j, gi)],
                           &f->sum[j]);
        set_rates(f, gi, sum);
        for (int g = 0; g < n; g++)
            rt_below_free(&sum[g]);
        free(sum);
    }
    for (int j = 0; j < nbase; j++)
        rt_below_free(&f->sum[j]);
    free(f->sum);
}

/* Whether the family needs sums only: then no order. */
static bool family_of_sums(const family *f)
{
    for (int j = 0; j < f->n; j++)
        if (!rt_agg_needs_no_order(f->l->pl->p->aggs[f->agg[j]].kind))
            return false;
    return true;
}

static void prepare_family(family *f)
{
    const rt_program *p = f->l->pl->p;
    if (family_of_sums(f) && p->aggs[f->from].base >= 0) {
        rolled_up_sums(f);
        return;
    }
    for (f->gi = 0; f->gi < p->ngroupings; f->gi++)
        rt_run_units(rates_unit, f, (size_t)rt_worker_ngroups(f->l->w, f->gi),
                     f->l->nthreads);
}

/* arpr, poormed and rmpg of every group with its period's threshold (of
 * the aggregate's total group), before the other order statistics. */
static void prepare_laeken(const rt_plan *pl, rt_worker *w, int pass,
                           int nthreads, rt_prepare_times *t)
{
    const rt_program *p = pl->p;
    size_t na = (size_t)p->naggs + 1;
    laeken l = {pl,
                w,
                nthreads,
                rt_worker_ngroups(w, 0),
                rt_xcalloc(na, sizeof *l.src),
                rt_xcalloc(na, sizeof *l.t),
                NULL,
                rt_xcalloc(na, sizeof *l.median),
                0};
    double t0 = t ? rt_timing_now() : 0;
    thresholds(&l, pass);
    double t1 = t ? rt_timing_now() : 0;
    int *fam = rt_xcalloc(na, sizeof *fam);
    for (int a = 0; a < p->naggs; a++) {
        if (l.src[a] < 0)
            continue;
        family f = {&l, l.src[a], 0, fam, 0, NULL};
        for (int b = a; b < p->naggs; b++)
            if (l.src[b] == f.from) {
                fam[f.n++] = b;
                l.src[b] = -1; /* taken */
            }
        prepare_family(&f);
    }
    if (t) {
        t->medians = t1 - t0;
        t->below = rt_timing_now() - t1;
    }
    for (int a = 0; a < p->naggs; a++) {
        free(l.median[a]);
        free(l.t[a]);
    }
    free(fam);
    free(l.src);
    free(l.t);
    free(l.median);
    free(l.median_agg);
}

/* ---- the other order statistics ---- */

typedef struct prep_item {
    rt_aggstate *s;
    const rt_agg *a;
} prep_item;

/* items[unit[u] .. unit[u + 1]) are one group's states that read the
 * same values (an order statistic's and those sharing it), prepared in
 * turn on one thread, since opening values sorts and pins them. */
typedef struct order_units {
    prep_item *items;
    size_t *unit;
    size_t n, cap, nunits, capu;
} order_units;

static void order_unit(void *ctx, size_t u)
{
    order_units *o = ctx;
    for (size_t i = o->unit[u]; i < o->unit[u + 1]; i++)
        rt_aggstate_prepare(o->items[i].s, o->items[i].a);
}

/* The aggregates that read a's values (a first), into v; their count. */
static int readers_of(const rt_plan *pl, int a, int *v)
{
    int n = 0;
    v[n++] = a;
    for (int b = a + 1; b < pl->p->naggs; b++)
        if (pl->share[b] == a)
            v[n++] = b;
    return n;
}

static void add_units(order_units *o, const rt_plan *pl, rt_worker *w, int a,
                      const int *readers, int nr)
{
    const rt_agg *ag = &pl->p->aggs[a];
    for (int i = 0; i < ag->ngroupings; i++) {
        int gi = ag->groupings[i];
        for (int g = 0; g < rt_worker_ngroups(w, gi); g++) {
            rt_grow((void **)&o->unit, &o->capu, o->nunits + 2,
                    sizeof *o->unit);
            o->unit[o->nunits++] = o->n;
            for (int r = 0; r < nr; r++) {
                rt_aggstate *s = rt_worker_state(w, readers[r], gi, g);
                if (!s) /* a reader without this breakdown */
                    continue;
                rt_grow((void **)&o->items, &o->cap, o->n + 1,
                        sizeof *o->items);
                o->items[o->n++] = (prep_item){s, &pl->p->aggs[readers[r]]};
            }
        }
    }
}

static void prepare_order_stats(const rt_plan *pl, rt_worker *w, int pass,
                                int nthreads)
{
    const rt_program *p = pl->p;
    order_units o = {0};
    int *readers = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    for (int a = 0; a < p->naggs; a++) {
        if (p->aggs[a].pass != pass || !rt_agg_is_order_stat(p->aggs[a].kind) ||
            pl->share[a] >= 0)
            continue;
        add_units(&o, pl, w, a, readers, readers_of(pl, a, readers));
    }
    free(readers);
    if (o.unit)
        o.unit[o.nunits] = o.n;
    rt_run_units(order_unit, &o, o.nunits, nthreads);
    free(o.items);
    free(o.unit);
}

void rt_prepare_pass(const rt_plan *pl, rt_worker *w, int pass, int nthreads,
                     rt_prepare_times *t)
{
    prepare_laeken(pl, w, pass, nthreads, t);
    double t0 = t ? rt_timing_now() : 0;
    prepare_order_stats(pl, w, pass, nthreads);
    if (t)
        t->other = rt_timing_now() - t0;
}
