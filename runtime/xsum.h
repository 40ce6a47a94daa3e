/* xsum.h — exact floating-point summation (Shewchuk's algorithm, as in
 * Python's math.fsum): the partials hold the sum exactly, and the value is
 * the correctly rounded double. So a total never depends on the order of
 * the rows, and outputs are byte-identical however the data is sorted.
 * Ownership: rt_xsum_free releases the overflow array (if any). */
#ifndef SICALC_XSUM_H
#define SICALC_XSUM_H

/* Partials kept inline; data with few decimal places needs 2 or 3. */
#define RT_XSUM_INLINE 4

typedef struct rt_xsum {
    int n, cap;   /* partials in use; capacity of more */
    double *more; /* NULL until more than RT_XSUM_INLINE are needed */
    double inl[RT_XSUM_INLINE];
} rt_xsum;

void rt_xsum_add(rt_xsum *s, double x);
/* The sum, correctly rounded. */
double rt_xsum_value(const rt_xsum *s);
void rt_xsum_free(rt_xsum *s);

#endif
