/* hotcount.h — a weighted count's running total, packed: the part of a
 * count's state a record updates (Σ w in a 128-bit fixed-point window of
 * the worker's unit, and n) in 24 bytes, kept per group in one array beside the
 * states, so that a record's counts touch a few cache lines instead of one or
 * two per 112-byte state. After a scan each is folded into its state
 * (rt_hotcount_fold); an addend outside the window goes to the state
 * directly. Either way the sum is exact, so the value is the same
 * double. */
#ifndef SICALC_HOTCOUNT_H
#define SICALC_HOTCOUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "aggstate.h"
#include "xsum.h"

typedef struct rt_hotcount {
    uint64_t lo; /* the window, as rt_xsum's: a two's-complement */
    int64_t hi;  /* 128-bit multiple of 2^lsb (the worker's one unit) */
    uint64_t n;  /* rows added here */
} rt_hotcount;

/* Why one unit for all of a worker's counters: a record adds the same
 * weight to a dozen counters, so the weight is placed in the window once
 * (rt_hotcount_addend) and each counter only adds two words. */
typedef struct rt_hotadd {
    double w;   /* the weight */
    __int128 m; /* w in units of 2^lsb, when ok */
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

/* Sets *a to weight w as an addend of windows of unit 2^lsb. Why in
 * place, not returned: a returned addend is built on the stack and
 * copied 16 bytes at a time, and that load cannot take the two 8-byte
 * stores that made it from the store buffer (a stall per record). */
static inline void rt_hotcount_set_addend(rt_hotadd *a, double w, int lsb)
{
    uint64_t bits;
    memcpy(&bits, &w, sizeof bits);
    a->w = w;
    a->ok = !rt_xsum_odd(bits) && rt_xsum_window_plus(0, lsb, bits, &a->m);
}

/* Weight w as an addend of windows of unit 2^lsb. */
static inline rt_hotadd rt_hotcount_addend(double w, int lsb)
{
    rt_hotadd a = {0};
    rt_hotcount_set_addend(&a, w, lsb);
    return a;
}

/* h's window as one integer. */
static inline __int128 rt_hotcount_window(const rt_hotcount *h)
{
    return (__int128)(((unsigned __int128)(uint64_t)h->hi << 64) | h->lo);
}

/* Adds a row of addend a (ok); false when the caller must add it to the
 * state instead (a window near overflow). */
static inline bool rt_hotcount_add(rt_hotcount *h, const rt_hotadd *a)
{
    __int128 acc = rt_hotcount_window(h) + a->m;
    if (rt_xsum_near_overflow(acc))
        return false; /* (never stored: the state takes this addend) */
    h->lo = (uint64_t)acc;
    h->hi = (int64_t)(acc >> 64);
    h->n++;
    return true;
}

/* A weighted sum's running totals as two counters: h[0] takes the
 * weight (and counts the row), h[1] the product weight * value, as the
 * state would (rt_aggstate_add_sum). Adds both, or neither (false: a
 * window near overflow; the caller adds the row to the state). */
static inline bool rt_hotsum_add(rt_hotcount *h, const rt_hotadd *w,
                                 const rt_hotadd *wx)
{
    __int128 a0 = rt_hotcount_window(&h[0]) + w->m;
    __int128 a1 = rt_hotcount_window(&h[1]) + wx->m;
    if (rt_xsum_near_overflow(a0) | rt_xsum_near_overflow(a1))
        return false;
    h[0].lo = (uint64_t)a0;
    h[0].hi = (int64_t)(a0 >> 64);
    h[1].lo = (uint64_t)a1;
    h[1].hi = (int64_t)(a1 >> 64);
    h[0].n++;
    return true;
}

/* Adds h's rows (windows of unit 2^lsb) into the count's state s. */
static inline void rt_hotcount_fold_into(const rt_hotcount *h, int lsb,
                                         rt_aggstate *s)
{
    if (h->n) {
        s->n += h->n;
        s->kind = RT_AGG_COUNT + 1;
    }
    if (h->lo || h->hi) {
        rt_xsum part = {.lo = h->lo, .hi = h->hi, .lsb = lsb, .anchored = true};
        rt_xsum_merge(&s->wsum, &part);
    }
}

/* A sum's two counters (rt_hotsum_add) into its state s, emptied; the
 * second's n counts the rows skipped for a missing value. */
static inline void rt_hotsum_fold(rt_hotcount *h, int lsb, rt_aggstate *s)
{
    s->skipped += h[1].n;
    if (h[0].n) {
        s->n += h[0].n;
        s->kind = RT_AGG_SUM + 1;
    }
    if (h[0].lo || h[0].hi) {
        rt_xsum part = {
            .lo = h[0].lo, .hi = h[0].hi, .lsb = lsb, .anchored = true};
        rt_xsum_merge(&s->wsum, &part);
    }
    if (h[1].lo || h[1].hi) {
        rt_xsum part = {
            .lo = h[1].lo, .hi = h[1].hi, .lsb = lsb, .anchored = true};
        rt_xsum_merge(&s->sum, &part);
    }
    memset(h, 0, 2 * sizeof *h);
}

/* rt_hotcount_fold_into, and h emptied. */
static inline void rt_hotcount_fold(rt_hotcount *h, int lsb, rt_aggstate *s)
{
    rt_hotcount_fold_into(h, lsb, s);
    memset(h, 0, sizeof *h);
}

#endif
