/* test_numparse.c — rt_parse_number: syntax, separators, range, and
 * bit-exact agreement with strtod on many random inputs. */
#include "numparse.h"

#include "testhelp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Deterministic xorshift64*, so a failure can be reproduced. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

static bool parse(const char *s, char dec, double *out)
{
    return rt_parse_number(s, strlen(s), dec, out);
}

/* True when s parses with dec to exactly want (same bits, so -0 != 0). */
static bool is(const char *s, char dec, double want)
{
    double d = 12345.678; /* sentinel */
    return parse(s, dec, &d) && memcmp(&d, &want, sizeof d) == 0;
}

static bool rejects(const char *s, char dec)
{
    double d = 12345.678;
    return !parse(s, dec, &d) && d == 12345.678; /* *out untouched */
}

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void test_accepts(void)
{
    TEST_COND("int 0", is("0", '.', 0.0));
    TEST_COND("int 42", is("42", '.', 42.0));
    TEST_COND("int -17", is("-17", '.', -17.0));
    TEST_COND("int +5", is("+5", '.', 5.0));
    TEST_COND("int leading zeros", is("007", '.', 7.0));
    TEST_COND("int 2^53", is("9007199254740992", '.', 9007199254740992.0));
    TEST_COND("int 2^53+1 rounds to even",
              is("9007199254740993", '.', 9007199254740992.0));
    TEST_COND("int 20 digits",
              is("12345678901234567890", '.', 12345678901234567890.0));
    TEST_COND("dec 3.14", is("3.14", '.', 3.14));
    TEST_COND("dec 0.1", is("0.1", '.', 0.1));
    TEST_COND("dec .5", is(".5", '.', 0.5));
    TEST_COND("dec 5.", is("5.", '.', 5.0));
    TEST_COND("dec -0.25", is("-0.25", '.', -0.25));
    TEST_COND("dec 0.000123", is("0.000123", '.', 0.000123));
    TEST_COND("dec 12.500", is("12.500", '.', 12.5));
    TEST_COND("exp 1e3", is("1e3", '.', 1000.0));
    TEST_COND("exp 1E-3", is("1E-3", '.', 0.001));
    TEST_COND("exp 2.5e+2", is("2.5e+2", '.', 250.0));
    TEST_COND("exp -1.5e-10", is("-1.5e-10", '.', -1.5e-10));
    TEST_COND("exp 1e22", is("1e22", '.', 1e22));
    TEST_COND("exp 1e23", is("1e23", '.', 1e23));
    TEST_COND("exp 0e999999", is("0e999999", '.', 0.0));
    TEST_COND("neg zero", is("-0", '.', -0.0));
    TEST_COND("neg zero decimal", is("-0.000", '.', -0.0));
    TEST_COND("spaces around", is("  12  ", '.', 12.0));
    TEST_COND("space before sign", is(" -3.5", '.', -3.5));
    TEST_COND("DBL_MAX",
              is("1.7976931348623157e308", '.', 1.7976931348623157e308));
    TEST_COND("denormal min",
              is("4.9406564584124654e-324", '.', 4.9406564584124654e-324));
    /* A non-zero value that would round to 0 is out of range (it was
     * read as 0); a zero with any exponent is 0. */
    TEST_COND("underflow to zero refused", rejects("1e-400", '.'));
    TEST_COND("underflow to zero, syntax ok",
              rt_number_syntax("1e-400", 6, '.'));
    TEST_COND("zero with a tiny exponent", is("0e-999", '.', 0.0));
    TEST_COND("not a number, syntax", !rt_number_syntax("12a", 3, '.'));
    TEST_COND("long fraction",
              is("0.1000000000000000055511151231257827021181583404541015625",
                 '.', 0.1));
    TEST_COND("halfway case",
              is("2.2250738585072011e-308", '.', 2.2250738585072011e-308));

    double d = 0;
    TEST_COND("len bounds the text",
              rt_parse_number("12345", 3, '.', &d) && d == 123.0);
    TEST_COND("len bounds text, no NUL",
              rt_parse_number("7.5x", 3, '.', &d) && d == 7.5);
}

static void test_decimal_comma(void)
{
    TEST_COND("comma 3,14", is("3,14", ',', 3.14));
    TEST_COND("comma -0,5", is("-0,5", ',', -0.5));
    TEST_COND("comma ,5", is(",5", ',', 0.5));
    TEST_COND("comma int", is("1234", ',', 1234.0));
    TEST_COND("comma exp", is("1,5e3", ',', 1500.0));
    TEST_COND(
        "comma long (slow path)",
        is("3,14159265358979323846264338327950288", ',', 3.141592653589793));
    TEST_COND("comma rejects point", rejects("3.14", ','));
    TEST_COND("point rejects comma", rejects("3,14", '.'));
    TEST_COND("point rejects thousands", rejects("1,000", '.'));
    TEST_COND("comma rejects two commas", rejects("1,000,5", ','));
}

static void test_rejects(void)
{
    static const char *const junk[] = {
        "",     " ",     "   ", "-",   "+",        ".",    "-.",    "e5",
        "1e",   "1e+",   "1e-", "12a", "a12",      "0x1A", "0X1p3", "inf",
        "-inf", "INF",   "nan", "NaN", "Infinity", "1 2",  "--1",   "+-1",
        "1..2", "1.2.3", "\t1", "1\t", "1e5.5",    "1,5",  "1_000", "١",
        "1e 5", ". 5",   "1d",  "1f",
    };
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
        char name[64];
        snprintf(name, sizeof name, "rejects \"%s\"", junk[i]);
        TEST_COND(name, rejects(junk[i], '.'));
    }
    TEST_COND("rejects embedded NUL",
              !rt_parse_number("1\0002", 3, '.', &(double){0}));
    TEST_COND("overflow 1e309", rejects("1e309", '.'));
    TEST_COND("overflow -1e309", rejects("-1e309", '.'));
    TEST_COND("overflow huge exponent", rejects("1e999999999999999999", '.'));
    TEST_COND("overflow just above DBL_MAX",
              rejects("1.7976931348623159e308", '.'));
    TEST_COND(
        "overflow 400 digits",
        rejects("1000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000"
                "00000000000000000000000000000000000000000000000000000000",
                '.'));
}

/* Random finite doubles printed with %.17g must read back bit-exactly. */
static void test_roundtrip(void)
{
    int bad = 0, badc = 0;
    for (int k = 0; k < 300000; k++) {
        uint64_t bits = rng();
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        char buf[64];
        int n = snprintf(buf, sizeof buf, "%.17g", x);
        double y = 0;
        if (!rt_parse_number(buf, (size_t)n, '.', &y) || !same_bits(x, y)) {
            if (bad++ < 5)
                printf("  roundtrip mismatch: %s\n", buf);
        }
        char *pt = strchr(buf, '.');
        if (pt)
            *pt = ',';
        if (!rt_parse_number(buf, (size_t)n, ',', &y) || !same_bits(x, y))
            badc++;
    }
    TEST_COND("300000 random doubles %.17g round-trip", bad == 0);
    TEST_COND("same with decimal comma", badc == 0);
}

/* Short decimals like data files hold (mostly the fast path), and long
 * ones (the slow path), must agree bit for bit with strtod. */
static void test_against_strtod(void)
{
    int bad = 0;
    for (int k = 0; k < 300000; k++) {
        char buf[80];
        size_t n = 0;
        if (rng() & 1)
            buf[n++] = '-';
        int ndig = 1 + (int)(rng() % (k & 1 ? 19 : 30));
        int point = (int)(rng() % (unsigned)(ndig + 1));
        for (int i = 0; i < ndig; i++) {
            if (i == point && i > 0)
                buf[n++] = '.';
            buf[n++] = (char)('0' + rng() % 10);
        }
        if (rng() % 3 == 0)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "e%d",
                                  (int)(rng() % 61) - 30);
        buf[n] = '\0';
        double want = strtod(buf, NULL), got = 0;
        if (!rt_parse_number(buf, n, '.', &got) || !same_bits(want, got)) {
            if (bad++ < 5)
                printf("  strtod mismatch: %s\n", buf);
        }
    }
    TEST_COND("300000 random decimals agree with strtod", bad == 0);

    /* Integers and 1-2 place decimals of every size near the 2^53 edge. */
    bad = 0;
    for (uint64_t m = (UINT64_C(1) << 53) - 2000;
         m < (UINT64_C(1) << 53) + 2000; m++) {
        char buf[40];
        for (int places = 0; places < 3; places++) {
            int n = places ? snprintf(buf, sizeof buf, "%llu.%0*d",
                                      (unsigned long long)m, places, 5)
                           : snprintf(buf, sizeof buf, "%llu",
                                      (unsigned long long)m);
            double want = strtod(buf, NULL), got = 0;
            if (!rt_parse_number(buf, (size_t)n, '.', &got) ||
                !same_bits(want, got))
                bad++;
        }
    }
    TEST_COND("values around 2^53 agree with strtod", bad == 0);
}

/* rt_parse_field_number reads fields of up to 8 bytes as one word: it
 * must accept and refuse what rt_parse_number does, to the same bits,
 * whatever follows the field. Short fields from a small alphabet (digits,
 * both separators, sign, space, 'e') reach every branch. */
static void test_field_words(void)
{
    static const char alphabet[] = "0123456789012345678901234567..,-+ e";
    int bad = 0, accepted = 0;
    for (int k = 0; k < 200000; k++) {
        char buf[24];
        size_t n = 1 + rng() % 10;
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[rng() % (sizeof alphabet - 1)];
        for (size_t i = n; i < sizeof buf; i++) /* what follows: anything */
            buf[i] = (char)(rng() & 0xFF);
        char dec = k & 1 ? ',' : '.';
        double want = 7, got = 7;
        bool ok_want = rt_parse_number(buf, n, dec, &want);
        bool ok_got = rt_parse_field_number(buf, n, dec, &got);
        accepted += ok_got;
        if (ok_want != ok_got || !same_bits(want, got)) {
            if (bad++ < 5)
                printf("  field \"%.*s\" (%c): %d %.17g vs %d %.17g\n", (int)n,
                       buf, dec, ok_want, want, ok_got, got);
        }
    }
    TEST_COND("200000 short fields: as rt_parse_number, to the bit",
              bad == 0 && accepted > 20000);
    char f[16] = "23837.59,1,2";
    double v = 0;
    TEST_COND("an 8-byte income read as a word",
              rt_parse_field_number(f, 8, '.', &v) && v == 23837.59);
    TEST_COND("a separator last (5.)",
              rt_parse_field_number("5.,xxxxxxxx", 2, '.', &v) && v == 5);
    TEST_COND("a separator first (,25)",
              rt_parse_field_number(",25;xxxxxxx", 3, ',', &v) && v == 0.25);
    TEST_COND("a lone separator is not a number",
              !rt_parse_field_number(".,xxxxxxxxx", 1, '.', &v));
    TEST_COND("two separators are not a number",
              !rt_parse_field_number("1.2.3,xxxxxx", 5, '.', &v));
    TEST_COND("one digit",
              rt_parse_field_number("7,xxxxxxxxx", 1, '.', &v) && v == 7);
    TEST_COND("eight digits",
              rt_parse_field_number("12345678,xxx", 8, '.', &v) &&
                  v == 12345678);
}

/* The order of dimension values by its definition: numerically when
 * both read as different numbers, else bytewise. */
static int dim_order(const char *a, const char *b)
{
    double x, y;
    if (rt_parse_number(a, strlen(a), '.', &x) &&
        rt_parse_number(b, strlen(b), '.', &y) && x != y)
        return x < y ? -1 : 1;
    int c = strcmp(a, b);
    return (c > 0) - (c < 0);
}

static void test_dim_compare(void)
{
    static const char *const fixed[] = {"0",
                                        "00",
                                        "007",
                                        "7",
                                        "10",
                                        "9",
                                        "2023",
                                        "2019",
                                        "1.5",
                                        "-3",
                                        "+3",
                                        " 4",
                                        "Pirot",
                                        "Niš",
                                        "",
                                        "99999999999999999",
                                        "100000000000000000",
                                        "100000000000000001",
                                        "1e3",
                                        "1000"};
    int n = (int)(sizeof fixed / sizeof *fixed), bad = 0;
    char pool[200][24];
    for (int i = 0; i < 200; i++) {
        if (i < n) {
            snprintf(pool[i], sizeof pool[i], "%s", fixed[i]);
            continue;
        }
        int len = 1 + (int)(rng() % 20);
        for (int k = 0; k < len; k++)
            pool[i][k] = "0123456789.-a"[rng() % (i & 1 ? 10 : 13)];
        pool[i][len] = '\0';
    }
    for (int i = 0; i < 200; i++)
        for (int j = 0; j < 200; j++)
            if (rt_dim_compare(pool[i], pool[j]) !=
                dim_order(pool[i], pool[j])) {
                if (bad++ < 5)
                    printf("  \"%s\" vs \"%s\"\n", pool[i], pool[j]);
            }
    TEST_COND("dimension values order numerically, else bytewise (40000 "
              "pairs)",
              bad == 0);
    TEST_COND("missing last", rt_dim_compare(NULL, "x") > 0 &&
                                  rt_dim_compare("x", NULL) < 0 &&
                                  rt_dim_compare(NULL, NULL) == 0);
}

int main(void)
{
    test_dim_compare();
    test_field_words();
    test_accepts();
    test_decimal_comma();
    test_rejects();
    test_roundtrip();
    test_against_strtod();
    return TEST_REPORT();
}
