/* test_numfmt.c — rt_fmt_number: exact forms of chosen values, and
 * round-tripping of many random doubles. */
#include "numfmt.h"
#include "testhelp.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int fmt_is(double v, const char *want)
{
    char buf[32];
    int n = rt_fmt_number(buf, sizeof buf, v);
    if (strcmp(buf, want) != 0 || n != (int)strlen(want)) {
        printf("  got \"%s\" (%d), want \"%s\"\n", buf, n, want);
        return 0;
    }
    return 1;
}

/* splitmix64: a fixed-seed generator so failures reproduce. */
static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void test_integers(void)
{
    TEST_COND("integer 402153", fmt_is(402153.0, "402153"));
    TEST_COND("integer -3", fmt_is(-3.0, "-3"));
    TEST_COND("integer 0", fmt_is(0.0, "0"));
    TEST_COND("negative zero prints 0", fmt_is(-0.0, "0"));
    TEST_COND("integer 100", fmt_is(100.0, "100"));
    TEST_COND("largest plain integer",
              fmt_is(999999999999999.0, "999999999999999"));
    TEST_COND("1e15 switches to %g", fmt_is(1e15, "1e+15"));
    TEST_COND("1e22", fmt_is(1e22, "1e+22"));
    TEST_COND("123456789012345678",
              fmt_is(123456789012345678.0, "1.2345678901234568e+17"));
}

static void test_fractions(void)
{
    TEST_COND("0.1", fmt_is(0.1, "0.1"));
    TEST_COND("0.3 is short", fmt_is(0.3, "0.3"));
    TEST_COND("0.1+0.2", fmt_is(0.1 + 0.2, "0.30000000000000004"));
    TEST_COND("1/3", fmt_is(1.0 / 3.0, "0.3333333333333333"));
    /* Python's repr agrees on both (it prints the shortest form too). */
    TEST_COND("2/3*100", fmt_is(2.0 / 3.0 * 100.0, "66.66666666666666"));
    TEST_COND("200/3", fmt_is(200.0 / 3.0, "66.66666666666667"));
    TEST_COND("12.495", fmt_is(12.495, "12.495"));
    TEST_COND("-2.5", fmt_is(-2.5, "-2.5"));
    TEST_COND("1e-7", fmt_is(1e-7, "1e-07"));
    TEST_COND("17 significant digits kept",
              fmt_is(17.88337169790639, "17.88337169790639"));
    TEST_COND("87037.00528743825",
              fmt_is(87037.00528743825, "87037.00528743825"));
    TEST_COND("smallest subnormal", fmt_is(5e-324, "5e-324"));
    TEST_COND("DBL_MAX", fmt_is(DBL_MAX, "1.7976931348623157e+308"));
    TEST_COND("-DBL_MAX", fmt_is(-DBL_MAX, "-1.7976931348623157e+308"));
    TEST_COND("1e15+0.5", fmt_is(1e15 + 0.5, "1000000000000000.5"));
}

static void test_small_buffer(void)
{
    char buf[4];
    int n = rt_fmt_number(buf, sizeof buf, 123456.0);
    TEST_COND("small buffer truncates like snprintf",
              n == 6 && strcmp(buf, "123") == 0);
}

/* Every finite bit pattern must read back to the same double. */

/* Whether rt_fmt_number prints v as the shortest "%.*g" that reads back
 * as v (trying every precision from 1 up); the first 5 misses are shown. */
static bool prints_shortest(double v, int misses)
{
    char buf[32], want[32];
    rt_fmt_number(buf, sizeof buf, v);
    for (int p = 1; p <= 17; p++) {
        snprintf(want, sizeof want, "%.*g", p, v);
        if (strtod(want, NULL) == v)
            break;
    }
    if (strcmp(buf, want) == 0)
        return true;
    if (misses < 5)
        printf("  %a printed as \"%s\", want \"%s\"\n", v, buf, want);
    return false;
}

static void test_random_roundtrip(void)
{
    uint64_t state = 20240611;
    int tried = 0, bad = 0;
    while (tried < 100000) {
        uint64_t bits = rng_next(&state);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v))
            continue;
        tried++;
        char buf[32];
        int n = rt_fmt_number(buf, sizeof buf, v);
        double back = strtod(buf, NULL);
        if (n >= (int)sizeof buf || memcmp(&back, &v, sizeof v) != 0) {
            if (bad++ < 5)
                printf("  %a printed as \"%s\"\n", v, buf);
        }
    }
    TEST_COND("100000 random doubles round-trip", bad == 0);

    /* Shortest: the form is %.Pg for the least P that reads back (what
     * trying every P from 1 up gives), for ratios of the usual kind. */
    bad = 0;
    for (int i = 0; i < 20000; i++) {
        double v = (double)(rng_next(&state) % 100000) /
                   (double)(1 + rng_next(&state) % 9999);
        if (i & 1)
            v *= 1e-6;
        if (v == trunc(v))
            continue;
        bad += !prints_shortest(v, bad);
    }
    TEST_COND("the shortest form, as trying every precision finds", bad == 0);

    /* Hundredths (weighted counts, money), printed without printf: the
     * same shortest form, of either sign, up to 1e13 and past it. */
    bad = 0;
    for (int i = 0; i < 20000; i++) {
        int shift = 14 + (int)(rng_next(&state) % 50);
        long long m = (long long)(rng_next(&state) >> shift);
        double v = (double)(i & 1 ? -m : m) / 100.0;
        if (v == trunc(v))
            continue;
        bad += !prints_shortest(v, bad);
    }
    TEST_COND("hundredths: the shortest form, as trying every precision "
              "finds",
              bad == 0);
    TEST_COND("0.05", fmt_is(0.05, "0.05"));
    TEST_COND("-12345.6", fmt_is(-12345.6, "-12345.6"));
    TEST_COND("344734.48", fmt_is(344734.48, "344734.48"));

    /* Integers as data mostly are: counts and sums below 2^53. */
    bad = 0;
    for (int i = 0; i < 10000; i++) {
        /* magnitudes from 0 to about 1.1e15, either sign */
        int shift = 14 + (int)(rng_next(&state) % 50);
        long long k = (long long)(rng_next(&state) >> shift);
        if (i & 1)
            k = -k;
        char buf[32], want[32];
        rt_fmt_number(buf, sizeof buf, (double)k);
        if (llabs(k) < 1000000000000000ll)
            snprintf(want, sizeof want, "%lld", k);
        else
            snprintf(want, sizeof want, "%s", buf); /* checked by strtod */
        if (strcmp(buf, want) != 0 || strtod(buf, NULL) != (double)k)
            bad++;
    }
    TEST_COND("random integers print as digits", bad == 0);
}

/* The digits computed without printf (exact integer arithmetic, from
 * 1e-6 to 2^52) against trying every precision: random magnitudes and
 * significands, exact halfway cases at 15 and 16 digits (printf rounds
 * them to even), and powers of two (a narrower gap underneath). */
static void test_exact_digits(void)
{
    uint64_t state = 20261206;
    int bad = 0;
    for (int i = 0; i < 200000; i++) {
        double unit = (double)(rng_next(&state) >> 11) / 9007199254740992.0;
        double v = pow(10.0, -7.0 + 23.0 * unit);
        if (i & 1)
            v = -v;
        if (v == trunc(v))
            continue;
        bad += !prints_shortest(v, bad);
    }
    TEST_COND("200000 doubles from 1e-7 to 1e16: the shortest form", bad == 0);

    bad = 0;
    for (int i = 0; i < 20000; i++) {
        /* n + 0.5 with n of 15 digits, and n/2 + 0.25 of 16: exact ties */
        double n = (double)(100000000000000ll +
                            (long long)(rng_next(&state) % 900000000000000ll));
        bad += !prints_shortest(n + 0.5, bad);
        bad += !prints_shortest((n + 0.5) / 1024, bad);
        bad += !prints_shortest((n * 4 + 1) / 8, bad);
    }
    TEST_COND("halfway digits round to even, as printf does", bad == 0);
    TEST_COND("a tie rounded down",
              fmt_is(123456789012344.5, "123456789012344.5"));
    TEST_COND("0.125 (exact, short)", fmt_is(0.125, "0.125"));

    bad = 0;
    for (int e = -40; e <= 60; e++) {
        double v = ldexp(1.0, e);
        if (v != trunc(v) || v >= 1e15) {
            bad += !prints_shortest(v, bad);
            bad += !prints_shortest(nextafter(v, 0), bad);
            bad += !prints_shortest(nextafter(v, INFINITY), bad);
        }
    }
    TEST_COND("powers of two and their neighbours", bad == 0);
    TEST_COND("9.9999999999999995e-05 carries to 1e-04 form",
              prints_shortest(9.99999999999999999e-05, 0));
    TEST_COND("0.0001 fixed form", fmt_is(0.0001, "0.0001"));
    TEST_COND("0.00001 exponent form", fmt_is(0.00001, "1e-05"));
}

/* Counts printed without printf, against printf. */
static void test_unsigned(void)
{
    uint64_t state = 7;
    int bad = 0;
    char buf[32], want[32];
    for (int i = 0; i < 10000; i++) {
        unsigned long long u = rng_next(&state) >> (rng_next(&state) % 64);
        int n = rt_fmt_unsigned(buf, u);
        snprintf(want, sizeof want, "%llu", u);
        bad += strcmp(buf, want) != 0 || n != (int)strlen(want);
    }
    TEST_COND("10000 counts print as %llu does", bad == 0);
    rt_fmt_unsigned(buf, 0);
    TEST_COND("count 0", strcmp(buf, "0") == 0);
    rt_fmt_unsigned(buf, 18446744073709551615ull);
    TEST_COND("largest count", strcmp(buf, "18446744073709551615") == 0);
}

int main(void)
{
    test_unsigned();
    test_exact_digits();
    test_integers();
    test_fractions();
    test_small_buffer();
    test_random_roundtrip();
    return TEST_REPORT();
}
