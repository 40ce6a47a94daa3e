/* test_xsum.c — the value of an exact sum held in its window alone
 * (rt_xsum_value's shortcut: one integer-to-double conversion, scaled),
 * against a rounding done here in integers (the top 53 bits, the rest
 * compared with half an ulp, ties to even) and against the general way
 * through the partials (rt_xsum_value_slow): random windows of every
 * length, either sign, units from 2^-200 to 2^200, and exact ties. */
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

int main(void)
{
    test_random();
    test_ties();
    test_extremes();
    return TEST_REPORT();
}
