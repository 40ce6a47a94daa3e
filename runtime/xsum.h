/* xsum.h — exact floating-point summation. Addends of similar magnitude
 * (the usual case: weights, incomes, counts) are added exactly into a
 * 128-bit fixed-point window anchored at the first addend; anything
 * outside the window goes to Shewchuk partials (as Python's math.fsum).
 * Either way the sum is exact and its value correctly rounded, so a total
 * never depends on the order of the rows, and outputs are byte-identical
 * however the data is sorted or split between threads.
 * Ownership: rt_xsum_free releases the overflow array (if any). */
#ifndef SICALC_XSUM_H
#define SICALC_XSUM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The window's unit is this many bits below the first addend's last bit,
 * so smaller addends still fit exactly. */
#define RT_XSUM_BELOW 32
/* Largest shift into the window: larger addends go to the partials. */
#define RT_XSUM_SHIFT 60

/* 32 bytes, 8-aligned (the window as two words, not an __int128, whose
 * 16-byte alignment would pad every aggregate state): a row's update
 * touches as few cache lines as possible. */
typedef struct rt_xsum {
    uint64_t lo;    /* the window: a two's-complement 128-bit multiple */
    int64_t hi;     /* of 2^lsb */
    double *part;   /* Shewchuk partials, NULL until one is needed */
    int32_t lsb;    /* the window's unit exponent, once anchored */
    uint16_t n;     /* partials in use */
    uint8_t caplog; /* their capacity is 4 << caplog */
    bool anchored;  /* false until the first addend (zeroed memory is an
                       empty sum) */
} rt_xsum;

static inline __int128 rt_xsum_window(const rt_xsum *s)
{
    return (__int128)(((unsigned __int128)(uint64_t)s->hi << 64) | s->lo);
}

static inline void rt_xsum_set_window(rt_xsum *s, __int128 acc)
{
    s->lo = (uint64_t)acc;
    s->hi = (int64_t)(acc >> 64);
}

void rt_xsum_add_partial(rt_xsum *s, double x);
/* Moves the window's contents into the partials (when it would
 * overflow). */
void rt_xsum_spill(rt_xsum *s);

/* The window acc (a multiple of 2^lsb) plus x, whose bits are given,
 * into *out; false when x does not fit the window exactly (its last
 * bit below 2^lsb, or shifted past RT_XSUM_SHIFT). x is normal (not
 * zero, subnormal, infinite or NaN). Shared by rt_xsum_add and the
 * packed counters (hotcount.h). */
static inline bool rt_xsum_window_plus(__int128 acc, int lsb, uint64_t bits,
                                       __int128 *out)
{
    int e = (int)((bits >> 52) & 0x7ff) - 1075; /* x = ±m · 2^e */
    int shift = e - lsb;
    if (shift < 0 || shift > RT_XSUM_SHIFT)
        return false;
    __int128 m = (__int128)((bits & ((1ull << 52) - 1)) | (1ull << 52))
                 << shift;
    *out = acc + ((bits >> 63) ? -m : m);
    return true;
}

/* Whether window acc is near overflow (|acc| about 2^124 or more), from
 * its high word alone: an addend (below 2^113) then still fits. */
static inline bool rt_xsum_near_overflow(__int128 acc)
{
    uint64_t hi = (uint64_t)(acc >> 64);
    return hi + (1ull << 60) >= (1ull << 61);
}

/* Whether x is zero, subnormal, infinite or NaN (never in a window). */
static inline bool rt_xsum_odd(uint64_t bits)
{
    int bexp = (int)(bits >> 52) & 0x7ff;
    return bexp == 0 || bexp == 0x7ff;
}

/* The unit exponent of a window anchored at x: x's last bit, less
 * RT_XSUM_BELOW bits of room for smaller addends. */
static inline int rt_xsum_anchor(uint64_t bits)
{
    return (int)((bits >> 52) & 0x7ff) - 1075 - RT_XSUM_BELOW;
}

static inline void rt_xsum_add(rt_xsum *s, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    if (rt_xsum_odd(bits)) {
        if (x != 0)
            rt_xsum_add_partial(s, x);
        return;
    }
    if (!s->anchored) {
        s->lsb = rt_xsum_anchor(bits);
        s->anchored = true;
    }
    __int128 acc;
    if (!rt_xsum_window_plus(rt_xsum_window(s), s->lsb, bits, &acc)) {
        rt_xsum_add_partial(s, x);
        return;
    }
    rt_xsum_set_window(s, acc);
    /* Keep headroom: spill before the window can overflow. */
    if (rt_xsum_near_overflow(acc))
        rt_xsum_spill(s);
}

/* Adds src's sum into dst (exactly). */
void rt_xsum_merge(rt_xsum *dst, const rt_xsum *src);
/* The sum, correctly rounded. */
double rt_xsum_value(const rt_xsum *s);
/* The same, always by adding the window's pieces to the partials (for
 * the tests of the shortcut rt_xsum_value takes). */
double rt_xsum_value_slow(const rt_xsum *s);
void rt_xsum_free(rt_xsum *s);

#endif
