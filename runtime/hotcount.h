/* hotcount.h — a weighted count's running total, packed: the part of a
 * count's state a record updates (Σ w and n) in 16 bytes, kept per group
 * in one array beside the states, so that a record's counts touch a few
 * cache lines instead of one or two per 112-byte state. After a scan
 * each is folded into its state (rt_hotcount_fold); a row outside the
 * window goes to the state directly, and a counter that is full is
 * folded first. Either way the sum is exact, so the value is the same
 * double. */
#ifndef SICALC_HOTCOUNT_H
#define SICALC_HOTCOUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "aggstate.h"
#include "xsum.h"

/* Why one integer for both: a row adds its weight and 1 to n in one
 * 128-bit addition, and 16-byte counters never straddle a cache line
 * (24-byte ones did, one in four). The low RT_HOT_NBITS bits count the
 * rows (up to RT_HOT_NMAX, then the counter is folded), the others hold
 * Σ w as a two's-complement multiple of 2^lsb (the worker's one unit). */
#define RT_HOT_NBITS 16
#define RT_HOT_NMAX ((1u << RT_HOT_NBITS) - 1)

typedef struct rt_hotcount {
    uint64_t lo; /* (Σ w / 2^lsb) · 2^RT_HOT_NBITS + n, */
    int64_t hi;  /* two's complement, low word first */
} rt_hotcount;

/* Why one unit for all of a worker's counters: a record adds the same
 * weight to a dozen counters, so the weight is placed in the window once
 * (rt_hotcount_addend) and each counter only adds two words. */
typedef struct rt_hotadd {
    double w;   /* the weight */
    __int128 m; /* w in units of 2^lsb, times 2^RT_HOT_NBITS, when ok */
    bool ok;    /* false: zero, subnormal, infinite or NaN, or out of
                   the window (the state takes such a row) */
} rt_hotadd;

/* The unit of the windows of a worker whose first weight is w (its last
 * bit less RT_XSUM_BELOW bits); when w is odd (zero, subnormal, infinite
 * or NaN), false and nothing set. */
static inline bool rt_hotcount_unit(double w, int *lsb)
{
    uint64_t bits;
    memcpy(&bits, &w, sizeof bits);
    if (rt_xsum_odd(bits))
        return false;
    *lsb = rt_xsum_anchor(bits);
    return true;
}

/* Sets *a to weight w as an addend of windows of unit 2^lsb: below
 * 2^107 units (under 2^23 times the first weight), so that shifted past
 * n and added to a window below 2^124 it stays inside 128 bits. Why in
 * place, not returned: a returned addend is built on the stack and
 * copied 16 bytes at a time, and that load cannot take the two 8-byte
 * stores that made it from the store buffer (a stall per record). */
static inline void rt_hotcount_set_addend(rt_hotadd *a, double w, int lsb)
{
    uint64_t bits;
    memcpy(&bits, &w, sizeof bits);
    __int128 m = 0;
    a->w = w;
    a->ok = !rt_xsum_odd(bits) && rt_xsum_window_plus(0, lsb, bits, &m);
    __int128 top = m >> 107; /* 0 or -1 when |m| is below 2^107 */
    a->ok = a->ok && (top == 0 || top == -1);
    a->m = (__int128)((unsigned __int128)m << RT_HOT_NBITS);
}

/* Weight w as an addend of windows of unit 2^lsb. */
static inline rt_hotadd rt_hotcount_addend(double w, int lsb)
{
    rt_hotadd a = {0};
    rt_hotcount_set_addend(&a, w, lsb);
    return a;
}

/* h as one integer. */
static inline __int128 rt_hotcount_value(const rt_hotcount *h)
{
    return (__int128)(((unsigned __int128)(uint64_t)h->hi << 64) | h->lo);
}

/* The rows h counts. */
static inline uint64_t rt_hotcount_n(const rt_hotcount *h)
{
    return h->lo & RT_HOT_NMAX;
}

/* Whether v can be stored: its window not near overflow, its count not
 * at RT_HOT_NMAX (so that one more row never carries into the window). */
static inline bool rt_hotcount_room(__int128 v)
{
    return !rt_xsum_near_overflow(v) &
           (((uint64_t)v & RT_HOT_NMAX) != RT_HOT_NMAX);
}

/* Adds add (an addend's m, plus 1 for a row) to h; false, and h as it
 * was, when h is full: the caller folds it and gives the row to the
 * state. */
static inline bool rt_hotcount_bump(rt_hotcount *h, __int128 add)
{
    __int128 v = rt_hotcount_value(h) + add;
    if (!rt_hotcount_room(v))
        return false;
    h->lo = (uint64_t)v;
    h->hi = (int64_t)(v >> 64);
    return true;
}

/* Adds a row of addend a (ok): its weight, and 1 to n. */
static inline bool rt_hotcount_add(rt_hotcount *h, const rt_hotadd *a)
{
    return rt_hotcount_bump(h, a->m + 1);
}

/* A weighted sum's running totals as two counters: h[0] takes the
 * weight (and counts the row), h[1] the product weight * value, as the
 * state would (rt_aggstate_add_sum); h[1]'s n counts the rows skipped
 * for a missing value. Adds both, or neither (false: a counter is full;
 * the caller folds them and adds the row to the state). */
static inline bool rt_hotsum_add(rt_hotcount *h, const rt_hotadd *w,
                                 const rt_hotadd *wx)
{
    __int128 a0 = rt_hotcount_value(&h[0]) + w->m + 1;
    __int128 a1 = rt_hotcount_value(&h[1]) + wx->m;
    if (!(rt_hotcount_room(a0) & rt_hotcount_room(a1)))
        return false;
    h[0].lo = (uint64_t)a0;
    h[0].hi = (int64_t)(a0 >> 64);
    h[1].lo = (uint64_t)a1;
    h[1].hi = (int64_t)(a1 >> 64);
    return true;
}

/* The window of h (Σ w in units of 2^lsb) added into sum s. */
static inline void rt_hotcount_fold_window(const rt_hotcount *h, int lsb,
                                           rt_xsum *s)
{
    __int128 win = rt_hotcount_value(h) >> RT_HOT_NBITS;
    if (win) {
        rt_xsum part = {.lo = (uint64_t)win,
                        .hi = (int64_t)(win >> 64),
                        .lsb = lsb,
                        .anchored = true};
        rt_xsum_merge(s, &part);
    }
}

/* Adds h's rows (windows of unit 2^lsb) into the count's state s. */
static inline void rt_hotcount_fold_into(const rt_hotcount *h, int lsb,
                                         rt_aggstate *s)
{
    uint64_t n = rt_hotcount_n(h);
    if (n) {
        s->n += n;
        s->kind = RT_AGG_COUNT + 1;
    }
    rt_hotcount_fold_window(h, lsb, &s->wsum);
}

/* A sum's two counters (rt_hotsum_add) into its state s, emptied. */
static inline void rt_hotsum_fold(rt_hotcount *h, int lsb, rt_aggstate *s)
{
    s->skipped += rt_hotcount_n(&h[1]);
    uint64_t n = rt_hotcount_n(&h[0]);
    if (n) {
        s->n += n;
        s->kind = RT_AGG_SUM + 1;
    }
    rt_hotcount_fold_window(&h[0], lsb, &s->wsum);
    rt_hotcount_fold_window(&h[1], lsb, &s->sum);
    memset(h, 0, 2 * sizeof *h);
}

/* rt_hotcount_fold_into, and h emptied. */
static inline void rt_hotcount_fold(rt_hotcount *h, int lsb, rt_aggstate *s)
{
    rt_hotcount_fold_into(h, lsb, s);
    memset(h, 0, sizeof *h);
}

#endif
