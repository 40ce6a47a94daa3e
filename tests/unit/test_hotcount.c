/* test_hotcount.c — the packed counters of weighted counts (hotcount.h):
 * what a count's state holds after its rows went through a counter and a
 * fold, against exact sums computed here in integers and by hand, and
 * against the same rows added to a state directly. */
#include "hotcount.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"

/* The windows' unit, as a worker keeps it: set by the first weight that
 * can set it (reset for each test). */
static int unit_lsb;
static bool unit_set;

static void new_unit(void)
{
    unit_set = false;
    unit_lsb = 0;
}

static void fold(rt_hotcount *h, rt_aggstate *s)
{
    rt_hotcount_fold(h, unit_lsb, s);
}

/* Adds w as the worker does (worker.c count_in_state): to the counter,
 * else to the state, after the counter's rows when it is full. Counts
 * the folds of a full counter in *full (NULL: not counted). */
static void add_counted(rt_hotcount *h, rt_aggstate *s, double w, int *full)
{
    if (!unit_set)
        unit_set = rt_hotcount_unit(w, &unit_lsb);
    rt_hotadd a = rt_hotcount_addend(w, unit_lsb);
    a.ok = a.ok && unit_set;
    if (a.ok && rt_hotcount_add(h, &a))
        return;
    if (a.ok) {
        fold(h, s);
        if (full)
            ++*full;
    }
    rt_aggstate_add_count(s, w);
}

static void add(rt_hotcount *h, rt_aggstate *s, double w)
{
    add_counted(h, s, w, NULL);
}

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
    return test_xorshift(&rng);
}

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* Weights k/64 for whole k: the exact sum is Σk/64, whole in int64. */
static void test_dyadic(void)
{
    int bad = 0;
    for (int round = 0; round < 50; round++) {
        new_unit();
        rt_hotcount h = {0};
        rt_aggstate s = {0};
        int64_t k_sum = 0;
        int n = 1 + (int)(next() % 20000);
        int span = 1 + (int)(next() % 30); /* magnitudes up to 2^span */
        for (int i = 0; i < n; i++) {
            int64_t k = (int64_t)(next() % ((uint64_t)1 << span));
            if (next() % 4 == 0)
                k = -k; /* also negative weights */
            k_sum += k;
            add(&h, &s, (double)k / 64);
            if (next() % 5000 == 0) /* folded in the middle too */
                fold(&h, &s);
        }
        fold(&h, &s);
        double want = (double)k_sum / 64; /* exact: |k_sum| < 2^53 */
        if (s.n != (unsigned long long)n ||
            !same_double(rt_xsum_value(&s.wsum), want))
            bad++;
        rt_aggstate_free(&s);
    }
    TEST_COND("dyadic weights: exact sums and n over 50 random sets", bad == 0);
}

/* Weights the window cannot hold (far magnitudes, zeros, subnormals,
 * infinities, NaN) go to the state: the same value and n as adding every
 * row to a state. */
static void test_out_of_window(void)
{
    const double odd[] = {1e300, -1e300, 1e-300, 5e-324,   0.0,     -0.0,
                          1e-20, 3.5,    112.98, 1e15,     -112.98, 2.5e-8,
                          1e200, -1e200, 7.25,   INFINITY, NAN,     -INFINITY};
    int bad = 0;
    for (int round = 0; round < 200; round++) {
        new_unit();
        rt_hotcount h = {0};
        rt_aggstate s = {0}, ref = {0};
        int n = 1 + (int)(next() % 400);
        int nodd = (int)(sizeof odd / sizeof *odd) - (round % 2 ? 0 : 3);
        for (int i = 0; i < n; i++) {
            double w = odd[next() % (unsigned)nodd];
            add(&h, &s, w);
            rt_aggstate_add_count(&ref, w);
        }
        fold(&h, &s);
        if (s.n != ref.n || s.kind != ref.kind ||
            !same_double(rt_xsum_value(&s.wsum), rt_xsum_value(&ref.wsum)))
            bad++;
        rt_aggstate_free(&s);
        rt_aggstate_free(&ref);
    }
    TEST_COND("out-of-window weights: as a state fed directly", bad == 0);

    new_unit();
    rt_hotcount h = {0};
    rt_aggstate s = {0};
    add(&h, &s, 1e300);
    add(&h, &s, 1);
    add(&h, &s, -1e300);
    fold(&h, &s);
    TEST_COND("1e300 + 1 - 1e300 is 1 (by hand)",
              rt_xsum_value(&s.wsum) == 1 && s.n == 3);
    rt_aggstate_free(&s);
}

/* 1 anchors the window (unit 2^-84); 2^22 is the largest power of two
 * the counter takes beside it (2^106 units, 2^122 shifted past n), and
 * a window reaches 2^124 at its fourth: the counter is folded every
 * three, and the sum stays exact. 2^23 (2^107 units) is past the
 * window: the state takes it. */
static void test_window_full(void)
{
    new_unit();
    rt_hotcount h = {0};
    rt_aggstate s = {0};
    add(&h, &s, 1);
    rt_hotadd big = rt_hotcount_addend(4194304.0, unit_lsb);
    TEST_COND("2^22 beside 1 fits the window", big.ok);
    TEST_COND("2^23 beside 1 does not",
              !rt_hotcount_addend(8388608.0, unit_lsb).ok);
    int full = 0;
    for (int i = 0; i < 5000; i++)
        add_counted(&h, &s, 4194304.0, &full);
    fold(&h, &s);
    TEST_COND("a full window: folded, then the state takes the row",
              full >= 1000 && full <= 2500);
    TEST_COND("a full window: 1 + 5000 * 2^22 exactly",
              rt_xsum_value(&s.wsum) == 20971520001.0 && s.n == 5001);
    rt_aggstate_free(&s);
}

/* n in the counter's low bits: a counter of one group and where that
 * takes more rows than they count is folded before they would carry
 * into Σ w (200,000 rows of 1.5: n and Σ w exact, by hand). */
static void test_many_rows(void)
{
    new_unit();
    rt_hotcount h = {0};
    rt_aggstate s = {0};
    int full = 0;
    for (int i = 0; i < 200000; i++)
        add_counted(&h, &s, 1.5, &full);
    fold(&h, &s);
    TEST_COND("200,000 rows of 1.5: n 200,000, sum 300,000",
              s.n == 200000 && rt_xsum_value(&s.wsum) == 300000.0);
    TEST_COND("200,000 rows: the counter folded when its n was full",
              full == 200000 / RT_HOT_NMAX);
    rt_aggstate_free(&s);
}

/* One unit for many counters (the worker's): a weight placed once, added
 * to counters whose rows differ, each as its own state fed directly. */
static void test_shared_unit(void)
{
    new_unit();
    enum { N = 5 };
    rt_hotcount h[N] = {{0}};
    rt_aggstate s[N], ref[N];
    memset(s, 0, sizeof s);
    memset(ref, 0, sizeof ref);
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        double w = (double)(5000 + next() % 10001) / 100; /* 50.00..150.00 */
        for (int k = 0; k < N; k++)
            if (next() % (unsigned)(k + 1) == 0) {
                add(&h[k], &s[k], w);
                rt_aggstate_add_count(&ref[k], w);
            }
    }
    for (int k = 0; k < N; k++) {
        fold(&h[k], &s[k]);
        if (s[k].n != ref[k].n || !same_double(rt_xsum_value(&s[k].wsum),
                                               rt_xsum_value(&ref[k].wsum)))
            bad++;
        rt_aggstate_free(&s[k]);
        rt_aggstate_free(&ref[k]);
    }
    TEST_COND("five counters of one unit: each as its state fed directly",
              bad == 0);
}

static void test_limits(void)
{
    new_unit();
    rt_hotcount h = {0};
    rt_aggstate s = {0};
    TEST_COND(
        "an empty counter folds to an empty state",
        (fold(&h, &s), s.n == 0 && s.kind == 0 && rt_xsum_value(&s.wsum) == 0));
    h.lo = RT_HOT_NMAX - 1; /* n one short of full, Σ w 0 */
    add(&h, &s, 2.0);
    TEST_COND("n full: the counter folded, the row in the state",
              s.n == RT_HOT_NMAX && rt_xsum_value(&s.wsum) == 2.0 &&
                  h.lo == 0 && h.hi == 0);
    add(&h, &s, -3.0);
    fold(&h, &s);
    TEST_COND("then the counter starts again (a negative weight: its n "
              "intact)",
              s.n == RT_HOT_NMAX + 1 && rt_xsum_value(&s.wsum) == -1.0 &&
                  h.lo == 0 && h.hi == 0);
    rt_aggstate_free(&s);
}

int main(void)
{
    test_dyadic();
    test_out_of_window();
    test_window_full();
    test_many_rows();
    test_shared_unit();
    test_limits();
    return TEST_REPORT();
}
