/* quantile.c — weighted quantiles by selection (see quantile.h).
 *
 * Why the answer is the sorted reading's: that reading takes the first
 * value, in order, whose running share (a long double running sum of the
 * weights over their long double total, each rounded to double) is above
 * p. With weights that are not negative, each running sum is within
 * n·2^-64 of its exact value, relative, in whatever order it was added;
 * so when the values below a block of equal values weigh less than
 * p·T·(1 − m) and the block ends above p·T·(1 + m), that block holds the
 * answer for any rounding within the bound: no value before it can be
 * above p, its last one must be. The histograms' own sums are long double
 * too, inside the same margin. A crossing inside the margin (a tie at p
 * within rounding) is left to the sorted reading. Once the bucket that
 * holds the answer has few values, one more reading collects them and
 * they are sorted in memory: the same rule, block by block of equal
 * values, with the running sum taken in another order (inside the same
 * margin: the bound holds for any order). */
#include "quantile.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define DIGIT_BITS 16
#define NBUCKETS ((size_t)1 << DIGIT_BITS)

/* One histogram of the keys still in play. */
typedef struct sel {
    uint64_t lo, hi; /* keys in play, inclusive */
    int shift;       /* a key's bucket: (key - lo) >> shift */
    size_t *count;
    long double *wsum;
    long double below; /* Σ w of the keys under lo */
    bool bad;          /* a negative or NaN weight, a NaN value */
} sel;

static void histogram(void *ctx, const rt_sample *v, size_t n)
{
    sel *s = ctx;
    long double below = 0;
    for (size_t i = 0; i < n; i++) {
        double w = v[i].w;
        if (!(w >= 0) || isnan(v[i].x)) {
            s->bad = true;
            return;
        }
        uint64_t k = rt_samples_key(v[i].x);
        if (k < s->lo) {
            below += w;
        } else if (k <= s->hi) {
            size_t b = (size_t)((k - s->lo) >> s->shift);
            s->count[b]++;
            s->wsum[b] += w;
        }
    }
    s->below += below;
}

static int bits_of(uint64_t v)
{
    return v ? 64 - __builtin_clzll(v) : 0;
}

static size_t nbuckets(const sel *s)
{
    return (size_t)((s->hi - s->lo) >> s->shift) + 1;
}

/* One reading of the values into a new histogram of [lo, hi]. */
static void count_keys(sel *s, rt_samples *values)
{
    int bits = bits_of(s->hi - s->lo);
    s->shift = bits > DIGIT_BITS ? bits - DIGIT_BITS : 0;
    memset(s->count, 0, NBUCKETS * sizeof *s->count);
    memset(s->wsum, 0, NBUCKETS * sizeof *s->wsum);
    s->below = 0;
    rt_samples_each(values, histogram, s);
}

/* The bucket that holds the answer: the first whose running sum reaches
 * tlo; SIZE_MAX when that is not sure (it ends inside the margin, so its
 * last value or the next one may be the answer, or the values before lo
 * already reach tlo). */
static size_t crossing(const sel *s, long double tlo, long double thi)
{
    long double c = s->below;
    size_t nb = nbuckets(s);
    if (!(c < tlo))
        return SIZE_MAX;
    for (size_t b = 0; b < nb; b++) {
        if (!s->count[b])
            continue;
        long double e = c + s->wsum[b];
        if (e >= tlo)
            return e > thi ? b : SIZE_MAX;
        c = e;
    }
    return SIZE_MAX;
}

/* Values of the keys in play collected by one more reading, once they
 * are this few (4 MB): sorted in memory, they answer without two more
 * readings of everything. */
#define COLLECT_MAX ((size_t)1 << 18)

typedef struct picked {
    uint64_t lo, hi;
    rt_sample *v;
    size_t n, cap;
    long double below;
} picked;

static void collect(void *ctx, const rt_sample *v, size_t n)
{
    picked *c = ctx;
    long double below = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = rt_samples_key(v[i].x);
        if (k < c->lo)
            below += v[i].w;
        else if (k <= c->hi && c->n < c->cap)
            c->v[c->n++] = v[i];
    }
    c->below += below;
}

/* The block of equal values, among the collected ones in order, whose
 * running sum first reaches tlo: its value when it ends above thi (as
 * crossing() decides a bucket of one key); false when that is not sure
 * or the values are not the ones counted. */
static bool collected_answer(picked *c, size_t want, long double tlo,
                             long double thi, double *q)
{
    if (c->n != want)
        return false;
    rt_samples_sort(c->v, c->n);
    long double e = c->below;
    if (!(e < tlo))
        return false;
    for (size_t i = 0; i < c->n;) {
        uint64_t k = rt_samples_key(c->v[i].x);
        for (; i < c->n && rt_samples_key(c->v[i].x) == k; i++)
            e += c->v[i].w;
        if (e >= tlo) {
            *q = c->v[i - 1].x;
            return e > thi && *q != 0;
        }
    }
    return false;
}

static double key_value(uint64_t k)
{
    uint64_t b = (k >> 63) ? k & ~((uint64_t)1 << 63) : ~k;
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

bool rt_select_quantile(rt_samples *s, double p, double exact_total, double *q)
{
    size_t n = rt_samples_count(s);
    if (!(p > 0 && p < 1) || !(exact_total > 0) || !isfinite(exact_total) ||
        n > ((size_t)1 << 40))
        return false;
    /* The rounding margin: both readings' running sums (n values, and
     * the buckets) and the conversions to double. */
    long double m = ldexpl((long double)n + 4 * NBUCKETS, -62) + ldexpl(1, -50);
    long double pt = (long double)p * exact_total;
    long double tlo = pt * (1 - m), thi = pt * (1 + m);
    sel h = {.lo = 0, .hi = UINT64_MAX};
    h.count = rt_xmalloc(NBUCKETS * sizeof *h.count);
    h.wsum = rt_xmalloc(NBUCKETS * sizeof *h.wsum);
    bool ok = false;
    for (;;) { /* each reading narrows the keys in play to one bucket */
        count_keys(&h, s);
        size_t b = h.bad ? SIZE_MAX : crossing(&h, tlo, thi);
        if (b == SIZE_MAX)
            break;
        uint64_t lo = h.lo + ((uint64_t)b << h.shift);
        if (h.shift == 0) { /* one key: one value, a block of equal ones */
            *q = key_value(lo);
            /* Why not zero: -0 and +0 are one block to the sorted
             * reading, which may end on either. */
            ok = *q != 0;
            break;
        }
        h.hi = lo + (((uint64_t)1 << h.shift) - 1);
        h.lo = lo;
        if (h.count[b] <= COLLECT_MAX) {
            picked c = {h.lo, h.hi, NULL, 0, h.count[b], 0};
            c.v = rt_xmalloc((c.cap + 1) * sizeof *c.v);
            rt_samples_each(s, collect, &c);
            ok = collected_answer(&c, h.count[b], tlo, thi, q);
            free(c.v);
            break;
        }
    }
    free(h.count);
    free(h.wsum);
    return ok;
}
