/* numparse.c — decimal text to double, correctly rounded.
 * We validate the syntax ourselves (so hex, inf, nan and the wrong decimal
 * separator never reach strtod), take Clinger's exact fast path when it
 * applies, and let strtod do the hard cases. */
#include "numparse.h"

#include "arena.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Powers of ten that are exact doubles: 10^k = 5^k * 2^k and 5^k fits the
 * 53-bit significand up to k = 22. */
static const double pow10_exact[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Fields longer than this are copied to the heap for strtod. */
#define STACK_COPY 128
/* Exponents are clamped here while reading; strtod sees the real text. */
#define EXP_CLAMP 100000

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* What the syntax check learnt: enough for the fast path. */
typedef struct scan {
    bool neg;
    uint64_t mant; /* the significant digits, when at most 19 */
    int sigdigits; /* significant digits seen (saturates at 20) */
    long exp10;    /* value = mant * 10^exp10 when sigdigits <= 19 */
} scan;

/* Checks s[0..n) against [+-]? (D+ (sep D*)? | sep D+) ([eE] [+-]? D+)?,
 * the decimal subset of strtod's syntax. */
static bool scan_number(const char *s, size_t n, char decimal, scan *out)
{
    size_t i = 0;
    long frac = 0, exp = 0;
    bool any = false;
    *out = (scan){0};
    if (i < n && (s[i] == '+' || s[i] == '-'))
        out->neg = s[i++] == '-';
    for (bool after = false;; i++) {
        if (i < n && is_digit(s[i])) {
            any = true;
            if (after)
                frac++;
            if (out->sigdigits || s[i] != '0') { /* leading zeros: no */
                if (out->sigdigits < 19)         /* beyond, fast_path says no */
                    out->mant = out->mant * 10 + (uint64_t)(s[i] - '0');
                if (out->sigdigits < 20)
                    out->sigdigits++;
            }
        } else if (i < n && s[i] == decimal && !after) {
            after = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        if (i >= n || !is_digit(s[i]))
            return false;
        for (; i < n && is_digit(s[i]); i++)
            if (exp < EXP_CLAMP)
                exp = exp * 10 + (s[i] - '0');
        if (eneg)
            exp = -exp;
    }
    out->exp10 = exp - frac;
    return i == n;
}

/* Clinger's fast path: an integer below 2^53 and a power of ten up to
 * 10^22 are both exact, so one IEEE multiply or divide rounds once and
 * gives the correctly rounded result. Needs double arithmetic without
 * excess precision (FLT_EVAL_METHOD 0, e.g. SSE2). */
static bool fast_path(const scan *sc, double *out)
{
#if FLT_EVAL_METHOD == 0
    if (sc->mant == 0 && sc->sigdigits == 0) {
        *out = sc->neg ? -0.0 : 0.0;
        return true;
    }
    if (sc->sigdigits > 19 || sc->mant > (UINT64_C(1) << 53) ||
        sc->exp10 < -22 || sc->exp10 > 22)
        return false;
    double d = (double)sc->mant;
    if (sc->exp10 < 0)
        d /= pow10_exact[-sc->exp10];
    else
        d *= pow10_exact[sc->exp10];
    *out = sc->neg ? -d : d;
    return true;
#else
    (void)sc;
    (void)out;
    return false;
#endif
}

/* strtod on a NUL-terminated copy with '.' as the separator. sicalc never
 * calls setlocale, so strtod runs in the C locale. */
static bool slow_path(const char *s, size_t n, char decimal, bool nonzero,
                      double *out)
{
    char stack[STACK_COPY];
    char *buf = n < sizeof stack ? stack : rt_xmalloc(n + 1);
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (decimal != '.') {
        char *sep = memchr(buf, decimal, n);
        if (sep)
            *sep = '.';
    }
    char *end;
    double d = strtod(buf, &end);
    /* Out of range: infinite, or a non-zero value that underflows to 0
     * (1e-400); a subnormal (1e-310) is kept, as strtod gives it. */
    bool ok = end == buf + n && !isinf(d) && (d != 0 || !nonzero);
    if (buf != stack)
        free(buf);
    if (ok)
        *out = d;
    return ok;
}

/* The common cases, a short run of digits with at most one decimal
 * separator ("2021", "23837.59"), with no general scan: at most 15
 * digits are below 2^53, so Clinger's one division is exact. */
static bool plain_decimal(const char *s, size_t len, char decimal, double *out)
{
    if (len == 0 || len > 16)
        return false;
    uint64_t v = 0;
    size_t digits = 0, frac = 0;
    bool after = false;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d <= 9) {
            v = v * 10 + d;
            digits++;
            frac += after;
        } else if (s[i] == decimal && !after) {
            after = true;
        } else {
            return false;
        }
    }
    if (digits == 0 || digits > 15)
        return false;
#if FLT_EVAL_METHOD != 0
    if (frac) /* the division could round twice */
        return false;
#endif
    /* No division for an integer: its latency is most of the work. */
    *out = frac ? (double)v / pow10_exact[frac] : (double)v;
    return true;
}

bool rt_parse_number(const char *s, size_t len, char decimal, double *out)
{
    if (plain_decimal(s, len, decimal, out))
        return true;
    while (len && *s == ' ')
        s++, len--;
    while (len && s[len - 1] == ' ')
        len--;
    scan sc;
    if (!scan_number(s, len, decimal, &sc))
        return false;
    if (fast_path(&sc, out))
        return true;
    return slow_path(s, len, decimal, sc.mant != 0 || sc.sigdigits > 0, out);
}

/* Why apart from rt_parse_number: only a refused value asks, to say
 * "out of range" instead of "not a number". */
bool rt_number_syntax(const char *s, size_t len, char decimal)
{
    while (len && *s == ' ')
        s++, len--;
    while (len && s[len - 1] == ' ')
        len--;
    scan sc;
    return scan_number(s, len, decimal, &sc);
}

/* Why here: finish.c and composite.c both order by it, and neither may
 * call the other's way (finish.c calls composite.c). */
/* Whether s could be read as a number: its first byte after spaces
 * starts one (a sign, a digit or the point). Most dimension values are
 * names, and sorting output rows compares them often. */
static bool may_be_number(const char *s)
{
    while (*s == ' ')
        s++;
    return is_digit(*s) || *s == '-' || *s == '+' || *s == '.';
}

/* The length of s when it is a whole number written plainly (digits,
 * no leading zero, at most 15 digits: exact as a double), else -1: two
 * such compare by length, then bytewise, which is their numeric order,
 * with no conversion (periods: "2023"). */
static long plain_whole(const char *s)
{
    if (!is_digit(s[0]) || (s[0] == '0' && s[1]))
        return -1;
    long n = 1;
    while (is_digit(s[n]))
        n++;
    return s[n] || n > 15 ? -1 : n; /* longer: doubles may tie */
}

int rt_dim_compare(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    long la = plain_whole(a), lb = plain_whole(b);
    if (la >= 0 && lb >= 0) {
        int c = la != lb ? (la < lb ? -1 : 1) : memcmp(a, b, (size_t)la);
        return (c > 0) - (c < 0);
    }
    double x, y;
    if (may_be_number(a) && may_be_number(b) &&
        rt_parse_number(a, strlen(a), '.', &x) &&
        rt_parse_number(b, strlen(b), '.', &y) && x != y)
        return x < y ? -1 : 1;
    int c = strcmp(a, b);
    return (c > 0) - (c < 0);
}
