/* countband.c — weighted counts banded by one column's classes (countband.h).
 */
#include "countband.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* A banded where taken apart: its tests of the band column (intervals)
 * and the rest, a list of tests, or the where itself when it is not a
 * conjunction (tree), or nothing (every record). */
typedef struct part {
    int *rest;
    int nrest;
    int tree; /* the where's id when it is not a conjunction; -1 */
    rt_interval *iv;
    int niv;
    int r; /* its rest's index */
} part;

/* Whether test t of s is an interval of column slot. */
static bool band_test(const rt_filterset *s, int t, int slot, rt_interval *iv)
{
    return rt_filterset_test_interval(s, t, iv) && iv->slot == slot;
}

/* The tabled column with intervals in the most wheres; -1 when none has
 * them in two. */
static int band_column(const rt_filterset *s, const rt_column *cols, int ncols,
                       const int *fids, int n)
{
    int best = -1, best_n = 1;
    for (int c = 0; c < ncols; c++) {
        if (!rt_filterset_tabled_column(&cols[c]))
            continue;
        int k = 0;
        for (int i = 0; i < n; i++) {
            const int *t;
            int nt = fids[i] < 0 ? -1 : rt_filterset_tests(s, fids[i], &t);
            rt_interval iv;
            for (int j = 0; j < nt; j++)
                if (band_test(s, t[j], c, &iv)) {
                    k++;
                    break;
                }
        }
        if (k > best_n) {
            best = c;
            best_n = k;
        }
    }
    return best;
}

static void take_apart(const rt_filterset *s, int slot, int fid, part *p)
{
    *p = (part){.tree = -1};
    const int *t;
    int nt = fid < 0 ? 0 : rt_filterset_tests(s, fid, &t);
    if (nt < 0) {
        p->tree = fid;
        return;
    }
    p->rest = rt_xcalloc((size_t)nt + 1, sizeof(int));
    p->iv = rt_xcalloc((size_t)nt + 1, sizeof *p->iv);
    for (int j = 0; j < nt; j++) {
        if (band_test(s, t[j], slot, &p->iv[p->niv]))
            p->niv++;
        else
            p->rest[p->nrest++] = t[j];
    }
}

static bool same_rest(const part *a, const part *b)
{
    return a->tree == b->tree && a->nrest == b->nrest &&
           memcmp(a->rest, b->rest, (size_t)a->nrest * sizeof(int)) == 0;
}

/* Numbers the distinct rests (p[i].r); their count. */
static int number_rests(part *p, int n)
{
    int nr = 0;
    for (int i = 0; i < n; i++) {
        p[i].r = -1;
        for (int j = 0; j < i && p[i].r < 0; j++)
            if (same_rest(&p[i], &p[j]))
                p[i].r = p[j].r;
        if (p[i].r < 0)
            p[i].r = nr++;
    }
    return nr;
}

/* Distinct wheres among fids (equal wheres share an id). */
static int distinct(const int *fids, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = fids[j] == fids[i];
        k += !seen;
    }
    return k;
}

static bool band_holds(const part *p, double x)
{
    for (int k = 0; k < p->niv; k++)
        if (((x >= p->iv[k].lo) & (x <= p->iv[k].hi)) == p->iv[k].neg)
            return false;
    return true;
}

/* Which where ids of a set of nf are rests. */
static void index_rests(rt_countband *b, int nf)
{
    free(b->rest_of);
    free(b->is_rest);
    b->words = 0;
    b->rest_of = rt_xcalloc((size_t)nf + 1, sizeof(int));
    b->is_rest = rt_xcalloc((size_t)(nf + 63) / 64 + 1, sizeof(uint64_t));
    for (int f = 0; f < nf; f++)
        b->rest_of[f] = -1;
    for (int r = 0; r < b->nrest; r++) {
        int f = b->rest[r];
        if (f < 0)
            continue;
        b->rest_of[f] = r;
        b->is_rest[f >> 6] |= 1ull << (f & 63);
        if (f / 64 + 1 > b->words)
            b->words = f / 64 + 1;
    }
}

void rt_countband_renumber(rt_countband *b, const int *newid, int nf)
{
    for (int r = 0; r < b->nrest; r++)
        if (b->rest[r] >= 0)
            b->rest[r] = newid[b->rest[r]];
    index_rests(b, nf);
}

/* The rests as wheres of s. */
static void add_rests(rt_countband *b, rt_filterset *s, const part *p, int n)
{
    b->rest = rt_xcalloc((size_t)b->nrest + 1, sizeof(int));
    b->every = -1;
    for (int i = 0; i < n; i++) {
        int r = p[i].r;
        if (p[i].tree >= 0)
            b->rest[r] = p[i].tree;
        else if (p[i].nrest == 0)
            b->rest[r] = -1, b->every = r;
        else
            b->rest[r] = rt_filterset_add_tests(s, p[i].rest, p[i].nrest);
    }
    index_rests(b, rt_filterset_count(s));
}

/* Rest r's classes: the band values that pass the same of its wheres'
 * intervals share a counter (those that pass none, the bin). sig holds
 * one row of n flags per class found; each (where, counter) pair is
 * appended to wc (*nwc ints). Returns false past 65,534 counters. */
static bool classes(rt_countband *b, const part *p, int n, int r, bool *sig,
                    int *wc, int *nwc)
{
    int first = b->ncounters, ncls = 0;
    bool *cur = sig + (size_t)(b->n + 1) * (size_t)n;
    for (long e = 0; e < b->n; e++) {
        bool any = false;
        for (int i = 0; i < n; i++) {
            cur[i] = p[i].r == r && band_holds(&p[i], b->lo + (double)e);
            any |= cur[i];
        }
        int c = -1;
        for (int k = 0; any && k < ncls && c < 0; k++)
            if (memcmp(sig + (size_t)k * (size_t)n, cur, (size_t)n) == 0)
                c = k;
        if (any && c < 0) {
            c = ncls++;
            memcpy(sig + (size_t)c * (size_t)n, cur, (size_t)n);
            for (int i = 0; i < n; i++)
                if (cur[i])
                    wc[(*nwc)++] = i, wc[(*nwc)++] = first + c;
        }
        b->counter[(size_t)r * (size_t)b->n + (size_t)e] =
            (uint16_t)(any ? first + c : 0xFFFF);
    }
    b->ncounters += ncls;
    return b->ncounters < 0xFFFF;
}

typedef struct first_value {
    long e; /* the first band value (entry) of the counter's class */
    int c;
} first_value;

static int by_first_value(const void *a, const void *b)
{
    const first_value *x = a, *y = b;
    return x->e != y->e ? (x->e > y->e) - (x->e < y->e)
                        : (x->c > y->c) - (x->c < y->c);
}

/* Why counters are renumbered by the first band value of their class: a
 * record adds to one counter per rest it passes, each of a class that
 * holds its value, so counters of classes that start near each other
 * are the ones a record touches together; numbered rest by rest, they
 * were spread over the whole band (70 counters, 27 cache lines, for the
 * bench's 60). The bin, last, stays. Renumbers counter and the (where,
 * counter) pairs wc. */
static void order_by_value(rt_countband *b, int *wc, int npairs)
{
    int nc = b->ncounters - 1, bin = nc;
    size_t cells = (size_t)b->nrest * (size_t)b->n;
    first_value *fv = rt_xcalloc((size_t)nc + 1, sizeof *fv);
    int *newid = rt_xcalloc((size_t)nc + 1, sizeof(int));
    for (int c = 0; c < nc; c++)
        fv[c] = (first_value){b->n, c};
    for (size_t k = 0; k < cells; k++) {
        int c = b->counter[k];
        long e = (long)(k % (size_t)b->n);
        if (c != bin && e < fv[c].e)
            fv[c].e = e;
    }
    qsort(fv, (size_t)nc, sizeof *fv, by_first_value);
    for (int k = 0; k < nc; k++)
        newid[fv[k].c] = k;
    for (size_t k = 0; k < cells; k++)
        if (b->counter[k] != bin)
            b->counter[k] = (uint16_t)newid[b->counter[k]];
    for (int k = 0; k < npairs; k++)
        wc[2 * k + 1] = newid[wc[2 * k + 1]];
    free(fv);
    free(newid);
}

/* The (where, counter) pairs as both lists (countband.h). */
static void index_pairs(rt_countband *b, const int *wc, int npairs)
{
    b->wfirst = rt_xcalloc((size_t)b->nwheres + 2, sizeof(int));
    b->cfirst = rt_xcalloc((size_t)b->ncounters + 2, sizeof(int));
    b->wcounters = rt_xcalloc((size_t)npairs + 1, sizeof(int));
    b->cwheres = rt_xcalloc((size_t)npairs + 1, sizeof(int));
    for (int k = 0; k < npairs; k++) {
        b->wfirst[wc[2 * k] + 1]++;
        b->cfirst[wc[2 * k + 1] + 1]++;
    }
    for (int i = 0; i < b->nwheres; i++)
        b->wfirst[i + 1] += b->wfirst[i];
    for (int c = 0; c < b->ncounters; c++)
        b->cfirst[c + 1] += b->cfirst[c];
    int *wat = rt_xcalloc((size_t)b->nwheres + 1, sizeof(int));
    int *cat = rt_xcalloc((size_t)b->ncounters + 1, sizeof(int));
    for (int k = 0; k < npairs; k++) {
        int i = wc[2 * k], c = wc[2 * k + 1];
        b->wcounters[b->wfirst[i] + wat[i]++] = c;
        b->cwheres[b->cfirst[c] + cat[c]++] = i;
    }
    free(wat);
    free(cat);
}

static void free_parts(part *p, int n)
{
    for (int i = 0; i < n; i++) {
        free(p[i].rest);
        free(p[i].iv);
    }
    free(p);
}

rt_countband *rt_countband_plan(rt_filterset *s, const rt_column *cols,
                                int ncols, const int *fids, int n)
{
    int slot = band_column(s, cols, ncols, fids, n);
    if (slot < 0)
        return NULL;
    part *p = rt_xcalloc((size_t)n + 1, sizeof *p);
    for (int i = 0; i < n; i++)
        take_apart(s, slot, fids[i], &p[i]);
    int nrest = number_rests(p, n);
    if (nrest >= distinct(fids, n)) {
        free_parts(p, n);
        return NULL;
    }
    rt_countband *b = rt_xcalloc(1, sizeof *b);
    b->slot = slot;
    b->lo = cols[slot].lo;
    b->n = (long)(cols[slot].hi - cols[slot].lo) + 1;
    b->nrest = nrest;
    b->nwheres = n;
    add_rests(b, s, p, n);
    b->counter = rt_xcalloc((size_t)nrest * (size_t)b->n + 1, sizeof(uint16_t));
    bool *sig = rt_xcalloc(((size_t)b->n + 2) * (size_t)n + 1, sizeof(bool));
    int *wc = rt_xcalloc(2 * (size_t)n * ((size_t)b->n + 1) + 1, sizeof(int));
    int nints = 0; /* (where, counter) pairs, two ints each */
    bool ok = true;
    for (int r = 0; r < nrest && ok; r++)
        ok = classes(b, p, n, r, sig, wc, &nints);
    free(sig);
    free_parts(p, n);
    if (!ok) {
        free(wc);
        rt_countband_free(b);
        return NULL; /* (its rests stay in s: checked, never read) */
    }
    int bin = b->ncounters++;
    for (size_t k = 0; k < (size_t)nrest * (size_t)b->n; k++)
        if (b->counter[k] == 0xFFFF)
            b->counter[k] = (uint16_t)bin;
    order_by_value(b, wc, nints / 2);
    index_pairs(b, wc, nints / 2);
    free(wc);
    return b;
}

void rt_countband_free(rt_countband *b)
{
    if (!b)
        return;
    free(b->rest);
    free(b->rest_of);
    free(b->is_rest);
    free(b->counter);
    free(b->wfirst);
    free(b->wcounters);
    free(b->cfirst);
    free(b->cwheres);
    free(b);
}
