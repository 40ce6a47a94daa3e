/* numfmt.c — shortest decimal form of a double that reads back exactly.
 * Relies on the C locale (sicalc never calls setlocale), so the decimal
 * point is always '.'. */
#include "numfmt.h"

#include <stdbool.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"

/* Below this, an integral double prints as its digits: every such value
 * is exact, and 15 digits stay readable. Above it, %g's exponent form is
 * shorter and just as exact. */
#define INTEGRAL_LIMIT 1e15

/* Longest form: sign, 17 digits, '.', "e-308" and a NUL fit in 32. */
#define NUMFMT_MAX 400

static bool reads_back(const char *s, double v)
{
    double r;
    return rt_parse_number(s, strlen(s), '.', &r) && r == v;
}

/* Reading back exactly holds from some precision on, so the shortest
 * is found by bisection: 5 tries instead of up to 17. */
static int shortest_by_bisection(char *out, double v)
{
    int lo = 1, hi = 17;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        snprintf(out, NUMFMT_MAX, "%.*g", mid, v);
        if (reads_back(out, v))
            hi = mid;
        else
            lo = mid + 1;
    }
    return snprintf(out, NUMFMT_MAX, "%.*g", lo, v);
}

/* The shortest %g form that reads back exactly. If some p <= 15 digits
 * read back, then |v - that decimal| <= half an ulp, well under half a
 * unit of the 15th digit: so %.15g (trailing zeros dropped) is that same
 * decimal, in the same notation (v is not an integer here). Otherwise
 * 16 digits, or 17, which always read back (IEEE double). */
static int shortest_g(char *out, double v)
{
    if (fabs(v) < DBL_MIN) /* subnormal: fewer bits, the bound fails */
        return shortest_by_bisection(out, v);
    for (int p = 15; p < 17; p++) {
        int n = snprintf(out, NUMFMT_MAX, "%.*g", p, v);
        if (reads_back(out, v))
            return n;
    }
    return snprintf(out, NUMFMT_MAX, "%.17g", v);
}

/* The form of a v that is some whole m hundredths (weighted counts and
 * sums of money, which are most numbers printed), without printf: m / 100
 * as a decimal has at most 15 significant digits, and v is that decimal's
 * nearest double (one correctly rounded division), so it is what
 * shortest_g prints (%.15g, trailing zeros dropped, fixed notation for
 * 0.01 <= |v| < 1e13). -1 when v is not such a value (or is whole: the
 * caller's). */
static int hundredths(char *out, double v)
{
    double m = rint(v * 100);
    if (!(fabs(m) < 1e15) || m / 100 != v)
        return -1;
    long long k = (long long)m;
    unsigned long long u =
        k < 0 ? -(unsigned long long)k : (unsigned long long)k;
    unsigned cents = (unsigned)(u % 100);
    if (cents == 0)
        return -1;
    int n = sprintf(out, "%s%llu.", k < 0 ? "-" : "", u / 100);
    out[n++] = (char)('0' + cents / 10);
    if (cents % 10)
        out[n++] = (char)('0' + cents % 10);
    out[n] = '\0';
    return n;
}

int rt_fmt_number(char *buf, size_t size, double v)
{
    char tmp[NUMFMT_MAX];
    int n;

    if (!isfinite(v))
        n = snprintf(tmp, sizeof tmp, "%g", v); /* misuse; still readable */
    else if (fabs(v) < INTEGRAL_LIMIT && v == trunc(v))
        n = snprintf(tmp, sizeof tmp, "%lld", (long long)v); /* -0 -> "0" */
    else if ((n = hundredths(tmp, v)) < 0)
        n = shortest_g(tmp, v);
    /* Copy out like snprintf: truncate to size, return the full length. */
    if (size > 0) {
        size_t k = (size_t)n < size ? (size_t)n : size - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}
