/* aggstate.c — accumulating and finishing aggregates. */
#include "aggstate.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "numfmt.h"
#include "quantile.h"

static void add_distinct(rt_aggstate *s, rt_value v)
{
    char buf[40];
    const char *key;
    size_t len;
    if (v.tag == RT_STR) {
        key = v.str;
        len = strlen(v.str);
    } else {
        buf[0] = '#';
        double x = v.tag == RT_BOOL ? v.b : v.num;
        len = 1 + (size_t)rt_fmt_number(buf + 1, sizeof buf - 1, x);
        key = buf;
    }
    if (!s->set)
        s->set = rt_groups_new();
    rt_groups_intern(s->set, key, len);
}

void rt_aggstate_keep(rt_aggstate *s, double x, double w, int psu)
{
    if (!s->design)
        s->design = rt_xcalloc(1, sizeof *s->design);
    rt_dvec *d = s->design;
    rt_grow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v);
    d->v[d->n++] = (rt_dsample){x, w, psu};
}

void rt_aggstate_skip(rt_aggstate *s)
{
    s->skipped++;
}

void rt_aggstate_add(rt_aggstate *s, const rt_agg *a, rt_value v, double w)
{
    s->n++;
    s->kind = (unsigned char)(a->kind + 1);
    rt_xsum_add(&s->wsum, w);
    if (a->w2) {
        /* A mean's interval also needs Σ w·x², after Σ w² (each square
         * added as its exact two halves, so the sum is exact). */
        bool mean = a->kind == RT_AGG_MEAN;
        if (!s->w2sum)
            s->w2sum = rt_xcalloc(mean ? 2 : 1, sizeof *s->w2sum);
        rt_xsum_add(s->w2sum, w * w);
        if (mean) {
            double x = v.tag == RT_BOOL ? (double)v.b : v.num;
            double wx = w * x, sq = wx * x;
            rt_xsum_add(&s->w2sum[1], sq);
            rt_xsum_add(&s->w2sum[1], fma(wx, x, -sq));
        }
    }
    if (a->kind == RT_AGG_COUNT)
        return;
    double x = v.tag == RT_BOOL ? (double)v.b : v.num;
    switch (a->kind) {
    case RT_AGG_SUM:
    case RT_AGG_MEAN:
    case RT_AGG_SHARE: rt_xsum_add(&s->sum, w * x); break;
    case RT_AGG_MIN:
        if (s->n == 1 || x < s->min)
            s->min = x;
        break;
    case RT_AGG_MAX:
        if (s->n == 1 || x > s->max)
            s->max = x;
        break;
    case RT_AGG_MEDIAN:
    case RT_AGG_QUANTILE:
    case RT_AGG_GINI:
    case RT_AGG_QSR:
    case RT_AGG_ARPT:
    case RT_AGG_ARPR:
    case RT_AGG_POORMED:
    case RT_AGG_RMPG:
    case RT_AGG_BELOW:
        rt_samples_add(&s->samples, x, w);
        s->has_stat = false;
        break;
    case RT_AGG_DISTINCT: add_distinct(s, v); break;
    default: break;
    }
}

/* The first (p <= 0) or last (p >= 1) value. */
static double end_value(rt_sorted *it, bool last)
{
    rt_sample v = {0, 0};
    rt_sorted_rewind(it);
    while (rt_sorted_next(it, &v) && last)
        ;
    return v.x;
}

static long double total_weight(rt_sorted *it)
{
    long double total = 0;
    rt_sample v;
    rt_sorted_rewind(it);
    while (rt_sorted_next(it, &v))
        total += v.w;
    return total;
}

double rt_sorted_quantile(rt_sorted *it, double p)
{
    if (p <= 0 || p >= 1)
        return end_value(it, p >= 1);
    long double total = total_weight(it), cum = 0;
    rt_sample v = {0, 0};
    rt_sorted_rewind(it);
    while (rt_sorted_next(it, &v)) {
        cum += v.w;
        double rw = (double)cum / (double)total;
        if (rw > p)
            return v.x;
    }
    return v.x;
}

/* Relative bound on how far the long double running total of a sorted
 * stream of non-negative weights can be from their exact sum: n values
 * round at most n times by 2^-64 relative, so 1e-9 holds up to 10^10
 * values. */
#define TOTAL_SLACK 1e-9

typedef struct candidate {
    double x;
    long double cum;
} candidate;

double rt_sorted_quantile_hint(rt_sorted *it, double p, double exact_total)
{
    if (p <= 0 || p >= 1 || !(exact_total > 0) || !isfinite(exact_total))
        return rt_sorted_quantile(it, p);
    /* The total R divides by is the sorted-order running sum: within
     * [lo, hi]. Values whose share could pass p for some total there are
     * kept (a handful); the real total picks among them at the end. */
    double lo = exact_total * (1 - TOTAL_SLACK);
    double hi = exact_total * (1 + TOTAL_SLACK);
    candidate *cand = NULL;
    size_t n = 0, cap = 0;
    long double cum = 0;
    bool negative = false, done = false;
    rt_sample v;
    rt_sorted_rewind(it);
    while (rt_sorted_next(it, &v)) {
        cum += v.w;
        negative = negative || v.w < 0;
        double c = (double)cum;
        if (done || !(c / lo > p))
            continue;
        rt_grow((void **)&cand, &cap, n + 1, sizeof *cand);
        cand[n++] = (candidate){v.x, cum};
        done = c / hi > p;
    }
    double total = (double)cum;
    for (size_t i = 0; i < n && !negative && total >= lo && total <= hi; i++)
        if ((double)cand[i].cum / total > p) {
            double x = cand[i].x;
            free(cand);
            return x;
        }
    free(cand);
    return rt_sorted_quantile(it, p); /* outside the bound: two passes */
}

double rt_weighted_quantile(rt_sample *s, size_t n, double p)
{
    rt_sorted *it = rt_sorted_of_array(s, n);
    double q = rt_sorted_quantile(it, p);
    rt_sorted_close(it);
    return q;
}

double rt_sorted_gini(rt_sorted *it)
{
    long double sw = 0, swx = 0, sw2x = 0, swxcw = 0, cw = 0;
    rt_sample v;
    rt_sorted_rewind(it);
    while (rt_sorted_next(it, &v)) {
        double wx = v.w * v.x;
        cw += v.w;
        sw += v.w;
        swx += wx;
        sw2x += v.w * v.w * v.x;
        swxcw += wx * (double)cw;
    }
    double num = (double)(2 * (double)swxcw - (double)sw2x);
    return num / ((double)sw * (double)swx) - 1;
}

double rt_sorted_qsr(rt_sorted *it, double exact_total)
{
    double q20 = rt_sorted_quantile_hint(it, 0.2, exact_total);
    double q80 = rt_sorted_quantile_hint(it, 0.8, exact_total);
    rt_xsum top = {0}, bottom = {0};
    rt_sample v;
    rt_sorted_rewind(it);
    while (rt_sorted_next(it, &v)) {
        if (v.x > q80)
            rt_xsum_add(&top, v.w * v.x);
        if (v.x <= q20)
            rt_xsum_add(&bottom, v.w * v.x);
    }
    double b = rt_xsum_value(&bottom), t = rt_xsum_value(&top);
    rt_xsum_free(&top);
    rt_xsum_free(&bottom);
    return t / b;
}

/* arpr, poormed or rmpg of the sorted values with threshold t: the
 * weighted share below t (exact sums, as share(x < t) computes it), the
 * weighted median of the values below t, and the gap of that median;
 * for n aggregates a[j] and thresholds t[j] at once, into r[j]. The
 * values come in increasing order, so the values below a threshold are
 * a prefix: one running exact sum, read as each threshold is passed,
 * gives every Σ w below (the same exact sums as adding them apart), and
 * one array of the values below the highest threshold of a poormed or
 * rmpg holds each one's values below as a prefix (already in order). */
static void laeken_stats(rt_sorted *it, const rt_agg *const *a, const double *t,
                         int n, double *r)
{
    int *ord = rt_xcalloc((size_t)n + 1, sizeof *ord), m = 0;
    double keep_below = -INFINITY; /* values under it are kept */
    for (int j = 0; j < n; j++) {
        if (isnan(t[j]))
            continue;
        int i = m++; /* insertion by threshold */
        for (; i > 0 && t[ord[i - 1]] > t[j]; i--)
            ord[i] = ord[i - 1];
        ord[i] = j;
        if (a[j]->kind != RT_AGG_ARPR && t[j] > keep_below)
            keep_below = t[j];
    }
    rt_xsum cum = {0};
    rt_xsum *poor = rt_xcalloc((size_t)n + 1, sizeof *poor);
    size_t *nb = rt_xcalloc((size_t)n + 1, sizeof *nb);
    rt_sample *below = NULL, v;
    size_t nbelow = 0, cap = 0;
    int k = 0;
    rt_sorted_rewind(it);
    while (rt_sorted_next(it, &v)) {
        for (; k < m && !(v.x < t[ord[k]]); k++) { /* ord[k] passed */
            rt_xsum_merge(&poor[ord[k]], &cum);
            nb[ord[k]] = nbelow;
        }
        rt_xsum_add(&cum, v.w);
        if (v.x < keep_below) {
            rt_grow((void **)&below, &cap, nbelow + 1, sizeof *below);
            below[nbelow++] = v;
        }
    }
    for (; k < m; k++) { /* every value is below */
        rt_xsum_merge(&poor[ord[k]], &cum);
        nb[ord[k]] = nbelow;
    }
    for (int j = 0; j < n; j++) {
        r[j] = NAN;
        if (isnan(t[j])) {
        } else if (a[j]->kind == RT_AGG_ARPR) {
            double wall = rt_xsum_value(&cum);
            r[j] = wall != 0 ? rt_xsum_value(&poor[j]) / wall : NAN;
        } else if (nb[j] > 0 && rt_xsum_value(&poor[j]) > 0) {
            double q = rt_weighted_quantile(below, nb[j], 0.5);
            r[j] = a[j]->kind == RT_AGG_POORMED ? q : (t[j] - q) / t[j];
        }
        rt_xsum_free(&poor[j]);
    }
    rt_xsum_free(&cum);
    free(below);
    free(poor);
    free(nb);
    free(ord);
}

/* A weighted quantile of the state's values: by selection when there
 * are many, else (or when selection cannot be sure) in order. */
static double state_quantile(rt_aggstate *s, double p)
{
    double total = rt_xsum_value(&s->wsum), q;
    if (rt_samples_count(s->samples) >= RT_SELECT_MIN &&
        rt_select_quantile(s->samples, p, total, &q))
        return q;
    rt_sorted *it = rt_sorted_open(s->samples);
    q = rt_sorted_quantile_hint(it, p, total);
    rt_sorted_close(it);
    return q;
}

double rt_aggstate_median(rt_aggstate *s)
{
    if (rt_samples_count(s->samples) == 0 || !(rt_xsum_value(&s->wsum) > 0))
        return NAN;
    return state_quantile(s, 0.5);
}

static bool no_values(rt_aggstate *s)
{
    return rt_samples_count(s->samples) == 0 || !(rt_xsum_value(&s->wsum) > 0);
}

void rt_aggstate_prepare_arpt(rt_aggstate *s, const rt_agg *a, double median)
{
    if (s->has_stat || no_values(s))
        return;
    s->stat = a->p * median; /* as order_stat computes it */
    s->has_stat = true;
}

double rt_aggstate_threshold(rt_aggstate *s, const rt_agg *a)
{
    return a->p * rt_aggstate_median(s);
}

void rt_below_init(rt_below *b, int n)
{
    *b = (rt_below){n, rt_xcalloc((size_t)n + 1, sizeof *b->poor), {0}};
}

void rt_below_free(rt_below *b)
{
    for (int j = 0; j < b->n; j++)
        rt_xsum_free(&b->poor[j]);
    rt_xsum_free(&b->all);
    free(b->poor);
    b->poor = NULL;
}

/* Why bins: the thresholds cut the values into at most BELOW_BINS - 1
 * intervals; a value's weight goes to its interval's sum only (one exact
 * add, instead of one for every threshold it is below, and one for all),
 * and a threshold's sum is the exact sum of the intervals below it. */
#define BELOW_BINS 17

typedef struct below_job {
    const double *t; /* the finite thresholds, ascending */
    int n;
    rt_xsum *bin; /* [n + 1]: values with k thresholds <= them in bin k */
} below_job;

static void add_below(void *ctx, const rt_sample *v, size_t n)
{
    below_job *b = ctx;
    for (size_t i = 0; i < n; i++) {
        int k = 0;
        for (int j = 0; j < b->n; j++)
            k += v[i].x >= b->t[j];
        rt_xsum_add(&b->bin[k], v[i].w);
    }
}

/* The finite thresholds of t[0 .. n) ascending (ts), with their indexes
 * (at); their number. */
static int sorted_thresholds(const double *t, int n, double *ts, int *at)
{
    int m = 0;
    for (int j = 0; j < n; j++) {
        if (isnan(t[j]))
            continue; /* (below a missing threshold is nothing) */
        int i = m++;
        for (; i > 0 && ts[i - 1] > t[j]; i--) {
            ts[i] = ts[i - 1];
            at[i] = at[i - 1];
        }
        ts[i] = t[j];
        at[i] = j;
    }
    return m;
}

/* arpr alone needs no order: the exact sums laeken_stats reads as
 * prefixes are the same exact sums added as the values lie. */
void rt_below_add(rt_below *b, rt_aggstate *s, const double *t)
{
    double ts[BELOW_BINS];
    int at[BELOW_BINS];
    if (b->n >= BELOW_BINS) { /* (never, in the catalogues here) */
        for (int j = 0; j < b->n; j++) {
            double one[1] = {t[j]};
            rt_below part;
            rt_below_init(&part, 1);
            rt_below_add(&part, s, one);
            rt_xsum_merge(&b->poor[j], &part.poor[0]);
            if (j == 0)
                rt_xsum_merge(&b->all, &part.all);
            rt_below_free(&part);
        }
        return;
    }
    int m = sorted_thresholds(t, b->n, ts, at);
    rt_xsum bin[BELOW_BINS] = {0}, run = {0};
    below_job j = {ts, m, bin};
    rt_samples_each(s->samples, add_below, &j);
    for (int i = 0; i <= m; i++) {
        rt_xsum_merge(&run, &bin[i]);
        if (i < m)
            rt_xsum_merge(&b->poor[at[i]], &run);
        rt_xsum_free(&bin[i]);
    }
    rt_xsum_merge(&b->all, &run);
    rt_xsum_free(&run);
}

void rt_below_merge(rt_below *dst, rt_below *src)
{
    for (int j = 0; j < dst->n; j++)
        rt_xsum_merge(&dst->poor[j], &src->poor[j]);
    rt_xsum_merge(&dst->all, &src->all);
}

static void set_stats(rt_aggstate *const *s, int n, const double *r)
{
    for (int j = 0; j < n; j++) {
        s[j]->stat = r[j];
        s[j]->has_stat = true;
    }
}

/* share(x < t where c): with no threshold (t missing) every row's
 * condition is missing, so each was skipped. */
static void set_below(rt_aggstate *s, double t, const rt_xsum *poor,
                      double wall)
{
    if (isnan(t)) {
        s->skipped += s->n;
        s->n = 0;
        rt_xsum_free(&s->wsum);
        memset(&s->wsum, 0, sizeof s->wsum);
        return;
    }
    if (wall != 0) {
        s->stat = rt_xsum_value(poor) / wall;
        s->has_stat = true;
    }
}

void rt_aggstate_set_rates(rt_aggstate *const *s, const rt_agg *const *a, int n,
                           const double *t, rt_below *b)
{
    double wall = rt_xsum_value(&b->all);
    for (int j = 0; j < n; j++) {
        if (!s[j])
            continue;
        if (a[j]->kind == RT_AGG_BELOW)
            set_below(s[j], t[j], &b->poor[j], wall);
        else if (!no_values(s[j])) {
            s[j]->stat = !isnan(t[j]) && wall != 0
                             ? rt_xsum_value(&b->poor[j]) / wall
                             : NAN;
            s[j]->has_stat = true;
        }
    }
}

bool rt_agg_needs_no_order(rt_aggkind k)
{
    return k == RT_AGG_ARPR || k == RT_AGG_BELOW;
}

static bool none_needs_order(const rt_agg *const *a, int n)
{
    for (int j = 0; j < n; j++)
        if (!rt_agg_needs_no_order(a[j]->kind))
            return false;
    return true;
}

void rt_aggstate_prepare_laeken_n(rt_aggstate *const *s, const rt_agg *const *a,
                                  const double *t, int n)
{
    if (n < 1)
        return;
    if (none_needs_order(a, n)) {
        rt_below b;
        rt_below_init(&b, n);
        rt_below_add(&b, s[0], t);
        rt_aggstate_set_rates(s, a, n, t, &b);
        rt_below_free(&b);
        return;
    }
    if (no_values(s[0]))
        return;
    double *r = rt_xcalloc((size_t)n, sizeof *r);
    rt_sorted *it = rt_sorted_open(s[0]->samples);
    laeken_stats(it, a, t, n, r);
    rt_sorted_close(it);
    set_stats(s, n, r);
    free(r);
}

void rt_aggstate_prepare_laeken(rt_aggstate *s, const rt_agg *a, double t)
{
    rt_aggstate_prepare_laeken_n(&s, &a, &t, 1);
}

/* An order statistic of the state's values (there are some). */
static double order_stat(rt_aggstate *s, const rt_agg *a)
{
    if (s->has_stat || a->kind == RT_AGG_BELOW) /* (set by prepare.c) */
        return s->has_stat ? s->stat : NAN;
    if (a->kind == RT_AGG_ARPR || a->kind == RT_AGG_POORMED ||
        a->kind == RT_AGG_RMPG) {
        /* Not prepared with the period's threshold: the group's own. */
        double t = rt_aggstate_threshold(s, a);
        rt_aggstate_prepare_laeken(s, a, t);
        return s->has_stat ? s->stat : NAN;
    }
    double total = rt_xsum_value(&s->wsum); /* exactly the values' Σ w */
    double p = a->kind == RT_AGG_MEDIAN || a->kind == RT_AGG_ARPT ? 0.5 : a->p;
    double v;
    if (a->kind == RT_AGG_GINI || a->kind == RT_AGG_QSR) {
        rt_sorted *it = rt_sorted_open(s->samples);
        v = a->kind == RT_AGG_GINI ? rt_sorted_gini(it)
                                   : rt_sorted_qsr(it, total);
        rt_sorted_close(it);
    } else {
        v = state_quantile(s, p);
    }
    if (a->kind == RT_AGG_ARPT)
        v = a->p * v;
    s->stat = v;
    s->has_stat = true;
    return v;
}

bool rt_agg_is_order_stat(rt_aggkind k)
{
    return k == RT_AGG_MEDIAN || k == RT_AGG_QUANTILE || k == RT_AGG_GINI ||
           k == RT_AGG_QSR || k == RT_AGG_ARPT || k == RT_AGG_ARPR ||
           k == RT_AGG_POORMED || k == RT_AGG_RMPG || k == RT_AGG_BELOW;
}

void rt_aggstate_prepare(rt_aggstate *s, const rt_agg *a)
{
    if (rt_agg_is_order_stat(a->kind) && rt_samples_count(s->samples) > 0 &&
        rt_xsum_value(&s->wsum) > 0)
        order_stat(s, a);
}

rt_value rt_aggstate_value(rt_aggstate *s, const rt_agg *a)
{
    /* Rows reached it and every one had a missing value: no value, as
     * SQL's SUM over only NULLs (no rows at all is still a count or sum
     * of 0). */
    if (s->n == 0 && s->skipped > 0)
        return rt_missing();
    double wsum = rt_xsum_value(&s->wsum);
    switch (a->kind) {
    case RT_AGG_COUNT: return rt_num(wsum);
    case RT_AGG_SUM: return rt_num(rt_xsum_value(&s->sum));
    case RT_AGG_MEAN:
    case RT_AGG_SHARE:
        if (s->n == 0 || wsum == 0)
            return rt_missing();
        return rt_num(rt_xsum_value(&s->sum) / wsum);
    case RT_AGG_BELOW: /* a share (rewrite.h) */
        if (s->n == 0 || wsum == 0 || !s->has_stat)
            return rt_missing();
        return rt_num(s->stat);
    case RT_AGG_MIN: return s->n ? rt_num(s->min) : rt_missing();
    case RT_AGG_MAX: return s->n ? rt_num(s->max) : rt_missing();
    case RT_AGG_DISTINCT: return rt_num(s->set ? rt_groups_count(s->set) : 0);
    case RT_AGG_MEDIAN:
    case RT_AGG_QUANTILE:
    case RT_AGG_GINI:
    case RT_AGG_QSR:
    case RT_AGG_ARPT:
    case RT_AGG_ARPR:
    case RT_AGG_POORMED:
    case RT_AGG_RMPG:
        if (rt_samples_count(s->samples) == 0 || wsum <= 0)
            return rt_missing();
        double v = order_stat(s, a);
        return isnan(v) ? rt_missing() : rt_num(v);
    default: return rt_missing();
    }
}

/* The kind-specific part (the union) of src into dst; with move, src's
 * values are taken, not copied (src is freed next). */
static void add_part(rt_aggstate *dst, rt_aggstate *src, bool move)
{
    switch ((rt_aggkind)(src->kind - 1)) {
    case RT_AGG_SUM:
    case RT_AGG_MEAN:
    case RT_AGG_SHARE: rt_xsum_merge(&dst->sum, &src->sum); break;
    case RT_AGG_MIN:
    case RT_AGG_MAX:
        if (src->n) {
            if (dst->n == 0 || src->min < dst->min)
                dst->min = src->min;
            if (dst->n == 0 || src->max > dst->max)
                dst->max = src->max;
        }
        break;
    case RT_AGG_MEDIAN:
    case RT_AGG_QUANTILE:
    case RT_AGG_GINI:
    case RT_AGG_QSR:
    case RT_AGG_ARPT:
    case RT_AGG_ARPR:
    case RT_AGG_POORMED:
    case RT_AGG_RMPG:
    case RT_AGG_BELOW:
        /* (A shared state is made after its pass: never added again.) */
        if (move)
            rt_samples_merge(&dst->samples, &src->samples);
        else /* a roll-up: read through, not copied (4x the values) */
            rt_samples_link(&dst->samples, src->samples);
        dst->has_stat = false;
        break;
    case RT_AGG_DISTINCT:
        for (int i = 0; src->set && i < rt_groups_count(src->set); i++) {
            size_t len;
            const char *k = rt_groups_key(src->set, i, &len);
            if (!dst->set)
                dst->set = rt_groups_new();
            rt_groups_intern(dst->set, k, len);
        }
        break;
    default: break;
    }
}

static void add_state(rt_aggstate *dst, rt_aggstate *src, bool move)
{
    if (src->kind) {
        add_part(dst, src, move); /* before n changes: min/max read dst->n */
        dst->kind = src->kind;
    }
    dst->n += src->n;
    dst->skipped += src->skipped;
    dst->invalid += src->invalid;
    rt_xsum_merge(&dst->wsum, &src->wsum);
    for (size_t i = 0; src->design && i < src->design->n; i++)
        rt_aggstate_keep(dst, src->design->v[i].x, src->design->v[i].w,
                         src->design->v[i].psu);
    if (src->w2sum) {
        bool mean = src->kind == RT_AGG_MEAN + 1;
        if (!dst->w2sum)
            dst->w2sum = rt_xcalloc(mean ? 2 : 1, sizeof *dst->w2sum);
        rt_xsum_merge(dst->w2sum, src->w2sum);
        if (mean)
            rt_xsum_merge(&dst->w2sum[1], &src->w2sum[1]);
    }
}

void rt_aggstate_add_state(rt_aggstate *dst, rt_aggstate *src)
{
    add_state(dst, src, false);
}

void rt_aggstate_join(rt_aggstate *whole, rt_aggstate *part)
{
    if (!whole || !part || rt_samples_count(part->samples) == 0)
        return;
    if (!whole->samples) { /* (every value of the group was part's) */
        whole->samples = rt_samples_new(RT_SAMPLES_RUN);
        rt_samples_unsorted(whole->samples);
    }
    rt_samples_link(&whole->samples, part->samples);
}

void rt_aggstate_share(rt_aggstate *dst, const rt_aggstate *src,
                       const rt_agg *a)
{
    dst->kind = src->kind ? (unsigned char)(a->kind + 1) : 0;
    dst->n = src->n;
    dst->skipped = src->skipped;
    dst->invalid = src->invalid;
    rt_xsum_merge(&dst->wsum, &src->wsum);
    dst->samples = src->samples;
    dst->borrowed = true;
}

void rt_aggstate_merge(rt_aggstate *dst, rt_aggstate *src)
{
    add_state(dst, src, true);
    rt_aggstate_free(src);
}

void rt_aggstate_free(rt_aggstate *s)
{
    switch ((rt_aggkind)(s->kind - 1)) {
    case RT_AGG_SUM:
    case RT_AGG_MEAN:
    case RT_AGG_SHARE: rt_xsum_free(&s->sum); break;
    case RT_AGG_MEDIAN:
    case RT_AGG_QUANTILE:
    case RT_AGG_GINI:
    case RT_AGG_QSR:
    case RT_AGG_ARPT:
    case RT_AGG_ARPR:
    case RT_AGG_POORMED:
    case RT_AGG_RMPG:
    case RT_AGG_BELOW:
        if (!s->borrowed)
            rt_samples_free(s->samples);
        break;
    case RT_AGG_DISTINCT: rt_groups_free(s->set); break;
    default: break;
    }
    rt_xsum_free(&s->wsum);
    if (s->w2sum)
        rt_xsum_free(s->w2sum);
    if (s->w2sum && s->kind == RT_AGG_MEAN + 1)
        rt_xsum_free(&s->w2sum[1]);
    free(s->w2sum);
    if (s->design)
        free(s->design->v);
    free(s->design);
    memset(s, 0, sizeof *s);
}
