/* numfmt.c — shortest decimal form of a double that reads back exactly.
 * Relies on the C locale (sicalc never calls setlocale), so the decimal
 * point is always '.'. */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Below this, an integral double prints as its digits: every such value
 * is exact, and 15 digits stay readable. Above it, %g's exponent form is
 * shorter and just as exact. */
#define INTEGRAL_LIMIT 1e15

/* Longest form: sign, 17 digits, '.', "e-308" and a NUL fit in 32. */
#define NUMFMT_MAX 400

/* Tries 1..17 significant digits; 17 always round-trips (IEEE double),
 * so the loop ends with the first, hence shortest, exact form. */
static int shortest_g(char *out, double v)
{
    /* Reading back exactly holds from some precision on, so the shortest
     * is found by bisection: 5 tries instead of up to 17. */
    int lo = 1, hi = 17;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        snprintf(out, NUMFMT_MAX, "%.*g", mid, v);
        if (strtod(out, NULL) == v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return snprintf(out, NUMFMT_MAX, "%.*g", lo, v);
}

int rt_fmt_number(char *buf, size_t size, double v)
{
    char tmp[NUMFMT_MAX];
    int n;

    if (!isfinite(v))
        n = snprintf(tmp, sizeof tmp, "%g", v); /* misuse; still readable */
    else if (fabs(v) < INTEGRAL_LIMIT && v == trunc(v))
        n = snprintf(tmp, sizeof tmp, "%lld", (long long)v); /* -0 -> "0" */
    else
        n = shortest_g(tmp, v);
    /* Copy out like snprintf: truncate to size, return the full length. */
    if (size > 0) {
        size_t k = (size_t)n < size ? (size_t)n : size - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}
