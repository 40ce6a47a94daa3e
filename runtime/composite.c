/* composite.c — composite indices from their members' finished rows:
 * normalise each member over the units of a period (minmax, zscore,
 * rank, ratio_to; `better lower` inverted), combine per area and then
 * over the areas (weighted mean or geometric mean, a missing member's
 * weight shared out or the unit left without a score), rank the units. */
#include "composite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"

/* One member value: a row of a member by the across dimension. */
typedef struct entry {
    const char *period, *unit;
    int member;
    double value;
} entry;

static int cmp_entry(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = rt_dim_compare(a->period, b->period);
    return c ? c : rt_dim_compare(a->unit, b->unit);
}

/* The member of ix that indicator id is, or -1. */
static int member_of(const rt_index *ix, const char *id)
{
    for (int m = 0; m < ix->nmembers; m++)
        if (strcmp(ix->members[m].id, id) == 0)
            return m;
    return -1;
}

/* Whether r is a row of one unit: the across dimension a value, every
 * other dimension but the period a total. */
static bool unit_row(const rt_program *p, const rt_index *ix,
                     const rt_outrow *r)
{
    if (rt_dim_is_total(r, ix->across_dim) ||
        rt_dim_is_unknown(r, ix->across_dim) || !r->dims[ix->across_dim])
        return false;
    if (p->has_period && (rt_dim_is_unknown(r, 0) || !r->dims[0]))
        return false;
    for (int d = p->has_period ? 1 : 0; d < p->ndims; d++)
        if (d != ix->across_dim && !rt_dim_is_total(r, d))
            return false;
    return true;
}

static entry *collect(const rt_program *p, const rt_index *ix,
                      const rt_result *res, size_t *n)
{
    entry *v = NULL;
    size_t cap = 0;
    *n = 0;
    if (ix->across_dim < 0)
        return NULL;
    for (size_t i = 0; i < res->nrows; i++) {
        const rt_outrow *r = &res->rows[i];
        int m = member_of(ix, r->indicator);
        if (m < 0 || !unit_row(p, ix, r))
            continue;
        rt_grow((void **)&v, &cap, *n + 1, sizeof *v);
        v[(*n)++] =
            (entry){p->has_period ? r->dims[0] : NULL, r->dims[ix->across_dim],
                    m, r->has_value ? r->value : NAN};
    }
    qsort(v, *n, sizeof *v, cmp_entry);
    return v;
}

static void unit_alloc(rt_index_unit *u, const rt_index *ix)
{
    u->value = rt_xcalloc((size_t)ix->nmembers + 1, sizeof(double));
    u->score = rt_xcalloc((size_t)ix->nmembers + 1, sizeof(double));
    for (int m = 0; m < ix->nmembers; m++)
        u->value[m] = u->score[m] = NAN;
    u->area = rt_xcalloc((size_t)ix->nareas + 1, sizeof(double));
    u->area_rank = rt_xcalloc((size_t)ix->nareas + 1, sizeof(unsigned));
    u->area_n = rt_xcalloc((size_t)ix->nareas + 1, sizeof(int));
    u->area_rew = rt_xcalloc((size_t)ix->nareas + 1, sizeof(bool));
}

/* Member m's statistics over units [b, e) of one period. */
static rt_index_stats member_stats(const rt_index *ix, const rt_index_unit *u,
                                   size_t b, size_t e, int m)
{
    rt_index_stats s = {.min = NAN, .max = NAN, .ref = NAN};
    double sum = 0;
    for (size_t i = b; i < e; i++) {
        double x = u[i].value[m];
        if (isnan(x))
            continue;
        if (s.n == 0 || x < s.min)
            s.min = x;
        if (s.n == 0 || x > s.max)
            s.max = x;
        sum += x;
        s.n++;
        if (ix->ref && strcmp(u[i].unit, ix->ref) == 0)
            s.ref = x;
    }
    s.mean = s.n ? sum / s.n : NAN;
    double ss = 0;
    for (size_t i = b; i < e; i++)
        if (!isnan(u[i].value[m]))
            ss += (u[i].value[m] - s.mean) * (u[i].value[m] - s.mean);
    s.sd = s.n ? sqrt(ss / s.n) : NAN;
    return s;
}

/* The normalised score of x (never NAN in, NAN out when undefined). */
static double score(const rt_index *ix, const rt_index_stats *s,
                    const rt_index_unit *u, size_t b, size_t e, int m, double x)
{
    bool lower = ix->members[m].lower;
    switch (ix->scale) {
    case RT_SCALE_MINMAX:
        if (s->max == s->min)
            return (ix->lo + ix->hi) / 2;
        return ix->lo + (ix->hi - ix->lo) * (lower ? s->max - x : x - s->min) /
                            (s->max - s->min);
    case RT_SCALE_ZSCORE:
        if (s->sd == 0)
            return 0;
        return (lower ? s->mean - x : x - s->mean) / s->sd;
    case RT_SCALE_RANK: {
        if (s->n < 2)
            return (ix->lo + ix->hi) / 2;
        int worse = 0, same = 0;
        for (size_t i = b; i < e; i++) {
            double y = u[i].value[m];
            if (isnan(y))
                continue;
            same += y == x;
            worse += lower ? y > x : y < x;
        }
        double pct = (worse + (same - 1) / 2.0) / (s->n - 1);
        return ix->lo + (ix->hi - ix->lo) * pct;
    }
    case RT_SCALE_RATIO:
        if (isnan(s->ref) || s->ref == 0 || (lower && x == 0))
            return NAN;
        return lower ? s->ref / x : x / s->ref;
    }
    return NAN;
}

/* The weighted mean or geometric mean of the scores that are there;
 * NAN when none is (or, geometric, one is negative). */
static double combine(bool geo, const double *s, const double *w, int n)
{
    double sw = 0, acc = 0;
    bool zero = false;
    for (int i = 0; i < n; i++) {
        if (isnan(s[i]))
            continue;
        sw += w[i];
        if (!geo)
            acc += w[i] * s[i];
        else if (s[i] < 0)
            return NAN;
        else if (s[i] == 0)
            zero = true;
        else
            acc += w[i] * log(s[i]);
    }
    if (sw == 0)
        return NAN;
    if (!geo)
        return acc / sw;
    return zero ? 0 : exp(acc / sw);
}

/* Area and index scores of one unit. */
static void combine_unit(const rt_index *ix, rt_index_unit *u)
{
    double *s = rt_xcalloc((size_t)ix->nmembers + 1, sizeof(double));
    double *w =
        rt_xcalloc((size_t)ix->nmembers + ix->nareas + 1, sizeof(double));
    bool any_missing = false;
    for (int a = 0; a < ix->nareas; a++) {
        int n = 0, missing = 0;
        for (int m = 0; m < ix->nmembers; m++) {
            if (ix->members[m].area != a)
                continue;
            s[n] = u->score[m];
            w[n++] = ix->members[m].weight;
            missing += isnan(u->score[m]);
        }
        u->area_n[a] = n - missing;
        u->area[a] =
            missing && ix->all_or_none ? NAN : combine(ix->geomean, s, w, n);
        u->area_rew[a] = missing && !isnan(u->area[a]);
        any_missing = any_missing || missing;
        u->n += n - missing;
    }
    bool area_missing = false;
    for (int a = 0; a < ix->nareas; a++) {
        w[a] = ix->areas[a].weight;
        area_missing = area_missing || isnan(u->area[a]);
    }
    u->index = area_missing && ix->all_or_none
                   ? NAN
                   : combine(ix->geomean, u->area, w, ix->nareas);
    u->reweighted = any_missing && !isnan(u->index);
    free(s);
    free(w);
}

/* Ranks 1 = best among the units [b, e) with a score; ties share the
 * smallest rank. */
static void rank_units(rt_index_unit *u, size_t b, size_t e, int area)
{
    for (size_t i = b; i < e; i++) {
        double x = area < 0 ? u[i].index : u[i].area[area];
        unsigned r = 0;
        if (!isnan(x)) {
            r = 1;
            for (size_t j = b; j < e; j++) {
                double y = area < 0 ? u[j].index : u[j].area[area];
                r += !isnan(y) && y > x;
            }
        }
        if (area < 0)
            u[i].rank = r;
        else
            u[i].area_rank[area] = r;
    }
}

rt_index_table *rt_index_compute(const rt_program *p, const rt_index *ix,
                                 const rt_result *res)
{
    rt_index_table *t = rt_xcalloc(1, sizeof *t);
    t->ix = ix;
    size_t n;
    entry *v = collect(p, ix, res, &n);
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        rt_index_unit *u = t->nunits ? &t->units[t->nunits - 1] : NULL;
        if (!u || cmp_entry(&v[i], &(entry){u->period, u->unit, 0, 0})) {
            bool new_period = !u || rt_dim_compare(u->period, v[i].period) != 0;
            rt_grow((void **)&t->units, &cap, t->nunits + 1, sizeof *t->units);
            u = memset(&t->units[t->nunits++], 0, sizeof *u);
            u->period = v[i].period;
            u->unit = v[i].unit;
            t->nperiods += new_period;
            u->period_no = t->nperiods - 1;
            unit_alloc(u, ix);
        }
        u->value[v[i].member] = v[i].value;
    }
    free(v);
    t->stats =
        rt_xcalloc((size_t)t->nperiods * ix->nmembers + 1, sizeof *t->stats);
    for (size_t b = 0, e; b < t->nunits; b = e) {
        for (e = b;
             e < t->nunits && t->units[e].period_no == t->units[b].period_no;
             e++)
            ;
        for (int m = 0; m < ix->nmembers; m++) {
            rt_index_stats *s =
                &t->stats[t->units[b].period_no * ix->nmembers + m];
            *s = member_stats(ix, t->units, b, e, m);
            for (size_t i = b; i < e; i++)
                if (!isnan(t->units[i].value[m]))
                    t->units[i].score[m] =
                        score(ix, s, t->units, b, e, m, t->units[i].value[m]);
        }
        for (size_t i = b; i < e; i++)
            combine_unit(ix, &t->units[i]);
        rank_units(t->units, b, e, -1);
        for (int a = 0; a < ix->nareas; a++)
            rank_units(t->units, b, e, a);
    }
    return t;
}

void rt_index_table_free(rt_index_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nunits; i++) {
        rt_index_unit *u = &t->units[i];
        free(u->value);
        free(u->score);
        free(u->area);
        free(u->area_rank);
        free(u->area_n);
        free(u->area_rew);
    }
    free(t->units);
    free(t->stats);
    free(t);
}

static bool band_holds(const rt_band *b, double v)
{
    if (!b->has_cond)
        return true;
    switch (b->cmp) {
    case RT_CMP_LT: return v < b->bound;
    case RT_CMP_LE: return v <= b->bound;
    case RT_CMP_GT: return v > b->bound;
    case RT_CMP_GE: return v >= b->bound;
    case RT_CMP_EQ: return v == b->bound;
    case RT_CMP_NE: return v != b->bound;
    }
    return false;
}

static const char *status_of(const rt_index *ix, double v)
{
    for (int i = 0; !isnan(v) && i < ix->nbands; i++)
        if (band_holds(&ix->bands[i], v))
            return ix->bands[i].label;
    return "";
}

typedef struct rows {
    rt_outrow *v;
    size_t n, cap;
} rows;

/* The rows of one index: the index, then each area, per period and
 * unit; every dimension but the period and the units a total. */
static void index_rows(const rt_program *p, rt_arena *a, const rt_index *ix,
                       const rt_index_table *t, rows *out)
{
    size_t words = RT_DIMSET_WORDS(p->ndims);
    uint64_t *total = rt_arena_alloc(a, (words + 1) * sizeof *total);
    for (int d = 0; d < p->ndims; d++)
        if (d != ix->across_dim && !(d == 0 && p->has_period))
            total[d / 64] |= (uint64_t)1 << (d % 64);
    const char **dims =
        rt_arena_alloc(a, (t->nunits * p->ndims + 1) * sizeof *dims);
    for (size_t i = 0; i < t->nunits; i++) {
        if (p->has_period)
            dims[i * p->ndims] = t->units[i].period;
        dims[i * p->ndims + ix->across_dim] = t->units[i].unit;
    }
    for (int area = -1; area < ix->nareas; area++)
        for (size_t i = 0; i < t->nunits; i++) {
            const rt_index_unit *u = &t->units[i];
            double v = area < 0 ? u->index : u->area[area];
            bool rew = area < 0 ? u->reweighted : u->area_rew[area];
            rt_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
            rt_outrow *r = memset(&out->v[out->n++], 0, sizeof *r);
            r->indicator = area < 0 ? ix->id : ix->areas[area].id;
            r->dims = dims + i * p->ndims;
            r->total = total;
            r->value = v;
            r->has_value = !isnan(v);
            r->unit = "score";
            r->status = area < 0 ? status_of(ix, v) : "";
            r->n = (unsigned long long)(area < 0 ? u->n : u->area_n[area]);
            r->flags = isnan(v) ? "no_data" : rew ? "reweighted" : "";
            r->rank = area < 0 ? u->rank : u->area_rank[area];
        }
}

void rt_index_rows(const rt_program *p, rt_arena *a, rt_result *res)
{
    res->has_rank = p->nindexes > 0;
    if (!p->nindexes)
        return;
    rows rs = {0};
    for (int k = 0; k < p->nindexes; k++) {
        rt_index_table *t = rt_index_compute(p, &p->indexes[k], res);
        if (p->indexes[k].across_dim >= 0)
            index_rows(p, a, &p->indexes[k], t, &rs);
        rt_index_table_free(t);
    }
    rt_outrow *all = rt_arena_alloc(a, (res->nrows + rs.n + 1) * sizeof *all);
    if (res->nrows)
        memcpy(all, res->rows, res->nrows * sizeof *all);
    if (rs.n)
        memcpy(all + res->nrows, rs.v, rs.n * sizeof *all);
    free(rs.v);
    res->rows = all;
    res->nrows += rs.n;
}
