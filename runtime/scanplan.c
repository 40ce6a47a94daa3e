/* scanplan.c — the plan of a run, built once before the first scan:
 * columns bound to header fields, state slots per grouping, each scan's
 * compiled wheres and the column contracts prepared for the record loop. */
#include "scanplan.h"

#include "design.h"

#include <stdlib.h>
#include <string.h>

#include "aggstate.h"
#include "arena.h"
#include "countband.h"
#include "eval.h"
#include "field.h"
#include "filter.h"
#include "hotcount.h"
#include "numparse.h"

static int bind_columns(rt_plan *pl, rt_csv *const *csvs, rt_data_error *err)
{
    const rt_program *p = pl->p;
    pl->field = rt_xcalloc((size_t)p->ncols + 1, sizeof *pl->field);
    pl->ds_cols = rt_xcalloc((size_t)p->ndatasets + 1, sizeof(int *));
    for (int d = 0; d < p->ndatasets; d++) {
        pl->ds_cols[d] = rt_xcalloc((size_t)p->ncols + 1, sizeof(int));
        int n = 0;
        for (int c = 0; c < p->ncols; c++)
            if (p->cols[c].ds == d)
                pl->ds_cols[d][n++] = c;
        pl->ds_cols[d][n] = -1;
    }
    for (int c = 0; c < p->ncols; c++) {
        rt_csv *csv = csvs[p->cols[c].ds];
        pl->field[c] = rt_csv_find(csv, p->cols[c].name);
        if (pl->field[c] < 0) {
            size_t n = strlen(p->cols[c].name) + 32;
            char *msg = rt_xmalloc(n);
            snprintf(msg, n, "no column '%s' in the header", p->cols[c].name);
            rt_data_error_set(err, rt_csv_path(csv), 0, NULL, 0, NULL, msg);
            free(msg);
            return 1;
        }
    }
    return 0;
}

static void collect_cols(const rt_expr *e, int **v, size_t *n, size_t *cap)
{
    if (!e)
        return;
    if (e->op == RT_COLNUM || e->op == RT_COLSTR) {
        rt_grow((void **)v, cap, *n + 2, sizeof(int));
        (*v)[(*n)++] = e->slot;
    }
    for (int i = 0; i < e->nkids; i++)
        collect_cols(e->kids[i], v, n, cap);
}

/* The columns an aggregate reads (for --lenient's invalid_values). */
static int *columns_read(const rt_agg *a)
{
    int *v = NULL;
    size_t n = 0, cap = 0;
    collect_cols(a->arg, &v, &n, &cap);
    collect_cols(a->where, &v, &n, &cap);
    collect_cols(a->weight, &v, &n, &cap);
    rt_grow((void **)&v, &cap, n + 1, sizeof(int));
    v[n] = -1;
    return v;
}

/* Each scan's wheres compiled into one set (their tests shared). */
static int num_column(const rt_expr *e);

/* Whether aggregate ag is fed as a count with a packed counter (feed_of,
 * plan_hot): a plain count of rows, weighted by a column or not. */
static bool counts_rows(const rt_agg *ag)
{
    return ag->kind == RT_AGG_COUNT && !ag->arg && !ag->w2 && !ag->design &&
           (!ag->weight || num_column(ag->weight) >= 0);
}

/* Whether e is `x is not missing` for the number column slot x. */
static bool not_missing_of(const rt_expr *e, int x)
{
    return e && e->op == RT_IS_MISSING && e->negated &&
           e->kids[0]->op == RT_COLNUM && e->kids[0]->slot == x;
}

/* Whether count c counts the rows sum s adds: c is count(where x is not
 * missing and w) (either way round), s is sum(x where w), with the same
 * weight, file, pass and base grouping. */
static bool counts_rows_of(const rt_agg *c, const rt_agg *s)
{
    int x = num_column(s->arg);
    if (s->kind != RT_AGG_SUM || x < 0 || s->w2 || s->design ||
        c->ds != s->ds || c->pass != s->pass || c->base != s->base ||
        !rt_expr_same(c->weight, s->weight))
        return false;
    const rt_expr *e = c->where;
    if (!s->where)
        return not_missing_of(e, x);
    return e && e->op == RT_AND &&
           ((not_missing_of(e->kids[0], x) &&
             rt_expr_same(e->kids[1], s->where)) ||
            (not_missing_of(e->kids[1], x) &&
             rt_expr_same(e->kids[0], s->where)));
}

typedef bool pair_fn(const rt_plan *pl, int a, int b);

/* An aggregate's partner for each of n aggregates: none yet (-1). */
static int *unpaired(int n)
{
    int *to = rt_xcalloc((size_t)n + 1, sizeof(int));
    for (int a = 0; a < n; a++)
        to[a] = -1;
    return to;
}

/* Pairs aggregates aggs[0 .. n) of one scan: to[a] becomes the first b
 * for which fits(pl, a, b), unless a has one; no b is taken twice. */
static void pair_up(const rt_plan *pl, const int *aggs, int n, pair_fn *fits,
                    int *to, bool *taken)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n && to[aggs[i]] < 0; j++)
            if (!taken[aggs[j]] && fits(pl, aggs[i], aggs[j])) {
                to[aggs[i]] = aggs[j];
                taken[aggs[j]] = true;
            }
}

/* Whether count c can take sum s's rows (counts_rows_of). */
static bool takes_rows_of(const rt_plan *pl, int c, int s)
{
    return counts_rows(&pl->p->aggs[c]) &&
           counts_rows_of(&pl->p->aggs[c], &pl->p->aggs[s]);
}

/* Why: a mean is written sum(x where c) / count(where x is not missing
 * and c), and the sum's packed counters already count those rows and
 * their weight (the rows whose x is a number: for a number column, those
 * where it is not missing). So such a count takes the sum's rows after
 * the scan (worker.c fold_sum) instead of a counter of its own a record
 * adds to (the 60: five, a third of its band's additions). Only when
 * every count of the scan has one base grouping and one weight, so that
 * the sum has packed counters whenever the counts have (scanplan.c
 * plan_hot_pairs); records outside them feed the count as before. */
static void plan_rows_of(rt_plan *pl, size_t nslots)
{
    const rt_program *p = pl->p;
    pl->rows_of = unpaired(p->naggs);
    bool *taken = rt_xcalloc((size_t)p->naggs + 1, sizeof(bool));
    for (size_t k = 0; k < nslots && !pl->no_rows_of; k++) {
        const int *aggs = pl->pass_aggs[k];
        const rt_agg *first = NULL;
        bool uniform = true;
        for (int i = 0; i < pl->npass_aggs[k]; i++) {
            const rt_agg *ag = &p->aggs[aggs[i]];
            if (!counts_rows(ag))
                continue;
            first = first ? first : ag;
            uniform = uniform && ag->base == first->base &&
                      num_column(ag->weight) == num_column(first->weight);
        }
        if (uniform)
            pair_up(pl, aggs, pl->npass_aggs[k], takes_rows_of, pl->rows_of,
                    taken);
    }
    free(taken);
}

/* A count that takes a sum's rows (rt_plan: rows_of) has no counter. */
static bool counts_by_itself(const rt_plan *pl, int a)
{
    return counts_rows(&pl->p->aggs[a]) && pl->rows_of[a] < 0;
}

/* Scan k's counts banded (countband.h), when they all share one base grouping
 * and one weight; their index in the band is band_of. */
static rt_countband *plan_band(rt_plan *pl, size_t k)
{
    const rt_program *p = pl->p;
    int n = 0, *fids = rt_xcalloc((size_t)pl->npass_aggs[k] + 1, sizeof(int));
    const rt_agg *first = NULL;
    bool uniform = true;
    for (int i = 0; i < pl->npass_aggs[k]; i++) {
        const rt_agg *ag = &p->aggs[pl->pass_aggs[k][i]];
        if (!counts_by_itself(pl, pl->pass_aggs[k][i]))
            continue;
        if (!first)
            first = ag;
        uniform = uniform && ag->base == first->base &&
                  num_column(ag->weight) == num_column(first->weight);
        fids[n++] = pl->fid[pl->pass_aggs[k][i]];
    }
    rt_countband *b = NULL;
    if (uniform && n > 1 && !pl->no_bands)
        b = rt_countband_plan(pl->fset[k], p->cols, p->ncols, fids, n);
    for (int i = 0, j = 0; b && i < pl->npass_aggs[k]; i++)
        if (counts_by_itself(pl, pl->pass_aggs[k][i]))
            pl->band_of[pl->pass_aggs[k][i]] = j++;
    free(fids);
    return b;
}

/* Why an order: a record that takes the band's counters needs only the
 * rests and the wheres of the scan's other feeds (the active wheres,
 * decided by rt_filterset_eval_active); the banded wheres themselves
 * only for the other records. Active wheres first fill fewer words. */
static void order_active(rt_plan *pl, size_t k, rt_countband *b)
{
    rt_filterset *s = pl->fset[k];
    int nf = rt_filterset_count(s), n = 0, nactive;
    bool *act = rt_xcalloc((size_t)nf + 1, sizeof(bool));
    int *newid = rt_xcalloc((size_t)nf + 1, sizeof(int));
    for (int r = 0; r < b->nrest; r++)
        if (b->rest[r] >= 0)
            act[b->rest[r]] = true;
    for (int i = 0; i < pl->npass_aggs[k]; i++) {
        int a = pl->pass_aggs[k][i];
        if (pl->band_of[a] < 0 && pl->fid[a] >= 0 && pl->rows_of[a] < 0)
            act[pl->fid[a]] = true;
    }
    for (int f = 0; f < nf; f++)
        if (act[f])
            newid[f] = n++;
    nactive = n;
    for (int f = 0; f < nf; f++)
        if (!act[f])
            newid[f] = n++;
    rt_filterset_order(s, newid);
    rt_filterset_set_active(s, nactive);
    for (int i = 0; i < pl->npass_aggs[k]; i++) {
        int a = pl->pass_aggs[k][i];
        if (pl->fid[a] >= 0)
            pl->fid[a] = newid[pl->fid[a]];
    }
    rt_countband_renumber(b, newid, nf);
    free(act);
    free(newid);
}

static void plan_filters(rt_plan *pl, size_t nslots)
{
    const rt_program *p = pl->p;
    pl->fset = rt_xcalloc(nslots, sizeof *pl->fset);
    pl->band = rt_xcalloc(nslots, sizeof *pl->band);
    pl->fid = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    pl->band_of = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    for (int a = 0; a < p->naggs; a++)
        pl->fid[a] = pl->band_of[a] = -1;
    for (size_t k = 0; k < nslots; k++) {
        for (int i = 0; i < pl->npass_aggs[k]; i++) {
            int a = pl->pass_aggs[k][i];
            if (!pl->fset[k])
                pl->fset[k] = rt_filterset_new();
            pl->fid[a] = rt_filterset_add(pl->fset[k], p->aggs[a].where);
        }
        if (!pl->fset[k])
            continue;
        pl->band[k] = plan_band(pl, k);
        if (pl->band[k])
            order_active(pl, k, pl->band[k]);
        rt_filterset_finish(pl->fset[k], p->cols);
        int words = rt_filterset_words(pl->fset[k]);
        int pwords = rt_filterset_pass_words(pl->fset[k]);
        if (words > pl->filter_words)
            pl->filter_words = words;
        if (pwords > pl->filter_words)
            pl->filter_words = pwords;
    }
}

/* Whether order statistic b can read a's values: the same rows give the
 * same values (the same file, pass, value, weight and where), grouped the
 * same way (b's breakdowns among a's, whatever the groups each is fed
 * by: an arpt of the period reads the arpr's rolled-up total). Those that keep
 * rows for a standard error or Σ w² keep their own; shares below a threshold
 * (rewrite.h) share only with their own kind, whose rows they count. */
static bool same_values(const rt_agg *a, const rt_agg *b)
{
    if (!rt_agg_is_order_stat(a->kind) || !rt_agg_is_order_stat(b->kind) ||
        (a->kind == RT_AGG_BELOW) != (b->kind == RT_AGG_BELOW) || a->design ||
        b->design || a->w2 || b->w2 || a->ds != b->ds || a->pass != b->pass ||
        a->base < 0 || !rt_expr_same(a->arg, b->arg) ||
        !rt_expr_same(a->weight, b->weight) ||
        !rt_expr_same(a->where, b->where))
        return false;
    for (int i = 0; i < b->ngroupings; i++) {
        int j = 0;
        while (j < a->ngroupings && a->groupings[j] != b->groupings[i])
            j++;
        if (j == a->ngroupings)
            return false;
    }
    return true;
}

/* Order statistics over the same values share one buffer of them (the
 * first one's): one copy of the values in memory and in runs, one sort;
 * those that share leave their scan's list (they are not fed). */
static void plan_shares(rt_plan *pl, size_t nslots)
{
    const rt_program *p = pl->p;
    pl->share = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    for (int a = 0; a < p->naggs; a++)
        pl->share[a] = -1;
    for (size_t k = 0; k < nslots; k++) {
        int n = 0;
        for (int i = 0; i < pl->npass_aggs[k]; i++) {
            int b = pl->pass_aggs[k][i];
            for (int j = 0; j < n && pl->share[b] < 0; j++)
                if (same_values(&p->aggs[pl->pass_aggs[k][j]], &p->aggs[b]))
                    pl->share[b] = pl->pass_aggs[k][j];
            if (pl->share[b] < 0)
                pl->pass_aggs[k][n++] = b;
        }
        pl->npass_aggs[k] = n;
    }
}

/* The column an expression only reads as a number, or -1. */
static int num_column(const rt_expr *e)
{
    return e && e->op == RT_COLNUM ? e->slot : -1;
}

/* Kinds that read values in no order (arpt: the period's median, by
 * selection): values that only they read are written to runs unsorted. */
static bool reads_unordered(rt_aggkind k)
{
    return k == RT_AGG_ARPR || k == RT_AGG_BELOW || k == RT_AGG_ARPT;
}

static void plan_unsorted(rt_plan *pl)
{
    const rt_program *p = pl->p;
    pl->unsorted = rt_xcalloc((size_t)p->naggs + 1, sizeof(bool));
    /* An arpt's own values give small groups' medians, read in order. */
    for (int a = 0; a < p->naggs; a++)
        pl->unsorted[a] = pl->share[a] < 0 && (p->aggs[a].kind == RT_AGG_ARPR ||
                                               p->aggs[a].kind == RT_AGG_BELOW);
    for (int b = 0; b < p->naggs; b++)
        if (pl->share[b] >= 0 && !reads_unordered(p->aggs[b].kind))
            pl->unsorted[pl->share[b]] = false;
}

/* How a record updates aggregate ag (rt_feedop). */
static rt_feedop feed_op(const rt_agg *ag)
{
    int xslot = num_column(ag->arg), wslot = num_column(ag->weight);
    bool plain = !ag->w2 && !ag->design && (!ag->weight || wslot >= 0);
    if (counts_rows(ag))
        return RT_FEED_COUNT;
    if (plain && ag->kind == RT_AGG_SUM && xslot >= 0)
        return RT_FEED_SUM;
    if (plain && rt_agg_is_order_stat(ag->kind) && xslot >= 0)
        return RT_FEED_VALUE;
    return RT_FEED_ANY;
}

/* Whether aggregate part's values can be a part of whole's: both keep
 * the values of one column, weighted alike, in the same base groups,
 * read in no order; whole has no where, part has one. */
static bool can_be_part(const rt_plan *pl, int whole, int part)
{
    const rt_agg *w = &pl->p->aggs[whole], *q = &pl->p->aggs[part];
    return pl->fid[whole] < 0 && pl->fid[part] >= 0 && pl->unsorted[whole] &&
           pl->unsorted[part] && feed_op(w) == RT_FEED_VALUE &&
           feed_op(q) == RT_FEED_VALUE && w->base == q->base &&
           rt_expr_same(w->arg, q->arg) && rt_expr_same(w->weight, q->weight);
}

/* Why parts: an arpr keeps every record's income, and a share below its
 * line where age < 18 (rewrite.h) keeps the children's again: a second
 * value stored, in a second buffer whose end is a cache miss, for a
 * fifth of the records. So a record that passes the share's where gives
 * its value to the share only, and after the pass the share's values of
 * each base group are linked into the arpr's (exec.c join_parts): each
 * reads the same values as before, and since both read them in no order
 * (exact sums, selection), where they lie changes no result. One part a
 * whole, one whole a part. */
static void plan_parts(rt_plan *pl, size_t nslots)
{
    const rt_program *p = pl->p;
    pl->part = unpaired(p->naggs);
    bool *taken = rt_xcalloc((size_t)p->naggs + 1, sizeof(bool));
    for (size_t k = 0; k < nslots; k++)
        pair_up(pl, pl->pass_aggs[k], pl->npass_aggs[k], can_be_part, pl->part,
                taken);
    free(taken);
}

static rt_feed feed_of(const rt_plan *pl, int a)
{
    const rt_agg *ag = &pl->p->aggs[a];
    rt_feed f = {.agg = a,
                 .base = ag->base,
                 .local = pl->base_local[a],
                 .op = feed_op(ag),
                 .xslot = num_column(ag->arg),
                 .wslot = num_column(ag->weight),
                 .hot = -1,
                 .hsum = -1,
                 .hval = -1,
                 .band = pl->band_of[a],
                 .rows_local = -1,
                 .by_sum = pl->rows_of[a] >= 0,
                 .part_where = pl->part[a] >= 0 ? pl->fid[pl->part[a]] : -1};
    f.unsorted = f.op == RT_FEED_VALUE && pl->unsorted[a];
    return f;
}

/* Each sum whose rows a count takes (rt_plan: rows_of) told that
 * count's state slot. */
static void link_rows_of(const rt_plan *pl, rt_feedplan *fp, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; fp->feed[i].by_sum && j < n; j++)
            if (fp->feed[j].agg == pl->rows_of[fp->feed[i].agg])
                fp->feed[j].rows_local = fp->feed[i].local;
}

/* Each scan's aggregates ordered by where (a counting sort on 1 + the
 * where's id, 0 for none; the scan's order kept within a where). */
static void plan_feeds(rt_plan *pl, size_t nslots)
{
    pl->feeds = rt_xcalloc(nslots, sizeof *pl->feeds);
    for (size_t k = 0; k < nslots; k++) {
        rt_feedplan *fp = &pl->feeds[k];
        int n = pl->npass_aggs[k], nf;
        nf = fp->nfilters = pl->fset[k] ? rt_filterset_count(pl->fset[k]) : 0;
        fp->first = rt_xcalloc((size_t)nf + 2, sizeof(int));
        fp->feed = rt_xcalloc((size_t)n + 1, sizeof *fp->feed);
        int *at = rt_xcalloc((size_t)nf + 2, sizeof(int));
        for (int i = 0; i < n; i++)
            fp->first[pl->fid[pl->pass_aggs[k][i]] + 1]++;
        /* Now first[key] counts key's; made the end of each key's run
         * (first[f] is then where f's start, first[nf] the end). */
        for (int key = 1; key <= nf; key++)
            fp->first[key] += fp->first[key - 1];
        for (int key = 1; key <= nf; key++)
            at[key] = fp->first[key - 1];
        for (int i = 0; i < n; i++) {
            int a = pl->pass_aggs[k][i];
            fp->feed[at[pl->fid[a] + 1]++] = feed_of(pl, a);
        }
        free(at);
        link_rows_of(pl, fp, n);
    }
}

/* Whether the scan's packed counters (its band's aside) share one base
 * grouping and one weight, and come in consecutive slots where by
 * where: 1, with hot_base and hot_wslot set; 0 when it has none; -1. */
static int hot_uniform(rt_feedplan *fp, int n)
{
    int next = -1;
    for (int i = 0; i < n; i++) {
        const rt_feed *f = &fp->feed[i];
        if (f->hot < 0)
            continue;
        if (next < 0) {
            fp->hot_base = f->base;
            fp->hot_wslot = f->wslot;
            next = f->hot;
        }
        if (f->base != fp->hot_base || f->wslot != fp->hot_wslot ||
            f->hot != next++)
            return -1;
    }
    return next >= 0;
}

/* Whether the ranges layout applies (rt_feedplan): the packed counters
 * and the band's share one base grouping and one weight. */
static bool ranges_apply(rt_feedplan *fp, int n)
{
    fp->hot_base = -1;
    int u = hot_uniform(fp, n);
    if (u < 0)
        return false;
    if (!fp->band)
        return u > 0;
    const rt_feed *f = NULL;
    for (int i = 0; i < n && !f; i++)
        if (fp->feed[i].band >= 0)
            f = &fp->feed[i];
    if (u > 0 && (f->base != fp->hot_base || f->wslot != fp->hot_wslot))
        return false;
    fp->hot_base = f->base;
    fp->hot_wslot = f->wslot;
    return true;
}

/* The scan's feeds split into ranges of packed counters and lists of the
 * others (its banded counts in neither: the band feeds them), by where
 * (rt_feedplan). */
static void plan_hot_ranges(rt_feedplan *fp, int n)
{
    int nkeys = fp->nfilters + 1;
    fp->hot_at = rt_xcalloc((size_t)nkeys + 1, sizeof(int));
    fp->cold_at = rt_xcalloc((size_t)nkeys + 1, sizeof(int));
    fp->cold = rt_xcalloc((size_t)n + 1, sizeof *fp->cold);
    fp->hsum_at = rt_xcalloc((size_t)nkeys + 1, sizeof(int));
    fp->hsums = rt_xcalloc((size_t)n + 1, sizeof *fp->hsums);
    fp->hval_at = rt_xcalloc((size_t)nkeys + 1, sizeof(int));
    fp->hvals = rt_xcalloc((size_t)n + 1, sizeof *fp->hvals);
    fp->rich = rt_xcalloc((size_t)fp->nfilters / 64 + 1, sizeof(uint64_t));
    if (!ranges_apply(fp, n)) {
        fp->hot_base = -1;
        return;
    }
    int nhsum = 0, nhval = 0;
    int hot = 0, ncold = 0;
    for (int i = 0; i < n; i++)
        if (fp->feed[i].hot >= 0) {
            hot = fp->feed[i].hot;
            break;
        }
    for (int key = 0; key < nkeys; key++) {
        int lo = key ? fp->first[key - 1] : 0, hi = fp->first[key];
        fp->hot_at[key] = hot;
        fp->cold_at[key] = ncold;
        fp->hsum_at[key] = nhsum;
        fp->hval_at[key] = nhval;
        for (int i = lo; i < hi; i++) {
            const rt_feed *f = &fp->feed[i];
            if (f->hot >= 0)
                hot++;
            else if (f->hsum >= 0)
                fp->hsums[nhsum++] = *f;
            else if (f->hval >= 0 && f->base == fp->hot_base &&
                     f->wslot == fp->hot_wslot)
                fp->hvals[nhval++] = *f;
            else if (fp->feed[i].band < 0 && !fp->feed[i].by_sum)
                fp->cold[ncold++] = fp->feed[i];
        }
    }
    fp->hot_at[nkeys] = hot;
    fp->cold_at[nkeys] = ncold;
    fp->hsum_at[nkeys] = nhsum;
    fp->hval_at[nkeys] = nhval;
    for (int f = 0; f < fp->nfilters; f++)
        if (fp->hsum_at[f + 1] < fp->hsum_at[f + 2] ||
            fp->hval_at[f + 1] < fp->hval_at[f + 2] ||
            fp->cold_at[f + 1] < fp->cold_at[f + 2])
            fp->rich[f / 64] |= 1ull << (f % 64);
}

/* Packed counters h .. h + n - 1 of grouping g, folded into states
 * local (-1: a band's, folded by its wheres). */
static void add_hot(rt_plan *pl, int g, int n, int local)
{
    pl->hot_local[g] =
        rt_xrealloc(pl->hot_local[g], (size_t)(pl->nhot[g] + n) * sizeof(int));
    for (int i = 0; i < n; i++)
        pl->hot_local[g][pl->nhot[g]++] = local;
}

/* The counters of scan k's band after the scan's own, and each banded
 * where's state slot. */
static void plan_band_counters(rt_plan *pl, size_t k)
{
    rt_feedplan *fp = &pl->feeds[k];
    fp->band = pl->band[k];
    fp->active_words = (fp->nfilters + 63) / 64;
    if (!fp->band)
        return;
    fp->active_words = rt_filterset_active_words(pl->fset[k]);
    fp->band_local = rt_xcalloc((size_t)fp->band->nwheres + 1, sizeof(int));
    int g = -1;
    for (int i = 0; i < pl->npass_aggs[k]; i++) {
        const rt_feed *f = &fp->feed[i];
        if (f->band >= 0) {
            fp->band_local[f->band] = f->local;
            g = f->base;
        }
    }
    fp->band_base = g;
    fp->band_at = pl->nhot[g];
    add_hot(pl, g, fp->band->ncounters, -1);
}

/* Two packed counters for each sum and each plain order statistic of
 * scan k in the base grouping and weight of its counts, after the
 * counts' (the ranges layout feeds them; the others feed the state): a
 * sum's weight and weight * value (rt_hotsum_add); an order statistic's
 * count and weight (rt_aggstate_count_value, without reading the state
 * per record), then the address of its group's value buffer. */
static void plan_hot_pairs(rt_plan *pl, size_t k)
{
    rt_feedplan *fp = &pl->feeds[k];
    int base = -1, wslot = -1;
    for (int i = 0; i < pl->npass_aggs[k] && base < 0; i++)
        if (fp->feed[i].op == RT_FEED_COUNT) {
            base = fp->feed[i].base;
            wslot = fp->feed[i].wslot;
        }
    for (int i = 0; base >= 0 && i < pl->npass_aggs[k]; i++) {
        rt_feed *f = &fp->feed[i];
        if (f->base != base || f->wslot != wslot)
            continue;
        if (f->op == RT_FEED_SUM)
            f->hsum = pl->nhot[base];
        else if (f->op == RT_FEED_VALUE)
            f->hval = pl->nhot[base];
        else
            continue;
        add_hot(pl, base, 2, -1);
    }
}

/* Every weighted count a scan feeds gets a packed counter in its base
 * grouping's groups (hotcount.h), or a band's (countband.h), folded into its
 * state after the scan. */
static void plan_hot(rt_plan *pl, size_t nslots)
{
    const rt_program *p = pl->p;
    pl->nhot = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(int));
    pl->hot_local = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(int *));
    for (size_t k = 0; k < nslots; k++) {
        for (int i = 0; i < pl->npass_aggs[k]; i++) {
            rt_feed *f = &pl->feeds[k].feed[i];
            if (f->op != RT_FEED_COUNT || f->band >= 0 || f->by_sum)
                continue;
            f->hot = pl->nhot[f->base];
            add_hot(pl, f->base, 1, f->local);
        }
        plan_band_counters(pl, k);
        plan_hot_pairs(pl, k);
    }
    for (size_t k = 0; k < nslots; k++) {
        rt_feedplan *fp = &pl->feeds[k];
        plan_hot_ranges(fp, pl->npass_aggs[k]);
        size_t n = fp->hot_base >= 0
                       ? (size_t)pl->nhot[fp->hot_base] * sizeof(rt_hotcount)
                       : 0;
        fp->prefetch_bytes = (int)(n < 12 * 64 ? n : 12 * 64);
    }
}

static rt_fastconv fast_kind(const rt_column *col)
{
    if (col->type == RT_COL_TEXT && col->nallowed && !col->as_num)
        return RT_FAST_TEXT;
    if (col->type == RT_COL_BOOL && !col->nallowed && !col->has_range)
        return RT_FAST_BOOL;
    if ((col->type == RT_COL_INT || col->type == RT_COL_NUMBER ||
         (col->type == RT_COL_ANY && col->as_num)) &&
        !col->nallowed)
        return RT_FAST_NUMBER;
    if (col->type == RT_COL_TEXT && col->as_str && !col->as_num &&
        !col->nallowed && !col->has_range && !col->nonneg)
        return RT_FAST_PLAIN;
    return RT_FAST_NONE;
}

/* Allowed values as lengths and numbers, so that records are checked
 * without strlen or number parsing. */
static void plan_columns(rt_plan *pl)
{
    const rt_program *p = pl->p;
    pl->conv = rt_xcalloc((size_t)p->ncols + 1, sizeof *pl->conv);
    for (int c = 0; c < p->ncols; c++) {
        const rt_column *col = &p->cols[c];
        rt_colconv *cv = &pl->conv[c];
        size_t n = (size_t)col->nallowed + 1;
        cv->allowed_len = rt_xcalloc(n, sizeof(size_t));
        cv->allowed_num = rt_xcalloc(n, sizeof(double));
        cv->allowed_isnum = rt_xcalloc(n, sizeof(bool));
        cv->allowed_utf8 = rt_xcalloc(n, sizeof(bool));
        for (int i = 0; i < col->nallowed; i++) {
            const char *a = col->allowed[i];
            cv->allowed_len[i] = strlen(a);
            cv->allowed_isnum[i] = rt_parse_number(a, cv->allowed_len[i], '.',
                                                   &cv->allowed_num[i]);
            cv->allowed_utf8[i] = rt_valid_utf8(a, cv->allowed_len[i]);
        }
        cv->fast = fast_kind(col);
        cv->hashed = col->nallowed < 255;
        for (int i = 0; i < col->nallowed && cv->hashed; i++) {
            unsigned h = rt_allowed_hash(col->allowed[i], cv->allowed_len[i]);
            cv->hashed = cv->by_hash[h] == 0;
            cv->by_hash[h] = (unsigned char)(i + 1);
        }
    }
}

static void plan_states(rt_plan *pl)
{
    const rt_program *p = pl->p;
    pl->nattached = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(int));
    pl->local = rt_xcalloc((size_t)p->naggs + 1, sizeof *pl->local);
    pl->agg_cols = rt_xcalloc((size_t)p->naggs + 1, sizeof(int *));
    size_t nslots = (size_t)(p->npasses + 1) * p->ndatasets + 1;
    pl->pass_aggs = rt_xcalloc(nslots, sizeof *pl->pass_aggs);
    pl->npass_aggs = rt_xcalloc(nslots, sizeof(int));
    pl->base_slot = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    pl->fed = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(bool));
    bool *reached = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(bool));
    for (int a = 0; a < p->naggs; a++) {
        const rt_agg *ag = &p->aggs[a];
        pl->local[a] = rt_xcalloc((size_t)ag->ngroupings + 1, sizeof(int));
        for (int i = 0; i < ag->ngroupings; i++) {
            pl->local[a][i] = pl->nattached[ag->groupings[i]]++;
            reached[ag->groupings[i]] = true;
            if (ag->groupings[i] == ag->base)
                pl->base_slot[a] = i;
        }
        if (ag->base >= 0)
            pl->fed[ag->base] = true;
        pl->agg_cols[a] = columns_read(ag);
        if (ag->base < 0) /* never fed */
            continue;
        int k = ag->pass * p->ndatasets + ag->ds;
        pl->pass_aggs[k] = rt_xrealloc(
            pl->pass_aggs[k], (size_t)(pl->npass_aggs[k] + 1) * sizeof(int));
        pl->pass_aggs[k][pl->npass_aggs[k]++] = a;
    }
    for (int g = 0; g < p->ngroupings; g++)
        pl->fed[g] = pl->fed[g] || !reached[g];
    free(reached);
    pl->base_local = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    for (int a = 0; a < p->naggs; a++)
        pl->base_local[a] = pl->local[a][pl->base_slot[a]];
    plan_rows_of(pl, nslots);
    plan_filters(pl, nslots);
    plan_shares(pl, nslots);
    plan_unsorted(pl);
    plan_parts(pl, nslots);
    plan_feeds(pl, nslots);
    plan_hot(pl, nslots);
    plan_columns(pl);
    pl->per_keys = rt_xcalloc((size_t)p->nperaggs + 1, sizeof(rt_groups *));
    pl->per_vals = rt_xcalloc((size_t)p->nperaggs + 1, sizeof(rt_value *));
    pl->periods = rt_groups_new();
}

static void mark_cols(const rt_program *p, const rt_expr *e, int ds, bool *mark)
{
    if (!e)
        return;
    if (e->op == RT_COLNUM || e->op == RT_COLSTR)
        mark[e->slot] = true;
    if (e->op == RT_PERAGG) { /* the key of the per-key lookup */
        const rt_grouping *g = &p->groupings[p->peraggs[e->slot].grouping];
        for (int d = 0; d < g->ndims; d++)
            mark_cols(p, g->dims[ds * g->ndims + d], ds, mark);
    }
    for (int i = 0; i < e->nkids; i++)
        mark_cols(p, e->kids[i], ds, mark);
}

static void mark_grouping(const rt_program *p, int g, int ds, bool *mark)
{
    const rt_grouping *gr = &p->groupings[g];
    for (int d = 0; d < gr->ndims; d++)
        mark_cols(p, gr->dims[ds * gr->ndims + d], ds, mark);
}

/* Why: a run finds the value ids of such columns in its column loop,
 * so that a record neither measures nor hashes their text again. A
 * column serves one slot, a slot one column. */
static void plan_scan_dims(rt_plan *pl, int ds)
{
    const rt_program *p = pl->p;
    pl->scan_dims =
        rt_xrealloc(pl->scan_dims, sizeof(int) * ((size_t)p->ncols + 1));
    pl->scan_dim_cols =
        rt_xrealloc(pl->scan_dim_cols, sizeof(int) * ((size_t)p->ncols + 1));
    for (int c = 0; c <= p->ncols; c++)
        pl->scan_dims[c] = -1;
    int n = 0;
    bool *taken = rt_xcalloc((size_t)(p->ndims + p->ngroupings) + 1, 1);
    for (const int *g = pl->scan_groupings; *g >= 0; g++) {
        const rt_grouping *gr = &p->groupings[*g];
        for (int d = 0; d < gr->ndims; d++) {
            const rt_expr *e = gr->dims[ds * gr->ndims + d];
            int slot = gr->outcol[d] >= 0 ? gr->outcol[d] : p->ndims + *g;
            if (e && e->op == RT_COLSTR &&
                pl->conv[e->slot].fast == RT_FAST_PLAIN &&
                pl->scan_dims[e->slot] < 0 && !taken[slot]) {
                pl->scan_dims[e->slot] = slot;
                pl->scan_dim_cols[n++] = e->slot;
                taken[slot] = true;
            }
        }
    }
    pl->scan_dim_cols[n] = -1;
    free(taken);
}

/* Column c's values as its shortcut converts them (worker.c fast_*),
 * missing first, into nums and strs; how many (0: a kind not classed). */
static int shortcut_values(const rt_plan *pl, int c, rt_value *nums,
                           rt_value *strs)
{
    const rt_column *col = &pl->p->cols[c];
    nums[0] = strs[0] = rt_missing();
    switch (pl->conv[c].fast) {
    case RT_FAST_TEXT:
        for (int i = 0; i < col->nallowed; i++) {
            nums[1 + i] = rt_missing();
            strs[1 + i] = rt_interned(col->allowed[i]);
        }
        return 1 + col->nallowed;
    case RT_FAST_BOOL:
        for (int b = 0; b < 2; b++) {
            nums[1 + b] = rt_bool(b);
            strs[1 + b] = rt_str(b ? "1" : "0"); /* (not interned) */
        }
        return 3;
    case RT_FAST_NUMBER:
        nums[1] = rt_num(0);
        strs[1] = rt_str("0");
        return 2;
    case RT_FAST_PLAIN:
        nums[1] = rt_missing();
        strs[1] = rt_str("");
        return 2;
    default: return 0;
    }
}

/* Why: the column loop of a run decides the tests of a column whose
 * classes its converted value alone decides (an allowed text, a boolean,
 * present or missing), a lookup a value, instead of the filter deciding
 * each record's classes again (worker.c convert_run_as). */
static void plan_scan_masks(rt_plan *pl, int k)
{
    const rt_program *p = pl->p;
    rt_filterset *fs = pl->fset[k];
    for (int c = 0; pl->scan_masks && c < p->ncols; c++)
        free(pl->scan_masks[c]);
    free(pl->scan_masks);
    pl->scan_masks = rt_xcalloc((size_t)p->ncols + 1, sizeof(uint64_t *));
    pl->scan_words = 0;
    if (!fs)
        return;
    int words = rt_filterset_words(fs);
    bool *cols = rt_xcalloc((size_t)p->ncols + 1, sizeof(bool));
    for (const int *c = pl->scan_cols; *c >= 0; c++) {
        const rt_column *col = &p->cols[*c];
        rt_value *nums = rt_xcalloc((size_t)col->nallowed + 3, sizeof *nums);
        rt_value *strs = rt_xcalloc((size_t)col->nallowed + 3, sizeof *strs);
        int n = pl->scan_dims[*c] < 0 ? shortcut_values(pl, *c, nums, strs) : 0;
        uint64_t *m =
            rt_xcalloc((size_t)(n + 1) * (size_t)words, sizeof(uint64_t));
        if (n && rt_filterset_class_masks(fs, *c, n, nums, strs, m)) {
            pl->scan_masks[*c] = m;
            pl->scan_words = words;
            cols[*c] = true;
        } else {
            free(m);
        }
        free(nums);
        free(strs);
    }
    rt_filterset_preclassed(fs, cols);
    free(cols);
}

/* Why per scan: a file's first scan checks its whole contract, later
 * ones convert only what their pass reads (see scanplan.h). */
void rt_plan_scan(rt_plan *pl, int pass, int ds, bool first)
{
    const rt_program *p = pl->p;
    int k = pass * p->ndatasets + ds, n = 0;
    bool *mark = rt_xcalloc((size_t)p->ncols + 1, sizeof(bool));
    pl->scan_groupings =
        rt_xrealloc(pl->scan_groupings, sizeof(int) * (p->ngroupings + 1));
    for (int g = 1; g < p->ngroupings; g++) {
        const rt_grouping *gr = &p->groupings[g];
        if (pl->fed[g] && gr->outcol[0] >= 0 && gr->dims[ds * gr->ndims] &&
            gr->pass <= pass && (first || gr->pass == pass)) {
            pl->scan_groupings[n++] = g;
            mark_grouping(p, g, ds, mark);
        }
    }
    pl->scan_groupings[n] = -1;
    for (int i = 0; i < pl->npass_aggs[k]; i++) {
        const rt_agg *a = &p->aggs[pl->pass_aggs[k][i]];
        mark_cols(p, a->arg, ds, mark);
        mark_cols(p, a->where, ds, mark);
        mark_cols(p, a->weight, ds, mark);
        mark_grouping(p, a->base, ds, mark);
    }
    if (p->datasets[ds].period_col >= 0)
        mark[p->datasets[ds].period_col] = true;
    const rt_design *dg = p->datasets[ds].design;
    if (pl->psus && dg) {
        mark_cols(p, dg->strata, ds, mark);
        mark_cols(p, dg->cluster, ds, mark);
        mark_cols(p, dg->fpc, ds, mark);
    }
    n = 0;
    pl->scan_cols = rt_xrealloc(pl->scan_cols, sizeof(int) * (p->ncols + 1));
    for (const int *c = pl->ds_cols[ds]; *c >= 0; c++)
        if (first || mark[*c])
            pl->scan_cols[n++] = *c;
    pl->scan_cols[n] = -1;
    free(mark);
    plan_scan_dims(pl, ds);
    plan_scan_masks(pl, k);
}

/* Why: the driver and the trace replay both need to know which scan of a
 * file is its first. */
bool rt_plan_first_scan(const rt_plan *pl, int pass, int ds)
{
    for (int k = 1; k < pass; k++)
        if (pl->npass_aggs[k * pl->p->ndatasets + ds])
            return false;
    return true;
}

/* Why the union of the later scans' own columns: a replay must give
 * every later pass what its CSV scan would have converted. */
int *rt_plan_later_cols(rt_plan *pl, int pass, int ds)
{
    const rt_program *p = pl->p;
    bool *mark = rt_xcalloc((size_t)p->ncols + 1, sizeof(bool));
    bool any = false;
    for (int later = pass + 1; later <= p->npasses; later++) {
        if (!rt_plan_has_scan(pl, later, ds))
            continue;
        any = true;
        rt_plan_scan(pl, later, ds, false);
        for (const int *c = pl->scan_cols; *c >= 0; c++)
            mark[*c] = true;
    }
    int *cols = NULL;
    if (any) {
        int n = 0;
        cols = rt_xcalloc((size_t)p->ncols + 1, sizeof(int));
        for (const int *c = pl->ds_cols[ds]; *c >= 0; c++)
            if (mark[*c])
                cols[n++] = *c;
        cols[n] = -1;
    }
    free(mark);
    return cols;
}

/* Why: a file with no aggregate in a pass is not read in it. */
bool rt_plan_has_scan(const rt_plan *pl, int pass, int ds)
{
    return pl->npass_aggs[pass * pl->p->ndatasets + ds] != 0;
}

/* Why one entry point: the plan's parts depend on each other in this
 * order (columns, states and passes, filters, contracts). */
int rt_plan_build(rt_plan *pl, const rt_program *p, rt_csv *const *csvs,
                  rt_data_error *err)
{
    pl->p = p;
    if (p->has_se)
        pl->psus = rt_psutab_new();
    if (bind_columns(pl, csvs, err))
        return 1;
    plan_states(pl);
    return 0;
}

/* Why: the plan owns every table it built, and the frozen values of the
 * passes (overall, per-key) the driver stored in it. */
void rt_plan_free(rt_plan *pl)
{
    const rt_program *p = pl->p;
    for (int a = 0; pl->local && a < p->naggs; a++) {
        free(pl->local[a]);
        free(pl->agg_cols[a]);
    }
    for (int k = 0; pl->pass_aggs && k < (p->npasses + 1) * p->ndatasets; k++)
        free(pl->pass_aggs[k]);
    for (int d = 0; pl->ds_cols && d < p->ndatasets; d++)
        free(pl->ds_cols[d]);
    for (int i = 0; pl->per_keys && i < p->nperaggs; i++) {
        rt_groups_free(pl->per_keys[i]);
        free(pl->per_vals[i]);
    }
    free(pl->per_keys);
    free(pl->per_vals);
    rt_groups_free(pl->periods);
    free(pl->ds_cols);
    free(pl->field);
    free(pl->nattached);
    free(pl->local);
    free(pl->agg_cols);
    free(pl->base_slot);
    free(pl->base_local);
    for (int g = 0; pl->hot_local && g < p->ngroupings; g++)
        free(pl->hot_local[g]);
    free(pl->hot_local);
    free(pl->nhot);
    for (int k = 0; pl->fset && k < (p->npasses + 1) * p->ndatasets + 1; k++)
        rt_filterset_free(pl->fset[k]);
    for (int k = 0; pl->band && k < (p->npasses + 1) * p->ndatasets + 1; k++)
        rt_countband_free(pl->band[k]);
    free(pl->fset);
    free(pl->band);
    free(pl->band_of);
    free(pl->fid);
    free(pl->share);
    free(pl->unsorted);
    free(pl->part);
    free(pl->rows_of);
    for (int c = 0; pl->conv && c < p->ncols; c++) {
        free(pl->conv[c].allowed_len);
        free(pl->conv[c].allowed_num);
        free(pl->conv[c].allowed_isnum);
        free(pl->conv[c].allowed_utf8);
    }
    free(pl->conv);
    free(pl->scan_cols);
    rt_psutab_free(pl->psus);
    free(pl->scan_groupings);
    free(pl->scan_dims);
    free(pl->scan_dim_cols);
    for (int c = 0; pl->scan_masks && c < p->ncols; c++)
        free(pl->scan_masks[c]);
    free(pl->scan_masks);
    free(pl->fed);
    for (int k = 0; pl->feeds && k < (p->npasses + 1) * p->ndatasets + 1; k++) {
        free(pl->feeds[k].feed);
        free(pl->feeds[k].first);
        free(pl->feeds[k].hot_at);
        free(pl->feeds[k].cold_at);
        free(pl->feeds[k].cold);
        free(pl->feeds[k].band_local);
        free(pl->feeds[k].hsum_at);
        free(pl->feeds[k].hsums);
        free(pl->feeds[k].hval_at);
        free(pl->feeds[k].rich);
        free(pl->feeds[k].hvals);
    }
    free(pl->feeds);
    free(pl->pass_aggs);
    free(pl->npass_aggs);
    free(pl->overall);
}
