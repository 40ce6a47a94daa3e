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
    int bexp = (int)(bits >> 52) & 0x7ff;
    if (bexp == 0 || bexp == 0x7ff || h->n == UINT32_MAX)
        return false;
    int e = bexp - 1075; /* w = ±m · 2^e */
    if (!h->anchored) {
        h->lsb = (int16_t)(e - RT_XSUM_BELOW);
        h->anchored = 1;
    }
    int shift = e - h->lsb;
    if (shift < 0 || shift > RT_XSUM_SHIFT)
        return false;
    __int128 m = (__int128)((bits & ((1ull << 52) - 1)) | (1ull << 52))
                 << shift;
    __int128 acc =
        (__int128)(((unsigned __int128)(uint64_t)h->hi << 64) | h->lo) +
        ((bits >> 63) ? -m : m);
    if (acc > ((__int128)1 << 124) || acc < -((__int128)1 << 124))
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
