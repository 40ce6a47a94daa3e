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

/* The window as up to three exact doubles (52-bit pieces of |acc|, each
 * times its power of two), added to t. */
static void window_into(rt_xsum *t, __int128 acc, int lsb)
{
    if (acc == 0)
        return;
    bool neg = acc < 0;
    unsigned __int128 a =
        neg ? -(unsigned __int128)acc : (unsigned __int128)acc;
    for (int k = 0; a != 0; k++) {
        double piece =
            ldexp((double)(uint64_t)(a & ((1ull << 52) - 1)), lsb + 52 * k);
        if (piece != 0)
            rt_xsum_add_partial(t, neg ? -piece : piece);
        a >>= 52;
    }
}

void rt_xsum_spill(rt_xsum *s)
{
    __int128 acc = s->acc;
    s->acc = 0;
    window_into(s, acc, s->lsb);
}

double rt_xsum_value(const rt_xsum *s)
{
    if (s->acc == 0)
        return value_of(s->more ? s->more : s->inl, s->n);
    rt_xsum t = {0};
    const double *p = s->more ? s->more : s->inl;
    for (int i = 0; i < s->n; i++)
        rt_xsum_add_partial(&t, p[i]);
    window_into(&t, s->acc, s->lsb);
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
    if (src->acc == 0)
        return;
    if (!dst->anchored) {
        dst->lsb = src->lsb;
        dst->anchored = true;
    }
    const __int128 lim = (__int128)1 << 124;
    if (dst->lsb == src->lsb && src->acc < lim && src->acc > -lim &&
        dst->acc < lim && dst->acc > -lim) {
        dst->acc += src->acc; /* both below 2^124: no overflow */
        if (dst->acc > lim || dst->acc < -lim)
            rt_xsum_spill(dst);
        return;
    }
    window_into(dst, src->acc, src->lsb);
}

void rt_xsum_free(rt_xsum *s)
{
    free(s->more);
    s->more = NULL;
    s->n = s->cap = 0;
}
