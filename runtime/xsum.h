/* xsum.h — exact floating-point summation (Shewchuk's algorithm, as in
 * Python's math.fsum): the partials hold the sum exactly, and the value is
 * the correctly rounded double. So a total never depends on the order of
 * the rows, and outputs are byte-identical however the data is sorted.
 * Ownership: rt_xsum_free releases the overflow array (if any). */
#ifndef SICALC_XSUM_H
#define SICALC_XSUM_H

#include <stdint.h>

/* Partials kept inline; data with few decimal places needs 2 or 3. */
#define RT_XSUM_INLINE 4

typedef struct rt_xsum {
    int64_t whole; /* integral addends, summed exactly as integers: the
                      common case (counts, integer weights) stays cheap */
    int n, cap;    /* partials in use; capacity of more */
    double *more;  /* NULL until more than RT_XSUM_INLINE are needed */
    double inl[RT_XSUM_INLINE];
} rt_xsum;

void rt_xsum_add_partial(rt_xsum *s, double x);

/* Integers below 2^53 go to the integer accumulator (until it would
 * overflow), everything else to the partials. */
static inline void rt_xsum_add(rt_xsum *s, double x)
{
    int64_t t;
    if (x < 9007199254740992.0 && x > -9007199254740992.0 &&
        x == (double)(int64_t)x &&
        !__builtin_add_overflow(s->whole, (int64_t)x, &t)) {
        s->whole = t;
        return;
    }
    rt_xsum_add_partial(s, x);
}
/* Adds src's sum into dst (exactly). */
void rt_xsum_merge(rt_xsum *dst, const rt_xsum *src);
/* The sum, correctly rounded. */
double rt_xsum_value(const rt_xsum *s);
void rt_xsum_free(rt_xsum *s);

#endif
