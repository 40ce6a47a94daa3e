/* test_samples.c — order-statistic values past memory (runtime/samples.h):
 * with small runs, values spill to sorted runs in temporary files (and
 * past 64 runs are compacted into one); the sorted reading, and every
 * statistic over it, must equal sorting everything in memory, whatever
 * the split between merged states. */
#include "aggstate.h"
#include "samples.h"
#include "testhelp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 12345;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Incomes with ties (few distinct values) and weights with ties. */
static rt_sample draw(void)
{
    double x = (double)(rng() % 5000) / 4.0 - 100;
    double w = 50 + (double)(rng() % 100) / 2.0;
    return (rt_sample){x, w};
}

static bool same_stream(rt_sorted *a, rt_sorted *b)
{
    rt_sample u, v;
    rt_sorted_rewind(a);
    rt_sorted_rewind(b);
    for (;;) {
        bool ha = rt_sorted_next(a, &u), hb = rt_sorted_next(b, &v);
        if (ha != hb)
            return false;
        if (!ha)
            return true;
        /* Equal (x, w) pairs are interchangeable. */
        if (u.x != v.x || u.w != v.w)
            return false;
    }
}

/* unsorted: the values are rt_samples_unsorted (runs written as they
 * come; the reading sorts copies of its own). */
static void test_spilled(size_t n, size_t run, int parts, bool unsorted)
{
    rt_sample *all = malloc(n * sizeof *all);
    rt_samples *merged = NULL;
    size_t per = n / (size_t)parts + 1, at = 0;
    size_t runs = 0;
    for (int p = 0; p < parts; p++) {
        rt_samples *s = rt_samples_new(run);
        if (unsorted)
            rt_samples_unsorted(s);
        for (size_t i = 0; i < per && at < n; i++, at++) {
            all[at] = draw();
            rt_samples_add(&s, all[at].x, all[at].w);
        }
        runs += rt_samples_runs(s);
        rt_samples_merge(&merged, &s);
    }
    char label[160];
    snprintf(label, sizeof label,
             "%zu values%s, runs of %zu, %d states: %zu runs written", n,
             unsorted ? " (unsorted)" : "", run, parts, runs);
    TEST_COND(label, (run < per ? runs > 0 : runs == 0) &&
                         rt_samples_count(merged) == n &&
                         rt_samples_runs(merged) <= 64);

    rt_sorted *spilled = rt_sorted_open(merged);
    rt_sorted *mem = rt_sorted_of_array(all, n);
    snprintf(label, sizeof label, "%zu values: the same sorted stream", n);
    TEST_COND(label, same_stream(spilled, mem));
    bool same = true;
    static const double ps[] = {0, 0.1, 0.2, 0.5, 0.6, 0.8, 0.99, 1};
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++)
        same = same && rt_sorted_quantile(spilled, ps[i]) ==
                           rt_sorted_quantile(mem, ps[i]);
    double g1 = rt_sorted_gini(spilled), g2 = rt_sorted_gini(mem);
    double q1 = rt_sorted_qsr(spilled, 0), q2 = rt_sorted_qsr(mem, 0);
    snprintf(label, sizeof label,
             "%zu values: quantiles, gini and qsr bit for bit", n);
    TEST_COND(label, same && memcmp(&g1, &g2, sizeof g1) == 0 &&
                         memcmp(&q1, &q2, sizeof q1) == 0);
    rt_sorted_close(spilled);
    rt_sorted_close(mem);
    rt_samples_free(merged);
    free(all);
}

/* Through the aggregate state, as a run uses it: a median state fed,
 * merged from another and rolled up, against the array median. */
static void test_state(void)
{
    rt_agg med;
    memset(&med, 0, sizeof med);
    med.kind = RT_AGG_MEDIAN;
    rt_aggstate a, b, c;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&c, 0, sizeof c);
    size_t n = 3 * RT_SAMPLES_RUN / 2;
    rt_sample *all = malloc(n * sizeof *all);
    for (size_t i = 0; i < n; i++) {
        all[i] = draw();
        rt_aggstate_add(i % 2 ? &a : &b, &med, rt_num(all[i].x), all[i].w);
    }
    rt_aggstate_merge(&a, &b);
    rt_aggstate_add_state(&c, &a);
    rt_value va = rt_aggstate_value(&a, &med), vc = rt_aggstate_value(&c, &med);
    double want = rt_weighted_quantile(all, n, 0.5);
    TEST_COND("median of a spilled state, merged and rolled up",
              va.tag == RT_NUM && vc.tag == RT_NUM && va.num == want &&
                  vc.num == want && rt_samples_runs(a.samples) > 0);
    rt_aggstate_free(&a);
    rt_aggstate_free(&b);
    rt_aggstate_free(&c);
    free(all);
}

/* The one-pass quantile (given the exact total) against the two-pass
 * one, bit for bit: random weights, and integer weights whose shares hit
 * p exactly (the tie R settles with '>'). */
static void test_one_pass(void)
{
    int bad = 0, tried = 0;
    for (int t = 0; t < 400; t++) {
        size_t n = 1 + rng() % 300;
        rt_sample *a = malloc(n * sizeof *a);
        rt_xsum total = {0};
        for (size_t i = 0; i < n; i++) {
            a[i] = draw();
            if (t % 2)
                a[i].w = (double)(1 + rng() % 3); /* exact shares */
            rt_xsum_add(&total, a[i].w);
        }
        rt_sorted *it = rt_sorted_of_array(a, n);
        static const double ps[] = {0.1, 0.2, 0.25, 0.5, 0.6, 0.75, 0.8};
        for (size_t k = 0; k < sizeof ps / sizeof *ps; k++, tried++) {
            double q1 = rt_sorted_quantile(it, ps[k]);
            double q2 =
                rt_sorted_quantile_hint(it, ps[k], rt_xsum_value(&total));
            if (memcmp(&q1, &q2, sizeof q1) != 0 && bad++ < 3)
                printf("  n=%zu p=%g: %g vs %g\n", n, ps[k], q1, q2);
        }
        rt_sorted_close(it);
        rt_xsum_free(&total);
        free(a);
    }
    char label[96];
    snprintf(label, sizeof label,
             "one-pass quantiles equal two-pass ones (%d cases)", tried);
    TEST_COND(label, bad == 0);
}

/* Many groups past the memory limit: each writes runs before its buffer
 * is full, memory stays near the limit, and the values read back are
 * the same. */
static void test_memory_limit(void)
{
    enum { GROUPS = 20, PER = 100000 };
    rt_samples_set_limit((size_t)1 << 20);
    rt_samples *g[GROUPS] = {NULL};
    rt_sample *first = malloc(PER * sizeof *first);
    size_t most = 0;
    for (size_t i = 0; i < PER; i++)
        for (int k = 0; k < GROUPS; k++) {
            rt_sample v = draw();
            if (k == 0)
                first[i] = v;
            rt_samples_add(&g[k], v.x, v.w);
            size_t m = rt_samples_memory();
            most = m > most ? m : most;
        }
    size_t runs = 0;
    for (int k = 0; k < GROUPS; k++)
        runs += rt_samples_runs(g[k]);
    /* the limit, and below 16,384 values (x2 for doubling) per group */
    size_t slack = (size_t)GROUPS * 2 * 16384 * sizeof(rt_sample);
    TEST_COND("past the memory limit: runs written early, memory bounded",
              runs >= GROUPS && most <= ((size_t)1 << 20) + slack);
    rt_sorted *a = rt_sorted_open(g[0]);
    rt_sorted *b = rt_sorted_of_array(first, PER);
    TEST_COND("past the memory limit: the same sorted stream",
              same_stream(a, b));
    rt_sorted_close(a);
    rt_sorted_close(b);
    for (int k = 0; k < GROUPS; k++)
        rt_samples_free(g[k]);
    TEST_COND("all memory given back", rt_samples_memory() == 0);
    free(first);
    rt_samples_set_limit(rt_samples_default_limit());

    size_t v = 0;
    char buf[32];
    TEST_COND("sizes: 512M, 2G, 1GiB, 64k, 1000",
              rt_samples_parse_size("512M", &v) && v == (size_t)512 << 20 &&
                  rt_samples_parse_size("2G", &v) && v == (size_t)2 << 30 &&
                  rt_samples_parse_size("1GiB", &v) && v == (size_t)1 << 30 &&
                  rt_samples_parse_size("64k", &v) && v == 65536 &&
                  rt_samples_parse_size("1000", &v) && v == 1000);
    TEST_COND("bad sizes: 12Q, -1, 0, M, 1.5G",
              !rt_samples_parse_size("12Q", &v) &&
                  !rt_samples_parse_size("-1", &v) &&
                  !rt_samples_parse_size("0", &v) &&
                  !rt_samples_parse_size("M", &v) &&
                  !rt_samples_parse_size("1.5G", &v));
    rt_samples_format_size((size_t)1 << 30, buf, sizeof buf);
    bool gib = strcmp(buf, "1 GiB") == 0;
    rt_samples_format_size((size_t)1536 << 10, buf, sizeof buf);
    TEST_COND("1 GiB, 1536 KiB", gib && strcmp(buf, "1536 KiB") == 0);
}

/* The runs written for groups g[0 .. n). */
static size_t runs_of(rt_samples *const *g, size_t n)
{
    size_t runs = 0;
    for (size_t k = 0; k < n; k++)
        runs += rt_samples_runs(g[k]);
    return runs;
}

/* Of groups g[0], g[step], ... below n, those whose reading is not their
 * own values in order (group k's are vals[k * per ..], per of them). */
static int misread(rt_samples *const *g, size_t n, size_t step, rt_sample *vals,
                   size_t per)
{
    int bad = 0;
    for (size_t k = 0; k < n; k += step) {
        rt_sorted *a = rt_sorted_open(g[k]);
        rt_sorted *b = rt_sorted_of_array(vals + k * per, per);
        bad += !same_stream(a, b);
        rt_sorted_close(a);
        rt_sorted_close(b);
    }
    return bad;
}

/* Thousands of small groups (none near 16,384 values) under a 1 MiB
 * budget shared through a pool: the pool is written out as runs, memory
 * stays within the budget (and one doubling of a buffer), and every group
 * reads back the stream of its values sorted. Then a roll-up links two
 * groups: its reading is their values' stream, without a copy. */
static void test_pool(void)
{
    enum { GROUPS = 3000, PER = 200 };
    size_t lim = (size_t)1 << 20;
    rt_samples_set_limit(lim);
    rt_samples_pool *pool = rt_samples_pool_new();
    rt_samples_use_pool(pool);
    rt_samples **g = calloc(GROUPS, sizeof *g);
    rt_sample *all = malloc((size_t)GROUPS * PER * sizeof *all);
    size_t most = 0;
    for (size_t i = 0; i < PER; i++)
        for (size_t k = 0; k < GROUPS; k++) {
            rt_sample v = draw();
            all[k * PER + i] = v;
            rt_samples_add(&g[k], v.x, v.w);
            size_t m = rt_samples_memory();
            most = m > most ? m : most;
        }
    size_t runs = runs_of(g, GROUPS);
    /* 3000 x 200 values are 9.6 MB: without the pool nothing is written
     * (no group reaches 16,384 values) */
    TEST_COND("a shared budget: small groups written out, memory bounded",
              runs >= GROUPS && most <= lim + 2 * 256 * sizeof(rt_sample) &&
                  rt_samples_pool_bytes(pool) <= rt_samples_memory());
    TEST_COND("a shared budget: each group's own values, in order",
              misread(g, GROUPS, 97, all, PER) == 0);
    rt_samples *up = NULL;
    rt_samples_link(&up, g[1]);
    rt_samples_link(&up, g[2]);
    rt_sorted *a = rt_sorted_open(up);
    rt_sorted *b = rt_sorted_of_array(all + PER, 2 * PER);
    TEST_COND("a roll-up links its groups: their values' stream",
              rt_samples_count(up) == 2 * PER && same_stream(a, b));
    rt_sorted_close(a);
    rt_sorted_close(b);
    rt_samples_free(up);
    for (size_t k = 0; k < GROUPS; k++)
        rt_samples_free(g[k]);
    TEST_COND("a shared budget: all memory given back",
              rt_samples_memory() == 0 && rt_samples_pool_bytes(pool) == 0);
    rt_samples_pool_free(pool);
    free(g);
    free(all);
    rt_samples_set_limit(rt_samples_default_limit());
}

/* Two pools (two threads' budgets, switched here on one thread), one
 * holding half of a 1 MiB budget: when the other reaches the budget it
 * writes its biggest buffer, which frees half of its memory, and keeps
 * its small ones (once, it wrote them all: the total had to come down to
 * half the budget); every group reads back its own values. */
static void test_pool_share(void)
{
    enum { SMALL = 64, PER = 100, BIG = 20000 };
    size_t lim = (size_t)1 << 20;
    rt_samples_set_limit(lim);
    rt_samples_pool *other = rt_samples_pool_new(),
                    *pool = rt_samples_pool_new();
    rt_samples *half = NULL, *big = NULL, *small[SMALL] = {NULL};
    rt_samples_use_pool(other);
    for (int i = 0; i < BIG; i++) /* a buffer of 32,768 values: 512 KiB */
        rt_samples_add(&half, (double)i, 1);
    rt_samples_use_pool(pool);
    rt_sample *vals = malloc((size_t)SMALL * PER * sizeof *vals);
    for (int i = 0; i < PER; i++)
        for (int k = 0; k < SMALL; k++) {
            rt_sample v = draw();
            vals[k * PER + i] = v;
            rt_samples_add(&small[k], v.x, v.w);
        }
    size_t most = 0;
    for (int i = 0; i < BIG; i++) {
        rt_samples_add(&big, (double)i, 1);
        size_t m = rt_samples_memory();
        most = m > most ? m : most;
    }
    TEST_COND("a pool writes its biggest buffer, keeps its small ones",
              rt_samples_runs(big) > 0 && runs_of(small, SMALL) == 0 &&
                  rt_samples_runs(half) == 0 && most <= lim);
    TEST_COND("a pool's small buffers kept: their own values, in order",
              misread(small, SMALL, 1, vals, PER) == 0 &&
                  rt_samples_count(big) == BIG);
    for (int k = 0; k < SMALL; k++)
        rt_samples_free(small[k]);
    rt_samples_free(big);
    rt_samples_use_pool(other);
    rt_samples_free(half);
    rt_samples_use_pool(NULL);
    rt_samples_pool_free(pool);
    rt_samples_pool_free(other);
    free(vals);
    rt_samples_set_limit(rt_samples_default_limit());
}

static int by_x_then_w(const void *pa, const void *pb)
{
    const rt_sample *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->w > b->w) - (a->w < b->w);
}

/* The radix sort (8-bit digits below 65536 values, 16-bit from there)
 * against qsort by x then w: values of either sign, zeros of both signs,
 * ties, and magnitudes far apart (no digit pass skipped). */
static void keep_first(void *ctx, const rt_sample *v, size_t n)
{
    rt_sample *first = ctx;
    if (first->w == 0 && n) /* (weights are never 0 here) */
        *first = v[0];
}

/* Unsorted values linked into a roll-up: the roll-up's reading in order
 * and the group's own are the sorted values, and neither reorders the
 * group's buffer (other threads read it meanwhile). */
static void test_unsorted_linked(void)
{
    enum { N = 2500 };
    rt_sample *all = malloc(2 * N * sizeof *all);
    rt_samples *kid[2], *up = NULL;
    for (int k = 0; k < 2; k++) {
        kid[k] = rt_samples_new(1000);
        rt_samples_unsorted(kid[k]);
        for (int i = 0; i < N; i++) {
            all[k * N + i] = draw();
            rt_samples_add(&kid[k], all[k * N + i].x, all[k * N + i].w);
        }
        rt_samples_link(&up, kid[k]);
    }
    /* Runs of 1000: values 2000.. are kid 1's buffer, read first. */
    rt_sample before = all[N + 2000], after = {0, 0};
    rt_sample *mine = malloc(N * sizeof *mine);
    memcpy(mine, all + N, N * sizeof *mine);
    rt_sorted *a = rt_sorted_open(up), *b = rt_sorted_of_array(all, 2 * N);
    TEST_COND("unsorted values linked: the roll-up reads them in order",
              same_stream(a, b));
    rt_sorted *c = rt_sorted_open(kid[1]);
    rt_sorted *d = rt_sorted_of_array(mine, N);
    TEST_COND("unsorted values linked: the group reads its own in order",
              same_stream(c, d));
    rt_samples_each(kid[1], keep_first, &after);
    TEST_COND("unsorted values linked: the group's buffer keeps its order",
              before.x == after.x && before.w == after.w);
    rt_sorted_close(a);
    rt_sorted_close(b);
    rt_sorted_close(c);
    rt_sorted_close(d);
    rt_samples_free(up);
    rt_samples_free(kid[0]);
    rt_samples_free(kid[1]);
    free(mine);
    free(all);
}

static void test_sort(void)
{
    static const size_t sizes[] = {2, 17, 300, 5000, 65535, 70000};
    int bad = 0;
    for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++) {
        size_t n = sizes[t];
        rt_sample *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
        for (size_t i = 0; i < n; i++) {
            a[i] = draw();
            if (i % 7 == 0)
                a[i].x =
                    ldexp((double)(rng() % 1000) - 500, (int)(rng() % 80) - 40);
            if (i % 11 == 0)
                a[i].x = i % 2 ? -0.0 : 0.0;
        }
        memcpy(b, a, n * sizeof *a);
        rt_samples_sort(a, n);
        qsort(b, n, sizeof *b, by_x_then_w);
        for (size_t i = 0; i < n; i++)
            bad += by_x_then_w(&a[i], &b[i]) != 0;
        free(a);
        free(b);
    }
    TEST_COND("radix sort orders as qsort by x then w", bad == 0);
}

int main(void)
{
    test_sort();
    for (int u = 0; u < 2; u++) {
        test_spilled(10000, 1000, 1, u);
        test_spilled(50000, 997, 3, u);   /* runs and in-memory tails */
        test_spilled(100000, 1000, 5, u); /* past 64 runs: compacted */
        test_spilled(3000, 100000, 2, u); /* no run: memory only */
    }
    /* A reading's sorted copies past an eighth of the budget (8,192
     * values) go to a file of its own. */
    rt_samples_set_limit((size_t)1 << 20);
    test_spilled(50000, 997, 3, true);
    rt_samples_set_limit(rt_samples_default_limit());
    test_unsorted_linked();
    test_state();
    test_one_pass();
    test_memory_limit();
    test_pool();
    test_pool_share();
    return TEST_REPORT();
}
