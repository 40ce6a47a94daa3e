/* plan.c — the planner: deduplicated aggregates and overall expressions,
 * groupings (each distinct breakdown once, the total first), the pass of
 * every aggregate (one more than the deepest overall value it reads), and
 * the program's columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/group.h"
#include "checker.h"

/* Appends a stable text form of e: equal text means equal computation. */
static void ser(const rt_expr *e, char **buf, size_t *len, size_t *cap)
{
    char tmp[64];
    int n;
    if (!e) {
        n = snprintf(tmp, sizeof tmp, "_");
    } else if (e->op == RT_CONST) {
        if (e->k.tag == RT_STR) {
            size_t sl = strlen(e->k.str);
            rt_grow((void **)buf, cap, *len + sl + 16, 1);
            *len += (size_t)sprintf(*buf + *len, "'%zu:%s", sl, e->k.str);
            return;
        }
        n = snprintf(tmp, sizeof tmp, "#%d:%a:%d", e->k.tag, e->k.num, e->k.b);
    } else {
        n = snprintf(tmp, sizeof tmp, "(%d.%d.%d", e->op, e->slot, e->negated);
    }
    rt_grow((void **)buf, cap, *len + (size_t)n + 2, 1);
    memcpy(*buf + *len, tmp, (size_t)n + 1);
    *len += (size_t)n;
    if (!e || e->op == RT_CONST)
        return;
    for (int i = 0; i < e->nkids; i++)
        ser(e->kids[i], buf, len, cap);
    rt_grow((void **)buf, cap, *len + 2, 1);
    (*buf)[(*len)++] = ')';
    (*buf)[*len] = '\0';
}

static char *agg_key(const rt_agg *a)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    rt_grow((void **)&buf, &cap, 64, 1);
    len = (size_t)sprintf(buf, "%d:%a:", a->kind, a->p);
    ser(a->arg, &buf, &len, &cap);
    ser(a->where, &buf, &len, &cap);
    ser(a->weight, &buf, &len, &cap);
    return buf;
}

/* Index of key in the table, and whether it was new. */
static int intern_key(rt_groups **table, char *key, bool *is_new)
{
    if (!*table)
        *table = rt_groups_new();
    int before = rt_groups_count(*table);
    int i = rt_groups_intern(*table, key, strlen(key));
    free(key);
    *is_new = i == before;
    return i;
}

int plan_agg(checker *c, const rt_agg *a)
{
    bool is_new;
    int i = intern_key(&c->aggkeys, agg_key(a), &is_new);
    if (!is_new)
        return i;
    rt_grow((void **)&c->aggs, &c->capaggs, c->naggs + 1, sizeof *c->aggs);
    c->aggs[c->naggs] = *a;
    c->aggs[c->naggs].groupings = NULL;
    c->aggs[c->naggs].ngroupings = 0;
    return (int)c->naggs++;
}

/* Lowers a breakdown's dimensions for the records of one data file; a
 * dimension that file cannot give is an error naming the files. */
static void lower_dims(checker *c, gdef *gd, int ds)
{
    rt_grouping *g = &gd->g;
    int saved = c->cur_ds;
    c->cur_ds = ds;
    for (int d = 0; d < g->ndims; d++) {
        const ast_expr *item = gd->items[d];
        const char *missing = NULL;
        rt_expr *e = NULL;
        if (!datasets_can_compute(c, ds, item, &missing)) {
            const char *other = NULL, *m2;
            for (int k = 0; k < c->nds && !other; k++)
                if (k != ds && datasets_can_compute(c, k, item, &m2))
                    other = c->ds[k].name;
            if (other)
                diag_error(c->d, item->at,
                           "breakdown '%s' is in '%s' but not in '%s' (no "
                           "column '%s'), which indicator '%s' also reads",
                           item->str, other, c->ds[ds].name, missing,
                           c->ind_name ? c->ind_name : "?");
            else
                diag_error(c->d, item->at,
                           "breakdown '%s' is not in data file '%s' (no "
                           "column '%s')",
                           item->str, c->ds[ds].name, missing);
        } else {
            lowered l = check_expr(c, item, CTX_ROW);
            if (l.t == TY_ANY && l.e->op == RT_COLSTR)
                c->cols[l.e->slot].as_str = true;
            if (l.t == TY_ANY && l.e->op == RT_COLNUM) {
                l.e->op = RT_COLSTR;
                c->cols[l.e->slot].as_str = true;
            }
            e = l.e;
        }
        /* A failed dimension still gets a node, so it is reported once. */
        g->dims[ds * g->ndims + d] = e ? e : check_ir_const(c, rt_missing());
    }
    c->cur_ds = saved;
}

void plan_attach(checker *c, int agg, int grouping)
{
    rt_agg *a = &c->aggs[agg];
    gdef *gd = &c->groupings[grouping];
    if (gd->g.ndims && !gd->g.dims[a->ds * gd->g.ndims])
        lower_dims(c, gd, a->ds);
    for (int i = 0; i < a->ngroupings; i++)
        if (a->groupings[i] == grouping)
            return;
    a->groupings =
        rt_xrealloc(a->groupings, sizeof(int) * (size_t)(a->ngroupings + 1));
    a->groupings[a->ngroupings++] = grouping;
}

int plan_overall(checker *c, rt_expr *e)
{
    char *key = NULL;
    size_t len = 0, cap = 0;
    rt_grow((void **)&key, &cap, 16, 1);
    key[0] = '\0';
    ser(e, &key, &len, &cap);
    bool is_new;
    int i = intern_key(&c->ovkeys, key, &is_new);
    if (!is_new)
        return i;
    rt_grow((void **)&c->ovs, &c->capovs, c->novs + 1, sizeof *c->ovs);
    c->ovs[c->novs] = (rt_overall){.expr = e};
    return (int)c->novs++;
}

static int dim_index(checker *c, const char *name)
{
    for (size_t i = 0; i < c->ndims; i++)
        if (strcmp(c->dims[i], name) == 0)
            return (int)i;
    rt_grow((void **)&c->dims, &c->capdims, c->ndims + 1, sizeof(char *));
    c->dims[c->ndims] = name;
    return (int)c->ndims++;
}

int plan_grouping(checker *c, const ast_expr *const *items, int n)
{
    int cols[32], order[32];
    for (int i = 0; i < n; i++)
        cols[i] = dim_index(c, items[i]->str);
    /* One grouping per set of dimensions, whatever order they were
     * written in: dims kept in output-column order. */
    for (int i = 0; i < n; i++) {
        int rank = 0;
        for (int j = 0; j < n; j++)
            rank += cols[j] < cols[i];
        order[rank] = i;
    }
    int scols[32];
    for (int r = 0; r < n; r++)
        scols[r] = cols[order[r]];
    for (size_t g = 0; g < c->ngroupings; g++) {
        const rt_grouping *gr = &c->groupings[g].g;
        if (gr->ndims == n &&
            memcmp(gr->outcol, scols, sizeof(int) * (size_t)n) == 0)
            return (int)g;
    }
    rt_grow((void **)&c->groupings, &c->capgroupings, c->ngroupings + 1,
            sizeof *c->groupings);
    gdef *gd = &c->groupings[c->ngroupings];
    rt_grouping *gr = &gd->g;
    *gd = (gdef){0};
    gr->ndims = n;
    gd->items = rt_arena_alloc(c->a, sizeof(ast_expr *) * (n + 1));
    gr->dims =
        rt_arena_alloc(c->p->arena, sizeof(rt_expr *) * (n * c->nds + 1));
    gr->outcol = rt_arena_alloc(c->p->arena, sizeof(int) * (n + 1));
    for (int r = 0; r < n; r++)
        gd->items[r] = items[order[r]];
    memcpy(gr->outcol, scols, sizeof(int) * (size_t)n);
    return (int)c->ngroupings++;
}

int plan_per(checker *c, int agg, rt_expr *key, int ds)
{
    char *k = NULL;
    size_t len = 0, cap = 0;
    rt_grow((void **)&k, &cap, 32, 1);
    len = (size_t)sprintf(k, "%d:", ds);
    ser(key, &k, &len, &cap);
    int g = -1;
    for (size_t i = 0; i < c->npers && g < 0; i++)
        if (strcmp(c->perkeys[i], k) == 0)
            g = c->pers[i].grouping;
    for (size_t i = 0; i < c->npers; i++)
        if (c->pers[i].agg == agg && c->pers[i].grouping == g) {
            free(k);
            return (int)i;
        }
    if (g < 0) { /* a hidden grouping: its one dimension is the key */
        rt_grow((void **)&c->groupings, &c->capgroupings, c->ngroupings + 1,
                sizeof *c->groupings);
        gdef *gd = &c->groupings[c->ngroupings];
        *gd = (gdef){0};
        gd->g.ndims = 1;
        gd->g.dims =
            rt_arena_alloc(c->p->arena, sizeof(rt_expr *) * (c->nds + 1));
        gd->g.outcol = rt_arena_alloc(c->p->arena, sizeof(int));
        gd->g.outcol[0] = -1;
        gd->g.dims[ds] = key;
        g = (int)c->ngroupings++;
    }
    rt_grow((void **)&c->pers, &c->cappers, c->npers + 1, sizeof *c->pers);
    rt_grow((void **)&c->perkeys, &c->capperkeys, c->npers + 1, sizeof(char *));
    c->pers[c->npers] = (rt_peragg){.agg = agg, .grouping = g};
    c->perkeys[c->npers] = k;
    plan_attach(c, agg, g);
    return (int)c->npers++;
}

/* ---- passes ---- */

static int agg_level(checker *c, int a, int *memo);

static int overall_level(checker *c, int o, int *memo, int *omemo);

static int expr_level(checker *c, const rt_expr *e, int *memo, int *omemo)
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

static int overall_level(checker *c, int o, int *memo, int *omemo)
{
    if (!omemo[o])
        omemo[o] = expr_level(c, c->ovs[o].expr, memo, omemo);
    return omemo[o];
}

static int agg_level(checker *c, int a, int *memo)
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

static void assign_passes(checker *c)
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

static void copy_columns(checker *c)
{
    rt_program *p = c->p;
    p->ncols = (int)c->ncols;
    p->cols = rt_arena_alloc(p->arena, sizeof(rt_column) * (c->ncols + 1));
    for (size_t i = 0; i < c->ncols; i++) {
        const colinfo *ci = &c->cols[i];
        rt_column *col = &p->cols[i];
        col->name = rt_arena_strdup(p->arena, ci->name);
        col->ds = ci->ds;
        col->as_num = ci->as_num;
        col->as_str = ci->as_str;
        col->nonneg = ci->nonneg;
        col->weight_signed = ci->weight_signed;
        col->type = RT_COL_ANY;
        const ast_column *d = ci->decl;
        if (!d)
            continue;
        static const char *const types[] = {"", "int", "number", "text",
                                            "bool"};
        for (int t = 1; t < 5; t++)
            if (strcmp(d->type, types[t]) == 0)
                col->type = (rt_coltype)t;
    }
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

/* The base grouping of an aggregate: the cross of every dimension of its
 * breakdowns, which rows feed; the breakdowns are rolled up from it. */
static void plan_base(checker *c, int ai)
{
    rt_agg *a = &c->aggs[ai];
    if (a->ngroupings == 0) { /* registered, then dropped: never fed */
        a->base = -1;
        return;
    }
    int set[64], n = 0;
    const ast_expr *items[64];
    for (int i = 0; i < a->ngroupings; i++) {
        const gdef *gd = &c->groupings[a->groupings[i]];
        for (int d = 0; d < gd->g.ndims; d++) {
            bool seen = gd->g.outcol[d] < 0; /* a per-key grouping */
            for (int k = 0; k < n; k++)
                seen = seen || set[k] == gd->g.outcol[d];
            if (!seen && n < 64) {
                set[n] = gd->g.outcol[d];
                items[n++] = gd->items[d];
            }
        }
    }
    for (int i = 0; i < a->ngroupings; i++)
        if (covers(&c->groupings[a->groupings[i]].g, set, n)) {
            a->base = a->groupings[i];
            return;
        }
    int g = plan_grouping(c, items, n);
    plan_attach(c, ai, g);
    c->aggs[ai].base = g;
}

bool plan_finish(checker *c)
{
    rt_program *p = c->p;
    /* After errors the program is not run (and a failed breakdown would
     * be reported again). */
    for (size_t a = 0; a < c->naggs; a++)
        if (c->d->errors == 0)
            plan_base(c, (int)a);
        else
            c->aggs[a].base =
                c->aggs[a].ngroupings ? c->aggs[a].groupings[0] : -1;
    assign_passes(c);
    copy_columns(c);
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
    return true;
}
