/* xsum.c — Shewchuk's exact summation with non-overlapping partials. */
#include "xsum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static void push(rt_xsum *s, double v)
{
    if (!s->part) {
        s->caplog = 0;
        s->part = rt_xmalloc(sizeof(double) * 4);
    } else if (s->n == (4u << s->caplog)) {
        s->caplog++;
        s->part = rt_xrealloc(s->part, sizeof(double) * (4u << s->caplog));
    }
    s->part[s->n++] = v;
}

void rt_xsum_add_partial(rt_xsum *s, double x)
{
    double *p = s->part;
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
    s->n = (uint16_t)i;
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
    __int128 acc = rt_xsum_window(s);
    rt_xsum_set_window(s, 0);
    window_into(s, acc, s->lsb);
}

/* The window acc * 2^lsb with no partials beside it: the conversion
 * of a 128-bit integer to double rounds correctly (to nearest, ties to
 * even), and scaling by 2^lsb is exact while the result stays normal; 0
 * with *ok false otherwise. */
static double window_value(__int128 acc, int lsb, bool *ok)
{
    double d = (double)acc;
    int e = ilogb(d);
    *ok = e + lsb > -1000 && e + lsb < 1000;
    return *ok ? ldexp(d, lsb) : 0;
}

/* Why two ways: a sum with only its window (every count and sum of a
 * scan's packed counters) is one conversion; the general way adds the
 * window's pieces to the partials and rounds their sum. */
double rt_xsum_value(const rt_xsum *s)
{
    __int128 acc = rt_xsum_window(s);
    if (acc == 0)
        return value_of(s->part, s->n);
    bool ok = false;
    double v = s->n == 0 ? window_value(acc, s->lsb, &ok) : 0;
    return ok ? v : rt_xsum_value_slow(s);
}

double rt_xsum_value_slow(const rt_xsum *s)
{
    __int128 acc = rt_xsum_window(s);
    rt_xsum t = {0};
    for (int i = 0; i < s->n; i++)
        rt_xsum_add_partial(&t, s->part[i]);
    window_into(&t, acc, s->lsb);
    double v = value_of(t.part, t.n);
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

/* Window acc of unit 2^from as a window of the finer unit 2^to (to <
 * from), when it stays below 2^124 in size (exact: a multiplication by
 * a power of two); false otherwise. */
static bool refine(__int128 *acc, int from, int to)
{
    int d = from - to;
    if (*acc == 0)
        return true;
    if (d >= 124)
        return false;
    const __int128 lim = (__int128)1 << (124 - d);
    if (*acc >= lim || *acc <= -lim)
        return false;
    *acc *= (__int128)1 << d;
    return true;
}

void rt_xsum_merge(rt_xsum *dst, const rt_xsum *src)
{
    for (int i = 0; i < src->n; i++)
        rt_xsum_add_partial(dst, src->part[i]);
    __int128 sacc = rt_xsum_window(src), dacc = rt_xsum_window(dst);
    if (sacc == 0)
        return;
    if (!dst->anchored) {
        dst->lsb = src->lsb;
        dst->anchored = true;
    }
    /* Why windows of two units meet: each thread anchors its counters at
     * its own first weight. The coarser is brought to the finer unit, so
     * the sum stays one window (its value one conversion, no partials). */
    int slsb = src->lsb;
    if (slsb > dst->lsb && refine(&sacc, slsb, dst->lsb))
        slsb = dst->lsb;
    else if (slsb < dst->lsb && refine(&dacc, dst->lsb, slsb))
        dst->lsb = slsb;
    const __int128 lim = (__int128)1 << 124;
    if (dst->lsb == slsb && sacc < lim && sacc > -lim && dacc < lim &&
        dacc > -lim) {
        dacc += sacc; /* both below 2^124: no overflow */
        rt_xsum_set_window(dst, dacc);
        if (dacc > lim || dacc < -lim)
            rt_xsum_spill(dst);
        return;
    }
    rt_xsum_set_window(dst, dacc);
    window_into(dst, sacc, slsb);
}

void rt_xsum_free(rt_xsum *s)
{
    free(s->part);
    s->part = NULL;
    s->n = s->caplog = 0;
}
