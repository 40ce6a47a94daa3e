/* test_xsum.c — the value of an exact sum held in its window alone
 * (rt_xsum_value's shortcut: one integer-to-double conversion, scaled),
 * against a rounding done here in integers (the top 53 bits, the rest
 * compared with half an ulp, ties to even) and against the general way
 * through the partials (rt_xsum_value_slow): random windows of every
 * length, either sign, units from 2^-200 to 2^200, and exact ties. And
 * rt_xsum_merge of windows of two units (each thread anchors its own):
 * the exact total, computed here as one integer, and one window kept
 * whenever the finer unit can hold both. */
#include "xsum.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "testhelp.h"

static unsigned long long rng = 0x2545F4914F6CDD1Dull;

static uint64_t next(void)
{
    return test_xorshift(&rng);
}

/* acc * 2^lsb rounded to nearest, ties to even, by integers alone. */
static double by_hand(__int128 acc, int lsb)
{
    bool neg = acc < 0;
    unsigned __int128 a =
        neg ? -(unsigned __int128)acc : (unsigned __int128)acc;
    int top = 127;
    while (top > 0 && !((a >> top) & 1))
        top--;
    double v;
    if (top < 53) {
        v = ldexp((double)(uint64_t)a, lsb);
    } else {
        int cut = top - 52;
        unsigned __int128 q = a >> cut, r = a - (q << cut),
                          half = (unsigned __int128)1 << (cut - 1);
        if (r > half || (r == half && (q & 1)))
            q++;
        v = ldexp((double)(uint64_t)q, lsb + cut); /* q <= 2^53: exact */
    }
    return neg ? -v : v;
}

static bool same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static rt_xsum window(__int128 acc, int lsb)
{
    rt_xsum s = {0};
    rt_xsum_set_window(&s, acc);
    s.lsb = lsb;
    s.anchored = true;
    return s;
}

static __int128 random_window(void)
{
    int bits = 1 + (int)(next() % 126);
    unsigned __int128 a = ((unsigned __int128)next() << 64) | next();
    a &= bits >= 128 ? ~(unsigned __int128)0
                     : (((unsigned __int128)1 << bits) - 1);
    a |= (unsigned __int128)1 << (bits - 1);
    return next() & 1 ? -(__int128)a : (__int128)a;
}

static void test_random(void)
{
    int bad_hand = 0, bad_slow = 0;
    for (int i = 0; i < 200000; i++) {
        __int128 acc = random_window();
        int lsb = (int)(next() % 401) - 200;
        rt_xsum s = window(acc, lsb);
        double v = rt_xsum_value(&s);
        bad_hand += !same(v, by_hand(acc, lsb));
        bad_slow += !same(v, rt_xsum_value_slow(&s));
        rt_xsum_free(&s);
    }
    TEST_COND("200,000 random windows: the integer rounding", bad_hand == 0);
    TEST_COND("200,000 random windows: the partials' way", bad_slow == 0);
}

/* Exactly half an ulp below and above, with the kept digits even and
 * odd: (2^53 + k) * 2^c + 2^(c-1), c from 1 to 70. */
static void test_ties(void)
{
    int bad = 0;
    for (int c = 1; c <= 70; c++)
        for (int k = 0; k < 4; k++)
            for (int sign = -1; sign <= 1; sign += 2) {
                unsigned __int128 a =
                    (((unsigned __int128)1 << 53) + (unsigned)k) << c;
                a += (unsigned __int128)1 << (c - 1);
                __int128 acc = sign * (__int128)a;
                rt_xsum s = window(acc, -c);
                double v = rt_xsum_value(&s);
                bad += !same(v, by_hand(acc, -c)) ||
                       !same(v, rt_xsum_value_slow(&s));
                rt_xsum_free(&s);
            }
    TEST_COND("ties round to even, either sign", bad == 0);
}

/* Near the ends of the doubles the shortcut declines; the value is still
 * the general way's. */
static void test_extremes(void)
{
    int bad = 0;
    int lsbs[] = {-1130, -1100, -1074, 900, 960, 990};
    for (size_t j = 0; j < sizeof lsbs / sizeof *lsbs; j++)
        for (int i = 0; i < 1000; i++) {
            rt_xsum s = window(random_window(), lsbs[j]);
            bad += !same(rt_xsum_value(&s), rt_xsum_value_slow(&s));
            rt_xsum_free(&s);
        }
    TEST_COND("subnormal, huge and infinite sums: the general way", bad == 0);
}

/* A random window of up to bits bits (at least 1), either sign. */
static __int128 window_of_bits(int bits)
{
    __int128 a = random_window();
    unsigned __int128 m = a < 0 ? -(unsigned __int128)a : (unsigned __int128)a;
    m &= ((unsigned __int128)1 << bits) - 1;
    m |= 1;
    return a < 0 ? -(__int128)m : (__int128)m;
}

/* Merges a (unit 2^la) and b (unit 2^lb) both ways: false unless each
 * result is the exact total (a and b at the finer unit, summed here as
 * one integer) and, when one window was expected, has no partials. */
static bool merge_ok(__int128 a, int la, __int128 b, int lb, bool one_window)
{
    int fine = la < lb ? la : lb;
    __int128 total =
        a * ((__int128)1 << (la - fine)) + b * ((__int128)1 << (lb - fine));
    double want = by_hand(total, fine);
    bool ok = true;
    for (int way = 0; way < 2; way++) {
        rt_xsum d = way ? window(b, lb) : window(a, la);
        rt_xsum s = way ? window(a, la) : window(b, lb);
        rt_xsum_merge(&d, &s);
        ok = ok && same(rt_xsum_value(&d), want) && (!one_window || d.n == 0);
        rt_xsum_free(&d);
        rt_xsum_free(&s);
    }
    return ok;
}

static void test_merge_units(void)
{
    int bad = 0, bad_far = 0;
    for (int i = 0; i < 100000; i++) {
        /* (up to 100 bits and 20 bits apart: at most 120 at the finer) */
        int la = (int)(next() % 41) - 20, lb = la + (int)(next() % 41) - 20;
        bad += !merge_ok(window_of_bits(1 + (int)(next() % 100)), la,
                         window_of_bits(1 + (int)(next() % 100)), lb, true);
    }
    /* The coarser window cannot move 26 bits finer within 2^124: the
     * partials take it, the total is still exact. */
    for (int i = 0; i < 10000; i++) {
        __int128 a = window_of_bits(99), top = (__int128)1 << 99;
        bad_far += !merge_ok(a < 0 ? a - top : a + top, 26, window_of_bits(100),
                             0, false);
    }
    TEST_COND("100,000 merges of windows of two units: exact, one window",
              bad == 0);
    TEST_COND("merges whose coarser window cannot be refined: exact",
              bad_far == 0);
}

int main(void)
{
    test_merge_units();
    test_random();
    test_ties();
    test_extremes();
    return TEST_REPORT();
}
