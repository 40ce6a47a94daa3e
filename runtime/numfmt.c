/* numfmt.c — shortest decimal form of a double that reads back exactly.
 * Relies on the C locale (sicalc never calls setlocale), so the decimal
 * point is always '.'. */
#include "numfmt.h"

#include <stdbool.h>
#include <stdint.h>

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

/* %.Pg without printf, for the P that shortest_g settles on: digits
 * from exact integer arithmetic. |v| = m * 2^-k (m the 53-bit
 * significand); with s = P - 1 - X (X the decimal exponent), the P
 * digits are v * 10^s = N / 2^k, N = m * 10^s, rounded half to even as
 * glibc's printf does. The remainder of that division also tells
 * whether the digits read back: the decimal is within half a gap
 * between doubles of v iff 2 * dist < 10^s (4 * dist below a power of
 * two, where the gap underneath is half as wide; equality reads back
 * when m is even, strtod's ties-to-even). Needs s in 0..22 (N < 2^127)
 * and k in 1..120: roughly 1e-6 <= |v| < 2^52, else -1 (the caller's). */
typedef unsigned __int128 u128;

typedef struct {
    uint64_t digits; /* P digits, 10^(P-1) <= digits < 10^P */
    int exp10;       /* X: v ~ digits * 10^(X - P + 1) */
    bool reads_back;
} Rounded;

/* 10^0 .. 10^19: every power of ten in 64 bits. */
/* clang-format off */
static const uint64_t POW10[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
    10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
    100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull,
    100000000000000000ull, 1000000000000000000ull,
    10000000000000000000ull,
};
/* clang-format on */

static u128 pow10_wide(int s)
{
    return s <= 19 ? POW10[s] : (u128)POW10[19] * POW10[s - 19];
}

/* v's digits at precision p, or false when out of the exact range. */
static bool round_exact(uint64_t m, int k, int x, int p, Rounded *out)
{
    for (int tries = 0; tries < 3; tries++) {
        int s = p - 1 - x;
        if (s < 0 || s > 22)
            return false;
        u128 n = (u128)m * pow10_wide(s);
        u128 q = n >> k, r = n - (q << k), half = (u128)1 << (k - 1);
        if (q >= POW10[p]) {
            x++; /* the log10 estimate was low (or high, below) */
            continue;
        }
        if (q < POW10[p - 1]) {
            x--;
            continue;
        }
        bool up = r > half || (r == half && (q & 1));
        u128 dist = up ? ((u128)1 << k) - r : r;
        bool even = (m & 1) == 0;
        u128 gap2 = m == (1ull << 52) && !up ? 4 * dist : 2 * dist;
        u128 ten_s = pow10_wide(s);
        out->reads_back = gap2 < ten_s || (even && gap2 == ten_s);
        out->digits = (uint64_t)q + up;
        out->exp10 = x;
        if (out->digits == POW10[p]) { /* 9.99..5 rounded up to 10.0 */
            out->digits = POW10[p - 1];
            out->exp10++;
        }
        return true;
    }
    return false;
}

/* The text %.Pg gives for the rounded digits: trailing zeros dropped,
 * exponent form when X < -4 or X >= P. */
static int g_text(char *out, bool negative, const Rounded *r, int p)
{
    char d[20];
    uint64_t u = r->digits;
    for (int i = p - 1; i >= 0; i--, u /= 10)
        d[i] = (char)('0' + u % 10);
    int len = p;
    while (len > 1 && d[len - 1] == '0')
        len--;
    int x = r->exp10, n = 0;
    if (negative)
        out[n++] = '-';
    if (x < -4 || x >= p) {
        out[n++] = d[0];
        if (len > 1) {
            out[n++] = '.';
            memcpy(out + n, d + 1, (size_t)len - 1);
            n += len - 1;
        }
        n += sprintf(out + n, "e%c%02d", x < 0 ? '-' : '+', abs(x));
        return n;
    }
    if (x < 0) {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = -1; i > x; i--)
            out[n++] = '0';
        memcpy(out + n, d, (size_t)len);
        n += len;
    } else {
        for (int i = 0; i <= x; i++)
            out[n++] = i < len ? d[i] : '0';
        if (len > x + 1) {
            out[n++] = '.';
            memcpy(out + n, d + x + 1, (size_t)(len - x - 1));
            n += len - x - 1;
        }
    }
    out[n] = '\0';
    return n;
}

static int shortest_exact(char *out, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int field = (int)(bits >> 52 & 0x7ff);
    if (field == 0) /* zero or subnormal */
        return -1;
    uint64_t m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    int k = 1075 - field;
    if (k < 1 || k > 120)
        return -1;
    int x = (int)floor(log10(fabs(v)));
    Rounded r;
    for (int p = 15; p <= 17; p++) {
        if (!round_exact(m, k, x, p, &r))
            return -1;
        if (r.reads_back || p == 17)
            return g_text(out, v < 0, &r, p);
    }
    return -1;
}

int rt_fmt_unsigned(char *buf, unsigned long long u)
{
    char rev[20];
    int n = 0;
    do
        rev[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    for (int i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    buf[n] = '\0';
    return n;
}

/* A whole v below 2^63 in magnitude, with its sign ("-0" as "0"). */
static int fmt_integer(char *out, double v)
{
    long long k = (long long)v;
    if (k < 0) {
        out[0] = '-';
        return 1 + rt_fmt_unsigned(out + 1, -(unsigned long long)k);
    }
    return rt_fmt_unsigned(out, (unsigned long long)k);
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
    int n = 0;
    if (k < 0)
        out[n++] = '-';
    n += rt_fmt_unsigned(out + n, u / 100);
    out[n++] = '.';
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
        n = fmt_integer(tmp, v); /* -0 -> "0" */
    else if ((n = hundredths(tmp, v)) < 0 && (n = shortest_exact(tmp, v)) < 0)
        n = shortest_g(tmp, v);
    /* Copy out like snprintf: truncate to size, return the full length. */
    if (size > 0) {
        size_t k = (size_t)n < size ? (size_t)n : size - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}
