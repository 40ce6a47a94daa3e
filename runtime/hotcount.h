/* hotcount.h — a weighted count's running total, packed: the part of a
 * count's state a record updates (Σ w in a 128-bit fixed-point window,
 * and n) in 24 bytes, kept per group in one array beside the states, so
 * that a record's counts touch a few cache lines instead of one or two
 * per 112-byte state. After a scan each is folded into its state
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
    uint64_t lo;       /* the window, as rt_xsum's: a two's-complement */
    int64_t hi;        /* 128-bit multiple of 2^lsb */
    uint32_t n;        /* rows added here */
    int16_t lsb;       /* the window's unit exponent, once anchored */
    uint16_t anchored; /* 0 until the first addend (zeroed: empty) */
} rt_hotcount;

/* Adds a row of weight w, as rt_xsum_add would into the window; false
 * when the caller must add it to the state instead (zero, subnormal,
 * infinite or NaN weights, a weight out of the window, a window near
 * overflow, n at its limit). */
static inline bool rt_hotcount_add(rt_hotcount *h, double w)
{
    uint64_t bits;
    memcpy(&bits, &w, sizeof bits);
    if (rt_xsum_odd(bits) || h->n == UINT32_MAX)
        return false;
    if (!h->anchored) {
        h->lsb = (int16_t)rt_xsum_anchor(bits);
        h->anchored = 1;
    }
    __int128 acc;
    if (!rt_xsum_window_plus(
            (__int128)(((unsigned __int128)(uint64_t)h->hi << 64) | h->lo),
            h->lsb, bits, &acc) ||
        acc > ((__int128)1 << 124) || acc < -((__int128)1 << 124))
        return false; /* (never stored: the state takes this addend) */
    h->lo = (uint64_t)acc;
    h->hi = (int64_t)(acc >> 64);
    h->n++;
    return true;
}

/* Adds h's rows into the count's state s and empties h. */
static inline void rt_hotcount_fold(rt_hotcount *h, rt_aggstate *s)
{
    if (h->n) {
        s->n += h->n;
        s->kind = RT_AGG_COUNT + 1;
    }
    if (h->anchored) {
        rt_xsum part = {
            .lo = h->lo, .hi = h->hi, .lsb = h->lsb, .anchored = true};
        rt_xsum_merge(&s->wsum, &part);
    }
    memset(h, 0, sizeof *h);
}

#endif
