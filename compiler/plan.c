/* plan.c — the planner: the base grouping of every aggregate (the cross
 * of its breakdowns' dimensions, added as a grouping when no breakdown is
 * it), the pass of every aggregate (one more than the deepest overall
 * value it reads), overall value and grouping, and the program's tables.
 * It works on the lowered catalogue only: no syntax, no checking. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

/* ---- passes ---- */

static int agg_level(lower_tables *c, int a, int *memo);

static int overall_level(lower_tables *c, int o, int *memo, int *omemo);

static int expr_level(lower_tables *c, const rt_expr *e, int *memo, int *omemo)
{
    if (!e)
        return 0;
    int lv = 0;
    if (e->op == RT_OVERALL)
        lv = overall_level(c, e->slot, memo, omemo);
    if (e->op == RT_AGG)
        lv = agg_level(c, e->slot, memo);
    if (e->op == RT_PERAGG)
        lv = agg_level(c, c->pers[e->slot].agg, memo);
    for (int i = 0; i < e->nkids; i++) {
        int k = expr_level(c, e->kids[i], memo, omemo);
        lv = k > lv ? k : lv;
    }
    return lv;
}

static int overall_level(lower_tables *c, int o, int *memo, int *omemo)
{
    if (!omemo[o])
        omemo[o] = expr_level(c, c->ovs[o].expr, memo, omemo);
    return omemo[o];
}

static int agg_level(lower_tables *c, int a, int *memo)
{
    if (memo[a])
        return memo[a];
    int *omemo = memo + c->naggs;
    const rt_agg *ag = &c->aggs[a];
    int lv = expr_level(c, ag->arg, memo, omemo);
    int w = expr_level(c, ag->where, memo, omemo);
    int wt = expr_level(c, ag->weight, memo, omemo);
    lv = w > lv ? w : lv;
    lv = wt > lv ? wt : lv;
    for (int i = 0; i < ag->ngroupings; i++) {
        const rt_grouping *gr = &c->groupings[ag->groupings[i]].g;
        for (int d = 0; d < gr->ndims; d++) {
            int k =
                expr_level(c, gr->dims[ag->ds * gr->ndims + d], memo, omemo);
            lv = k > lv ? k : lv;
        }
    }
    return memo[a] = lv + 1;
}

static void assign_passes(lower_tables *c)
{
    int *memo = rt_xcalloc(c->naggs + c->novs + 1, sizeof(int));
    int *omemo = memo + c->naggs;
    c->p->npasses = 1;
    for (size_t a = 0; a < c->naggs; a++) {
        c->aggs[a].pass = agg_level(c, (int)a, memo);
        if (c->aggs[a].pass > c->p->npasses)
            c->p->npasses = c->aggs[a].pass;
    }
    for (size_t o = 0; o < c->novs; o++)
        c->ovs[o].pass = overall_level(c, (int)o, memo, omemo);
    for (size_t g = 0; g < c->ngroupings; g++) {
        rt_grouping *gr = &c->groupings[g].g;
        gr->pass = 1;
        for (int d = 0; d < gr->ndims * c->nds; d++) {
            int k = expr_level(c, gr->dims[d], memo, omemo) + 1;
            gr->pass = k > gr->pass ? k : gr->pass;
        }
    }
    free(memo);
}

/* Whether grouping g has every column of set (outcols, n of them). */
static bool covers(const rt_grouping *g, const int *set, int n)
{
    for (int i = 0; i < n; i++) {
        bool has = false;
        for (int d = 0; d < g->ndims; d++)
            has = has || g->outcol[d] == set[i];
        if (!has)
            return false;
    }
    return true;
}

/* The grouping with these output columns (in increasing order), added
 * when there is none; dims, in that order, are its dimensions for data
 * file ds where it has none yet. */
static int cross_grouping(lower_tables *c, const int *cols, rt_expr **dims,
                          int n, int ds)
{
    size_t g = 0;
    while (g < c->ngroupings && !(c->groupings[g].g.ndims == n &&
                                  memcmp(c->groupings[g].g.outcol, cols,
                                         sizeof(int) * (size_t)n) == 0))
        g++;
    if (g == c->ngroupings) {
        rt_grow((void **)&c->groupings, &c->capgroupings, c->ngroupings + 1,
                sizeof *c->groupings);
        rt_grouping *gr = &c->groupings[c->ngroupings++].g;
        *gr = (rt_grouping){.ndims = n};
        c->groupings[g].items = NULL;
        gr->dims =
            rt_arena_alloc(c->p->arena, sizeof(rt_expr *) * (n * c->nds + 1));
        gr->outcol = rt_arena_alloc(c->p->arena, sizeof(int) * (n + 1));
        memcpy(gr->outcol, cols, sizeof(int) * (size_t)n);
    }
    rt_grouping *gr = &c->groupings[g].g;
    if (n && !gr->dims[ds * n])
        memcpy(&gr->dims[ds * n], dims, sizeof(rt_expr *) * (size_t)n);
    return (int)g;
}

/* The base grouping of an aggregate: the cross of every dimension of its
 * breakdowns, which rows feed; the breakdowns are rolled up from it. Each
 * dimension keeps the expression the checker lowered for the aggregate's
 * data file. */
static void plan_base(lower_tables *c, int ai)
{
    rt_agg *a = &c->aggs[ai];
    if (a->ngroupings == 0) { /* registered, then dropped: never fed */
        a->base = -1;
        return;
    }
    int set[RT_MAX_DIMS], n = 0;
    rt_expr *exprs[RT_MAX_DIMS];
    for (int i = 0; i < a->ngroupings; i++) {
        const rt_grouping *g = &c->groupings[a->groupings[i]].g;
        for (int d = 0; d < g->ndims; d++) {
            bool seen = g->outcol[d] < 0; /* a per-key grouping */
            for (int k = 0; k < n; k++)
                seen = seen || set[k] == g->outcol[d];
            if (!seen && n < RT_MAX_DIMS) {
                set[n] = g->outcol[d];
                exprs[n++] = g->dims[a->ds * g->ndims + d];
            }
        }
    }
    for (int i = 0; i < a->ngroupings; i++)
        if (covers(&c->groupings[a->groupings[i]].g, set, n)) {
            a->base = a->groupings[i];
            return;
        }
    /* Sorted by output column, as every breakdown's dimensions are. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && set[j - 1] > set[j]; j--) {
            int s = set[j];
            set[j] = set[j - 1];
            set[j - 1] = s;
            rt_expr *e = exprs[j];
            exprs[j] = exprs[j - 1];
            exprs[j - 1] = e;
        }
    int g = cross_grouping(c, set, exprs, n, a->ds);
    lower_attach(c, ai, g);
    c->aggs[ai].base = g;
}

void plan_program(lower_tables *c)
{
    rt_program *p = c->p;
    for (size_t a = 0; a < c->naggs; a++)
        plan_base(c, (int)a);
    assign_passes(c);
    p->naggs = (int)c->naggs;
    p->aggs = rt_arena_alloc(p->arena, sizeof(rt_agg) * (c->naggs + 1));
    for (size_t i = 0; i < c->naggs; i++) {
        p->aggs[i] = c->aggs[i];
        int n = c->aggs[i].ngroupings;
        p->aggs[i].groupings = rt_arena_alloc(p->arena, sizeof(int) * (n + 1));
        if (n)
            memcpy(p->aggs[i].groupings, c->aggs[i].groupings,
                   sizeof(int) * (size_t)n);
    }
    p->noveralls = (int)c->novs;
    p->overalls = rt_arena_alloc(p->arena, sizeof(rt_overall) * (c->novs + 1));
    if (c->novs)
        memcpy(p->overalls, c->ovs, sizeof(rt_overall) * c->novs);
    p->ngroupings = (int)c->ngroupings;
    p->groupings =
        rt_arena_alloc(p->arena, sizeof(rt_grouping) * (c->ngroupings + 1));
    for (size_t g = 0; g < c->ngroupings; g++)
        p->groupings[g] = c->groupings[g].g;
    p->nperaggs = (int)c->npers;
    p->peraggs = rt_arena_alloc(p->arena, sizeof(rt_peragg) * (c->npers + 1));
    if (c->npers)
        memcpy(p->peraggs, c->pers, sizeof(rt_peragg) * c->npers);
    p->ndims = (int)c->ndims;
    p->dim_names = rt_arena_alloc(p->arena, sizeof(char *) * (c->ndims + 1));
    for (size_t i = 0; i < c->ndims; i++)
        p->dim_names[i] = rt_arena_strdup(p->arena, c->dims[i]);
}
