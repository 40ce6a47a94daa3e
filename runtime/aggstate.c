/* aggstate.c — accumulating and finishing aggregates. */
#include "aggstate.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "numfmt.h"

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

static void add_sample(rt_aggstate *s, double x, double w)
{
    rt_grow((void **)&s->sample, &s->capsample, s->nsample + 1,
            sizeof(rt_sample));
    s->sample[s->nsample++] = (rt_sample){x, w};
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
        if (!s->w2sum)
            s->w2sum = rt_xcalloc(1, sizeof *s->w2sum);
        rt_xsum_add(s->w2sum, w * w);
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
    case RT_AGG_QSR: add_sample(s, x, w); break;
    case RT_AGG_DISTINCT: add_distinct(s, v); break;
    default: break;
    }
}

static int cmp_sample(const void *pa, const void *pb)
{
    const rt_sample *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    /* Ties broken by weight so the order, and so the rounding of the
     * cumulative sums, never depends on the order of the rows. */
    return (a->w > b->w) - (a->w < b->w);
}

/* A double's bits as an unsigned key in the same order. */
static uint64_t order_key(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return (b >> 63) ? ~b : b | (1ull << 63);
}

/* Below this, sorting by comparison is cheaper than radix passes. */
#define RADIX_MIN 4096

/* Sorts by x (LSD radix, 16-bit digits), then orders ties by weight, so
 * the result never depends on the order the rows came in. */
static void sort_samples(rt_sample *s, size_t n)
{
    if (n < RADIX_MIN) {
        qsort(s, n, sizeof *s, cmp_sample);
        return;
    }
    rt_sample *tmp = rt_xmalloc(n * sizeof *s);
    size_t *count = rt_xmalloc(65536 * sizeof *count);
    rt_sample *from = s, *to = tmp;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(order_key(from[i].x) >> shift) & 0xffff]++;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(order_key(from[i].x) >> shift) & 0xffff]++] = from[i];
        rt_sample *t = from;
        from = to;
        to = t;
    }
    /* Four passes: the sorted data is back in s. */
    free(tmp);
    free(count);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && s[j].x == s[i].x; j++)
            ;
        if (j - i > 1)
            qsort(s + i, j - i, sizeof *s, cmp_sample);
    }
}

double rt_weighted_quantile(rt_sample *s, size_t n, double p)
{
    sort_samples(s, n);
    if (p <= 0)
        return s[0].x;
    if (p >= 1)
        return s[n - 1].x;
    long double total = 0;
    for (size_t i = 0; i < n; i++)
        total += s[i].w;
    long double cum = 0;
    for (size_t i = 0; i < n; i++) {
        cum += s[i].w;
        double rw = (double)cum / (double)total;
        if (rw > p)
            return s[i].x;
    }
    return s[n - 1].x;
}

double rt_gini(rt_sample *s, size_t n)
{
    sort_samples(s, n);
    long double sw = 0, swx = 0, sw2x = 0, swxcw = 0, cw = 0;
    for (size_t i = 0; i < n; i++) {
        double wx = s[i].w * s[i].x;
        cw += s[i].w;
        sw += s[i].w;
        swx += wx;
        sw2x += s[i].w * s[i].w * s[i].x;
        swxcw += wx * (double)cw;
    }
    double num = (double)(2 * (double)swxcw - (double)sw2x);
    return num / ((double)sw * (double)swx) - 1;
}

double rt_qsr(rt_sample *s, size_t n)
{
    double q20 = rt_weighted_quantile(s, n, 0.2);
    double q80 = rt_weighted_quantile(s, n, 0.8);
    rt_xsum top = {0}, bottom = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i].x > q80)
            rt_xsum_add(&top, s[i].w * s[i].x);
        if (s[i].x <= q20)
            rt_xsum_add(&bottom, s[i].w * s[i].x);
    }
    double b = rt_xsum_value(&bottom), t = rt_xsum_value(&top);
    rt_xsum_free(&top);
    rt_xsum_free(&bottom);
    return t / b;
}

rt_value rt_aggstate_value(rt_aggstate *s, const rt_agg *a)
{
    double wsum = rt_xsum_value(&s->wsum);
    switch (a->kind) {
    case RT_AGG_COUNT: return rt_num(wsum);
    case RT_AGG_SUM: return rt_num(rt_xsum_value(&s->sum));
    case RT_AGG_MEAN:
    case RT_AGG_SHARE:
        if (s->n == 0 || wsum == 0)
            return rt_missing();
        return rt_num(rt_xsum_value(&s->sum) / wsum);
    case RT_AGG_MEDIAN:
    case RT_AGG_QUANTILE:
        if (s->nsample == 0 || wsum <= 0)
            return rt_missing();
        return rt_num(rt_weighted_quantile(
            s->sample, s->nsample, a->kind == RT_AGG_MEDIAN ? 0.5 : a->p));
    case RT_AGG_MIN: return s->n ? rt_num(s->min) : rt_missing();
    case RT_AGG_MAX: return s->n ? rt_num(s->max) : rt_missing();
    case RT_AGG_DISTINCT: return rt_num(s->set ? rt_groups_count(s->set) : 0);
    case RT_AGG_GINI:
        if (s->nsample == 0 || wsum <= 0)
            return rt_missing();
        return rt_num(rt_gini(s->sample, s->nsample));
    case RT_AGG_QSR:
        if (s->nsample == 0 || wsum <= 0)
            return rt_missing();
        return rt_num(rt_qsr(s->sample, s->nsample));
    default: return rt_missing();
    }
}

/* The kind-specific part (the union) of src into dst. */
static void add_part(rt_aggstate *dst, const rt_aggstate *src)
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
        if (src->nsample) {
            rt_grow((void **)&dst->sample, &dst->capsample,
                    dst->nsample + src->nsample, sizeof(rt_sample));
            memcpy(dst->sample + dst->nsample, src->sample,
                   src->nsample * sizeof(rt_sample));
            dst->nsample += src->nsample;
        }
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

void rt_aggstate_add_state(rt_aggstate *dst, const rt_aggstate *src)
{
    if (src->kind) {
        add_part(dst, src); /* before n changes: min/max look at dst->n */
        dst->kind = src->kind;
    }
    dst->n += src->n;
    dst->skipped += src->skipped;
    dst->invalid += src->invalid;
    rt_xsum_merge(&dst->wsum, &src->wsum);
    if (src->w2sum) {
        if (!dst->w2sum)
            dst->w2sum = rt_xcalloc(1, sizeof *dst->w2sum);
        rt_xsum_merge(dst->w2sum, src->w2sum);
    }
}

void rt_aggstate_merge(rt_aggstate *dst, rt_aggstate *src)
{
    rt_aggstate_add_state(dst, src);
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
    case RT_AGG_QSR: free(s->sample); break;
    case RT_AGG_DISTINCT: rt_groups_free(s->set); break;
    default: break;
    }
    rt_xsum_free(&s->wsum);
    if (s->w2sum)
        rt_xsum_free(s->w2sum);
    free(s->w2sum);
    memset(s, 0, sizeof *s);
}
