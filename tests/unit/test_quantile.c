/* test_quantile.c — weighted quantiles by selection (runtime/quantile.h)
 * against the sorted reading they stand in for (itself tested against R
 * in tests/diff/laeken.sh), bit for bit, and against hand-computed
 * values; values in memory, spilled to runs and linked by a roll-up.
 * Where rounding could decide, selection must refuse, never differ. */
#include "aggstate.h"
#include "quantile.h"
#include "samples.h"
#include "testhelp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 777;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unit(void)
{
    return (double)(rng() >> 11) / 9007199254740992.0;
}

typedef enum shape {
    INCOMES,  /* log-normal-ish, two decimals, random weights */
    TIES,     /* 200 distinct values, weights 1 to 3: shares hit p */
    ZEROS,    /* 40% zeros (of both signs), some zero weights */
    NEGATIVE, /* incomes and losses, one negative weight */
    CLUSTER,  /* all in [1024, 1088): one bucket of the first reading, so
                 a second narrows before the few are collected */
    NSHAPES
} shape;

static rt_sample draw(shape sh, size_t i)
{
    double x = round(exp(9 + 2 * unit()) * 100) / 100, w = 50 + 100 * unit();
    switch (sh) {
    case TIES:
        x = (double)(rng() % 200) * 25;
        w = (double)(1 + rng() % 3);
        break;
    case ZEROS:
        if (rng() % 5 < 2)
            x = rng() % 2 ? 0.0 : -0.0;
        if (rng() % 10 == 0)
            w = 0;
        break;
    case NEGATIVE:
        x = rng() % 4 ? x : -x;
        w = i == 7 ? -1 : w;
        break;
    case CLUSTER: x = 1024 + round(6400 * unit()) / 100; break;
    default: break;
    }
    return (rt_sample){x, w};
}

/* The states a roll-up links (freed after it). */
static rt_samples *kids[8];
static int nkids;

static void free_kids(void)
{
    while (nkids > 0)
        rt_samples_free(kids[--nkids]);
}

/* n values as parts states of runs of run values, merged, or linked by a
 * roll-up; and the same values in an array. */
static rt_samples *fill(shape sh, size_t n, size_t run, int parts, bool link,
                        rt_sample *all, rt_xsum *total)
{
    rt_samples *whole = NULL;
    size_t per = n / (size_t)parts + 1, at = 0;
    for (int p = 0; p < parts; p++) {
        rt_samples *s = rt_samples_new(run);
        for (size_t i = 0; i < per && at < n; i++, at++) {
            all[at] = draw(sh, at);
            rt_xsum_add(total, all[at].w);
            rt_samples_add(&s, all[at].x, all[at].w);
        }
        if (link) {
            rt_samples_link(&whole, s);
            kids[nkids++] = s;
        } else
            rt_samples_merge(&whole, &s);
    }
    return whole;
}

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void test_shape(shape sh, size_t n, size_t run, int parts, bool link)
{
    static const char *names[] = {"incomes", "ties", "zeros", "negative",
                                  "cluster"};
    static const double ps[] = {0.01, 0.1,  0.2, 0.25, 0.5,
                                0.6,  0.75, 0.8, 0.9,  0.99};
    rt_sample *all = malloc(n * sizeof *all);
    rt_xsum total = {0};
    rt_samples *s = fill(sh, n, run, parts, link, all, &total);
    rt_sorted *it = rt_sorted_of_array(all, n);
    int differ = 0, refused = 0, tried = 0;
    for (size_t k = 0; k < sizeof ps / sizeof *ps; k++, tried++) {
        double want = rt_sorted_quantile(it, ps[k]), got;
        if (!rt_select_quantile(s, ps[k], rt_xsum_value(&total), &got))
            refused++;
        else if (!same_bits(got, want) && differ++ < 3)
            printf("  %s p=%g: %.17g, sorted %.17g\n", names[sh], ps[k], got,
                   want);
    }
    char label[160];
    snprintf(label, sizeof label,
             "%s, %zu values, runs of %zu, %d %s: %d quantiles, %d refused, "
             "%d differ",
             names[sh], n, run, parts, link ? "linked" : "merged", tried,
             refused, differ);
    /* Refusing is allowed where rounding or a sign of zero could decide;
     * incomes never come near that, a negative weight always does. */
    bool refusals = sh == INCOMES || sh == CLUSTER ? refused == 0
                    : sh == NEGATIVE               ? refused == tried
                                                   : true;
    TEST_COND(label, differ == 0 && refusals);
    rt_sorted_close(it);
    rt_xsum_free(&total);
    rt_samples_free(s);
    free_kids();
    free(all);
}

/* By hand: 1, 2, ..., n with weight 1: the first i with i / n > p; and
 * where i / n = p exactly, refused (the margin cannot tell). */
static void test_by_hand(void)
{
    size_t n = 99999;
    rt_samples *s = rt_samples_new(4096);
    for (size_t i = 1; i <= n; i++)
        rt_samples_add(&s, (double)i, 1);
    double q5 = 0, q9 = 0, q1 = 0;
    bool ok = rt_select_quantile(s, 0.5, (double)n, &q5) &&
              rt_select_quantile(s, 0.9, (double)n, &q9) &&
              rt_select_quantile(s, 0.123, (double)n, &q1);
    TEST_COND("1..99999, weight 1: p 0.5, 0.9, 0.123 give 50000, 90000, "
              "12300",
              ok && q5 == 50000 && q9 == 90000 && q1 == 12300);
    rt_samples_add(&s, 100000, 1);
    TEST_COND("1..100000: p 0.5 falls on 50000 exactly: refused",
              !rt_select_quantile(s, 0.5, 100000, &q5));
    /* One value with all the weight but two: it is every quantile. */
    rt_samples *t = rt_samples_new(4096);
    rt_samples_add(&t, 1, 1);
    for (int i = 0; i < 70000; i++)
        rt_samples_add(&t, 1234.5, 2);
    rt_samples_add(&t, 9999, 1);
    double q = 0;
    TEST_COND("a block of 70,000 equal values holds the median",
              rt_select_quantile(t, 0.5, 140002, &q) && q == 1234.5);
    TEST_COND("p outside (0, 1), a NaN total: refused",
              !rt_select_quantile(t, 0, 140002, &q) &&
                  !rt_select_quantile(t, 1, 140002, &q) &&
                  !rt_select_quantile(t, 0.5, NAN, &q));
    rt_samples_free(s);
    rt_samples_free(t);
}

typedef struct tally {
    size_t n;
    rt_xsum w;
} tally;

static void count(void *ctx, const rt_sample *v, size_t n)
{
    tally *t = ctx;
    t->n += n;
    for (size_t i = 0; i < n; i++)
        rt_xsum_add(&t->w, v[i].w);
}

/* The unordered reading visits every value once: buffer, runs, kids. */
static void test_each(void)
{
    size_t n = 50000;
    rt_sample *all = malloc(n * sizeof *all);
    rt_xsum total = {0};
    rt_samples *s = fill(INCOMES, n, 997, 3, true, all, &total);
    tally t = {0, {0}};
    rt_samples_each(s, count, &t);
    TEST_COND("each: every value of buffers, runs and linked groups once",
              t.n == n &&
                  same_bits(rt_xsum_value(&t.w), rt_xsum_value(&total)));
    rt_xsum_free(&t.w);
    rt_xsum_free(&total);
    rt_samples_free(s);
    free_kids();
    free(all);
}

int main(void)
{
    for (shape sh = 0; sh < NSHAPES; sh++) {
        test_shape(sh, 100000, 1 << 30, 1, false); /* memory only */
        test_shape(sh, 100000, 4099, 3, false);    /* runs and tails */
        test_shape(sh, 120000, 5000, 4, true);     /* a roll-up */
    }
    /* past the values collected after the first reading */
    test_shape(CLUSTER, 400000, 1 << 30, 1, false);
    test_shape(CLUSTER, 300000, 70000, 2, true);
    for (int k = 0; k < 20; k++) /* more seeds, smaller */
        test_shape(k % 2 ? TIES : INCOMES, 3000 + rng() % 20000, 1000, 2,
                   false);
    test_by_hand();
    test_each();
    return TEST_REPORT();
}
