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

void rt_xsum_add(rt_xsum *s, double x)
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

double rt_xsum_value(const rt_xsum *s)
{
    const double *p = s->more ? s->more : s->inl;
    int n = s->n;
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

void rt_xsum_free(rt_xsum *s)
{
    free(s->more);
    s->more = NULL;
    s->n = s->cap = 0;
}
