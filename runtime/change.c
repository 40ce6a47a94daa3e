/* change.c — change from the previous and a base period, and the wide
 * layout (change.h). Rows of one indicator and group are found by a key
 * over the group's dimensions (every one but the period), after a sort. */
#include "change.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "finish.h"
#include "numparse.h"

/* The group of a row: indicator and every dimension but the period, as
 * one string (0x1f between fields; totals and unknowns by their bits). */
static const char *group_key(const rt_result *res, const rt_outrow *row,
                             rt_arena *a)
{
    size_t n = strlen(row->indicator) + 2;
    for (int d = 1; d < res->ndims; d++)
        n += 3 + (row->dims[d] ? strlen(row->dims[d]) : 0);
    char *k = rt_arena_alloc(a, n + 1), *p = k;
    p += strlen(strcpy(p, row->indicator));
    for (int d = 1; d < res->ndims; d++) {
        *p++ = 0x1f;
        if (rt_dim_is_total(row, d))
            *p++ = 'T';
        else if (rt_dim_is_unknown(row, d))
            *p++ = 'U';
        else {
            *p++ = '=';
            p += strlen(strcpy(p, row->dims[d] ? row->dims[d] : ""));
        }
    }
    *p = 0;
    return k;
}

typedef struct keyed {
    const char *key;
    const char *period; /* NULL: unknown */
    size_t row;
} keyed;

static int period_cmp(const char *a, const char *b)
{
    return rt_dim_compare(a, b);
}

/* By group (indicator first: the key starts with it), then period; the
 * row index keeps the sort stable. */
static int keyed_cmp(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    if (!c)
        c = period_cmp(a->period, b->period);
    if (!c)
        c = a->row < b->row ? -1 : a->row > b->row;
    return c;
}

static keyed *sorted_groups(const rt_result *res, rt_arena *a)
{
    keyed *k = rt_xcalloc(res->nrows + 1, sizeof *k);
    for (size_t i = 0; i < res->nrows; i++)
        k[i] =
            (keyed){group_key(res, &res->rows[i], a), res->rows[i].dims[0], i};
    qsort(k, res->nrows, sizeof *k, keyed_cmp);
    return k;
}

/* The periods of one indicator, sorted and distinct. */
typedef struct periods {
    const char **v;
    size_t n;
} periods;

static int str_period_cmp(const void *a, const void *b)
{
    return period_cmp(*(const char *const *)a, *(const char *const *)b);
}

static void indicator_periods(const rt_result *res, const char *ind,
                              periods *out)
{
    out->n = 0;
    for (size_t i = 0; i < res->nrows; i++)
        if (res->rows[i].dims[0] && strcmp(res->rows[i].indicator, ind) == 0)
            out->v[out->n++] = res->rows[i].dims[0];
    qsort(out->v, out->n, sizeof *out->v, str_period_cmp);
    size_t u = 0;
    for (size_t i = 0; i < out->n; i++)
        if (!u || period_cmp(out->v[u - 1], out->v[i]))
            out->v[u++] = out->v[i];
    out->n = u;
}

static bool has_period(const periods *p, const char *x)
{
    for (size_t i = 0; i < p->n; i++)
        if (period_cmp(p->v[i], x) == 0)
            return true;
    return false;
}

/* The period before x among p, or NULL. */
static const char *period_before(const periods *p, const char *x)
{
    const char *best = NULL;
    for (size_t i = 0; i < p->n && period_cmp(p->v[i], x) < 0; i++)
        best = p->v[i];
    return best;
}

/* change and change_pct of v from w into out[0..1]; false when either
 * side has no value. */
static bool change_of(const rt_outrow *v, const rt_outrow *w, double *out)
{
    if (!v || !w || !v->has_value || !w->has_value || !isfinite(v->value) ||
        !isfinite(w->value))
        return false;
    out[0] = v->value - w->value;
    out[1] = w->value == 0 ? NAN : 100.0 * out[0] / fabs(w->value);
    return true;
}

static const char *add_flag(rt_arena *a, const char *flags, const char *f)
{
    if (!flags || !*flags)
        return f;
    size_t n = strlen(flags) + strlen(f) + 2;
    char *s = rt_arena_alloc(a, n);
    strcpy(s, flags);
    strcat(s, ";");
    strcat(s, f);
    return s;
}

static const char *const change_names[] = {"change", "change_pct",
                                           "change_base", "change_base_pct"};

int rt_change(rt_result *res, const char *base, rt_arena *a)
{
    bool base_seen = !base;
    for (size_t i = 0; !base_seen && i < res->nrows; i++)
        base_seen =
            res->rows[i].dims[0] && period_cmp(res->rows[i].dims[0], base) == 0;
    if (!base_seen)
        return -1;
    int nx = base ? 4 : 2;
    rt_outrow *rows = rt_arena_alloc(a, (res->nrows + 1) * sizeof *rows);
    if (res->nrows)
        memcpy(rows, res->rows, res->nrows * sizeof *rows);
    keyed *k = sorted_groups(res, a);
    periods ps = {rt_xcalloc(res->nrows + 1, sizeof(char *)), 0};
    const char *ind = NULL;
    for (size_t lo = 0, hi; lo < res->nrows; lo = hi) {
        for (hi = lo + 1; hi < res->nrows && !strcmp(k[hi].key, k[lo].key);
             hi++)
            ;
        rt_outrow *first = &rows[k[lo].row];
        if (!ind || strcmp(ind, first->indicator)) {
            ind = first->indicator;
            indicator_periods(res, ind, &ps);
        }
        /* The group's row at the base period, if any. */
        const rt_outrow *at_base = NULL;
        for (size_t j = lo; base && j < hi; j++)
            if (k[j].period && period_cmp(k[j].period, base) == 0)
                at_base = &rows[k[j].row];
        bool base_known = base && has_period(&ps, base);
        for (size_t j = lo; j < hi; j++) {
            rt_outrow *r = &rows[k[j].row];
            double *x = rt_arena_alloc(a, sizeof(double) * (size_t)nx);
            for (int e = 0; e < nx; e++)
                x[e] = NAN;
            r->extra = x;
            if (!k[j].period)
                continue;
            bool missing = false;
            const char *prev = period_before(&ps, k[j].period);
            if (prev) {
                const rt_outrow *w =
                    j > lo && k[j - 1].period &&
                            period_cmp(k[j - 1].period, prev) == 0
                        ? &rows[k[j - 1].row]
                        : NULL;
                missing = !change_of(r, w, x);
            }
            if (base_known && !change_of(r, at_base, x + 2))
                missing = true;
            if (missing)
                r->flags = add_flag(a, r->flags, "no_change");
        }
    }
    free(ps.v);
    free(k);
    res->rows = rows;
    res->nextra = nx;
    res->extra_names = change_names;
    return 0;
}

void rt_wide(rt_result *res, rt_arena *a)
{
    if (res->ndims == 0)
        return;
    /* Every period of the table, sorted: the value columns. */
    periods ps = {rt_xcalloc(res->nrows + 1, sizeof(char *)), 0};
    for (size_t i = 0; i < res->nrows; i++)
        if (res->rows[i].dims[0])
            ps.v[ps.n++] = res->rows[i].dims[0];
    qsort(ps.v, ps.n, sizeof *ps.v, str_period_cmp);
    size_t u = 0;
    for (size_t i = 0; i < ps.n; i++)
        if (!u || period_cmp(ps.v[u - 1], ps.v[i]))
            ps.v[u++] = ps.v[i];
    ps.n = u;
    int nchange = res->nextra;
    int nx = (int)ps.n + nchange;
    const char **names = rt_arena_alloc(a, sizeof(char *) * (size_t)(nx + 1));
    for (size_t i = 0; i < ps.n; i++)
        names[i] = ps.v[i];
    for (int e = 0; e < nchange; e++)
        names[ps.n + (size_t)e] = res->extra_names[e];

    /* One row per group, in the order of its first row. */
    keyed *k = sorted_groups(res, a);
    size_t *first = rt_xcalloc(res->nrows + 1, sizeof *first);
    size_t *groupof = rt_xcalloc(res->nrows + 1, sizeof *groupof);
    size_t ng = 0;
    for (size_t lo = 0, hi; lo < res->nrows; lo = hi) {
        size_t min = k[lo].row;
        for (hi = lo + 1; hi < res->nrows && !strcmp(k[hi].key, k[lo].key);
             hi++)
            if (k[hi].row < min)
                min = k[hi].row;
        for (size_t j = lo; j < hi; j++)
            groupof[k[j].row] = min;
        first[ng++] = min;
    }
    /* first[] in row order: sort the smallest row indices. */
    for (size_t i = 1; i < ng; i++)
        for (size_t j = i; j > 0 && first[j - 1] > first[j]; j--) {
            size_t t = first[j];
            first[j] = first[j - 1];
            first[j - 1] = t;
        }
    rt_outrow *rows = rt_arena_alloc(a, (ng + 1) * sizeof *rows);
    double **xs = rt_xcalloc(ng + 1, sizeof *xs); /* rows[g].extra, writable */
    size_t *slot = rt_xcalloc(res->nrows + 1, sizeof *slot);
    size_t words = RT_DIMSET_WORDS(res->ndims - 1);
    for (size_t g = 0; g < ng; g++) {
        const rt_outrow *src = &res->rows[first[g]];
        rt_outrow *dst = &rows[g];
        memset(dst, 0, sizeof *dst);
        dst->indicator = src->indicator;
        dst->unit = src->unit;
        dst->level = src->level;
        dst->dims = src->dims + 1;
        uint64_t *bits = rt_arena_alloc(a, 2 * (words + 1) * sizeof *bits);
        memset(bits, 0, 2 * (words + 1) * sizeof *bits);
        for (int d = 1; d < res->ndims; d++) {
            if (rt_dim_is_total(src, d))
                bits[(d - 1) / 64] |= (uint64_t)1 << ((d - 1) % 64);
            if (rt_dim_is_unknown(src, d))
                bits[words + 1 + (d - 1) / 64] |= (uint64_t)1 << ((d - 1) % 64);
        }
        dst->total = bits;
        dst->unknown = bits + words + 1;
        double *x = rt_arena_alloc(a, sizeof(double) * (size_t)(nx + 1));
        for (int e = 0; e < nx; e++)
            x[e] = NAN;
        dst->extra = xs[g] = x;
        slot[first[g]] = g;
    }
    /* Values into their period's column; the change columns from the
     * group's latest period. */
    const char **latest = rt_xcalloc(ng + 1, sizeof *latest);
    for (size_t i = 0; i < res->nrows; i++) {
        const rt_outrow *r = &res->rows[i];
        size_t g = slot[groupof[i]];
        if (!r->dims[0])
            continue;
        double *x = xs[g];
        for (size_t p = 0; p < ps.n; p++)
            if (period_cmp(ps.v[p], r->dims[0]) == 0 && r->has_value)
                x[p] = r->value;
        if (nchange && (!latest[g] || period_cmp(latest[g], r->dims[0]) < 0)) {
            latest[g] = r->dims[0];
            for (int e = 0; e < nchange; e++)
                x[ps.n + (size_t)e] = r->extra ? r->extra[e] : NAN;
        }
    }
    free(latest);
    free(xs);
    free(slot);
    free(groupof);
    free(first);
    free(k);
    free(ps.v);
    res->rows = rows;
    res->nrows = ng;
    res->dim_names = res->dim_names + 1;
    res->ndims--;
    res->nextra = nx;
    res->extra_names = names;
    res->wide = true;
    res->has_ci = false;
    res->has_rank = false;
}
