/* xsum.c — Shewchuk's exact summation with non-overlapping partials. */
#include "xsum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static double *partials(rt_xsum *s)
{
    return s->more ? s->more : s->inl;
}

static void push(rt_xsum *s, double v)
{
    if (!s->more && s->n == RT_XSUM_INLINE) {
        s->cap = 2 * RT_XSUM_INLINE;
        s->more = rt_xmalloc(sizeof(double) * (size_t)s->cap);
        memcpy(s->more, s->inl, sizeof s->inl);
    } else if (s->more && s->n == s->cap) {
        s->cap *= 2;
        s->more = rt_xrealloc(s->more, sizeof(double) * (size_t)s->cap);
    }
    partials(s)[s->n++] = v;
}

void rt_xsum_add_partial(rt_xsum *s, double x)
{
    double *p = partials(s);
    int i = 0;
    for (int j = 0; j < s->n; j++) {
        double y = p[j];
        if (fabs(x) < fabs(y)) {
            double t = x;
            x = y;
            y = t;
        }
        double hi = x + y;
        double lo = y - (hi - x);
        if (lo != 0)
            p[i++] = lo;
        x = hi;
    }
    s->n = i;
    push(s, x);
}

static double value_of(const double *p, int n);

/* The partials plus the integer part (in two halves, each exactly a
 * double), correctly rounded. */
double rt_xsum_value(const rt_xsum *s)
{
    if (s->whole == 0)
        return value_of(s->more ? s->more : s->inl, s->n);
    rt_xsum t = {0};
    const double *p = s->more ? s->more : s->inl;
    for (int i = 0; i < s->n; i++)
        rt_xsum_add_partial(&t, p[i]);
    int64_t hi = s->whole / 4294967296, lo = s->whole % 4294967296;
    rt_xsum_add_partial(&t, (double)hi * 4294967296.0);
    rt_xsum_add_partial(&t, (double)lo);
    double v = value_of(t.more ? t.more : t.inl, t.n);
    rt_xsum_free(&t);
    return v;
}

static double value_of(const double *p, int n)
{
    if (n == 0)
        return 0;
    double hi = p[--n], lo = 0;
    while (n > 0) {
        double x = hi, y = p[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo != 0)
            break;
    }
    /* Round half-even correctly when the rest is exactly half an ulp. */
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
        double y = lo * 2, x = hi + y;
        if (y == x - hi)
            hi = x;
    }
    return hi;
}

void rt_xsum_merge(rt_xsum *dst, const rt_xsum *src)
{
    const double *p = src->more ? src->more : src->inl;
    for (int i = 0; i < src->n; i++)
        rt_xsum_add_partial(dst, p[i]);
    int64_t t;
    if (!__builtin_add_overflow(dst->whole, src->whole, &t)) {
        dst->whole = t;
    } else { /* keep dst's integer, move src's into the partials */
        int64_t hi = src->whole / 4294967296, lo = src->whole % 4294967296;
        rt_xsum_add_partial(dst, (double)hi * 4294967296.0);
        rt_xsum_add_partial(dst, (double)lo);
    }
}

void rt_xsum_free(rt_xsum *s)
{
    free(s->more);
    s->more = NULL;
    s->n = s->cap = 0;
}
