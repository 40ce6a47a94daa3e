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

/* Partials kept inline; most sums need none. */
#define RT_XSUM_INLINE 3
/* The window's unit is this many bits below the first addend's last bit,
 * so smaller addends still fit exactly. */
#define RT_XSUM_BELOW 32
/* Largest shift into the window: larger addends go to the partials. */
#define RT_XSUM_SHIFT 60

typedef struct rt_xsum {
    __int128 acc;  /* the window: a multiple of 2^lsb */
    int lsb;       /* the window's unit exponent, once anchored */
    bool anchored; /* false until the first addend (zeroed memory is an
                      empty sum) */
    int n, cap;    /* partials in use; capacity of more */
    double *more;  /* NULL until more than RT_XSUM_INLINE are needed */
    double inl[RT_XSUM_INLINE];
} rt_xsum;

void rt_xsum_add_partial(rt_xsum *s, double x);
/* Moves the window's contents into the partials (when it would
 * overflow). */
void rt_xsum_spill(rt_xsum *s);

static inline void rt_xsum_add(rt_xsum *s, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int bexp = (int)(bits >> 52) & 0x7ff;
    if (bexp == 0 || bexp == 0x7ff) { /* zero, subnormal, inf, nan */
        if (x != 0)
            rt_xsum_add_partial(s, x);
        return;
    }
    int e = bexp - 1075; /* x = ±m · 2^e */
    if (!s->anchored) {
        s->lsb = e - RT_XSUM_BELOW;
        s->anchored = true;
    }
    int shift = e - s->lsb;
    if (shift < 0 || shift > RT_XSUM_SHIFT) {
        rt_xsum_add_partial(s, x);
        return;
    }
    __int128 m = (__int128)((bits & ((1ull << 52) - 1)) | (1ull << 52))
                 << shift;
    s->acc += (bits >> 63) ? -m : m;
    /* Keep two bits of headroom: spill before the window can overflow. */
    if (s->acc > ((__int128)1 << 124) || s->acc < -((__int128)1 << 124))
        rt_xsum_spill(s);
}

/* Adds src's sum into dst (exactly). */
void rt_xsum_merge(rt_xsum *dst, const rt_xsum *src);
/* The sum, correctly rounded. */
double rt_xsum_value(const rt_xsum *s);
void rt_xsum_free(rt_xsum *s);

#endif
