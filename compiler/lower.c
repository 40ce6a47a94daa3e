/* lower.c — IR nodes, interned strings and the tables the IR refers to:
 * aggregates, overall values and per-key aggregates each once (by a
 * stable text form of their computation), breakdowns each once (by their
 * set of dimensions), the total first. */
#include "lower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/group.h"

void lower_init(lower_tables *t, int nds)
{
    *t = (lower_tables){.nds = nds};
    rt_arena *pa = rt_arena_new();
    t->p = rt_arena_alloc(pa, sizeof *t->p);
    t->p->arena = pa;
}

void lower_free(lower_tables *t)
{
    for (size_t i = 0; i < t->naggs; i++)
        free(t->aggs[i].groupings);
    free(t->aggs);
    rt_groups_free(t->aggkeys);
    free(t->ovs);
    rt_groups_free(t->ovkeys);
    rt_groups_free(t->strtab);
    free(t->strs);
    free(t->dims);
    free(t->groupings);
    for (size_t i = 0; i < t->npers; i++)
        free(t->perkeys[i]);
    free(t->perkeys);
    free(t->pers);
}

rt_expr *lower_node(lower_tables *t, rt_opcode op, int nkids)
{
    rt_expr *e = rt_arena_alloc(t->p->arena, sizeof *e);
    e->op = op;
    e->nkids = nkids;
    if (nkids)
        e->kids = rt_arena_alloc(t->p->arena, sizeof(rt_expr *) * nkids);
    return e;
}

const char *lower_intern(lower_tables *t, const char *s)
{
    if (!t->strtab)
        t->strtab = rt_groups_new();
    int n = rt_groups_count(t->strtab);
    int i = rt_groups_intern(t->strtab, s, strlen(s));
    if (i == n) {
        rt_grow((void **)&t->strs, &t->capstrs, (size_t)n + 1, sizeof(char *));
        t->strs[i] = rt_arena_strdup(t->p->arena, s);
    }
    return t->strs[i];
}

rt_expr *lower_const(lower_tables *t, rt_value v)
{
    rt_expr *e = lower_node(t, RT_CONST, 0);
    if (v.tag == RT_STR)
        v = rt_interned(lower_intern(t, v.str));
    e->k = v;
    return e;
}

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

int lower_agg(lower_tables *t, const rt_agg *a)
{
    bool is_new;
    int i = intern_key(&t->aggkeys, agg_key(a), &is_new);
    if (!is_new)
        return i;
    rt_grow((void **)&t->aggs, &t->capaggs, t->naggs + 1, sizeof *t->aggs);
    t->aggs[t->naggs] = *a;
    t->aggs[t->naggs].groupings = NULL;
    t->aggs[t->naggs].ngroupings = 0;
    return (int)t->naggs++;
}

bool lower_needs_dims(const lower_tables *t, int agg, int grouping)
{
    const rt_grouping *g = &t->groupings[grouping].g;
    return g->ndims && !g->dims[t->aggs[agg].ds * g->ndims];
}

void lower_set_dim(lower_tables *t, int grouping, int ds, int d, rt_expr *e)
{
    rt_grouping *g = &t->groupings[grouping].g;
    g->dims[ds * g->ndims + d] = e;
}

void lower_attach(lower_tables *t, int agg, int grouping)
{
    rt_agg *a = &t->aggs[agg];
    for (int i = 0; i < a->ngroupings; i++)
        if (a->groupings[i] == grouping)
            return;
    a->groupings =
        rt_xrealloc(a->groupings, sizeof(int) * (size_t)(a->ngroupings + 1));
    a->groupings[a->ngroupings++] = grouping;
}

int lower_overall(lower_tables *t, rt_expr *e)
{
    char *key = NULL;
    size_t len = 0, cap = 0;
    rt_grow((void **)&key, &cap, 16, 1);
    key[0] = '\0';
    ser(e, &key, &len, &cap);
    bool is_new;
    int i = intern_key(&t->ovkeys, key, &is_new);
    if (!is_new)
        return i;
    rt_grow((void **)&t->ovs, &t->capovs, t->novs + 1, sizeof *t->ovs);
    t->ovs[t->novs] = (rt_overall){.expr = e};
    return (int)t->novs++;
}

void lower_period(lower_tables *t, const char *period)
{
    if (t->ndims)
        return;
    rt_grow((void **)&t->dims, &t->capdims, 1, sizeof(char *));
    t->dims[t->ndims++] = period;
}

/* The output column of a dimension, added on first use; -1 (reported)
 * when the run already has RT_MAX_DIMS of them. */
static int dim_index(lower_tables *t, diag *d, const char *ind,
                     const ast_expr *item)
{
    const char *name = item->str;
    for (size_t i = 0; i < t->ndims; i++)
        if (strcmp(t->dims[i], name) == 0)
            return (int)i;
    if (t->ndims >= RT_MAX_DIMS) {
        diag_error(d, item->at,
                   "indicator '%s' breaks down by '%s', but a run has at "
                   "most %d dimension columns%s",
                   ind ? ind : "?", name, RT_MAX_DIMS,
                   t->p->has_period ? " (the period included)" : "");
        return -1;
    }
    rt_grow((void **)&t->dims, &t->capdims, t->ndims + 1, sizeof(char *));
    t->dims[t->ndims] = name;
    return (int)t->ndims++;
}

int lower_grouping(lower_tables *t, diag *d, const char *ind,
                   const ast_expr *const *items, int n)
{
    int cols[RT_MAX_DIMS], order[RT_MAX_DIMS];
    for (int i = 0; i < n; i++)
        if ((cols[i] = dim_index(t, d, ind, items[i])) < 0)
            return -1;
    /* One grouping per set of dimensions, whatever order they were
     * written in: dims kept in output-column order. */
    for (int i = 0; i < n; i++) {
        int rank = 0;
        for (int j = 0; j < n; j++)
            rank += cols[j] < cols[i];
        order[rank] = i;
    }
    int scols[RT_MAX_DIMS];
    for (int r = 0; r < n; r++)
        scols[r] = cols[order[r]];
    for (size_t g = 0; g < t->ngroupings; g++) {
        const rt_grouping *gr = &t->groupings[g].g;
        if (gr->ndims == n &&
            memcmp(gr->outcol, scols, sizeof(int) * (size_t)n) == 0)
            return (int)g;
    }
    rt_grow((void **)&t->groupings, &t->capgroupings, t->ngroupings + 1,
            sizeof *t->groupings);
    lower_gdef *gd = &t->groupings[t->ngroupings];
    rt_grouping *gr = &gd->g;
    *gd = (lower_gdef){0};
    gr->ndims = n;
    gd->items = rt_arena_alloc(t->p->arena, sizeof(ast_expr *) * (n + 1));
    gr->dims =
        rt_arena_alloc(t->p->arena, sizeof(rt_expr *) * (n * t->nds + 1));
    gr->outcol = rt_arena_alloc(t->p->arena, sizeof(int) * (n + 1));
    for (int r = 0; r < n; r++)
        gd->items[r] = items[order[r]];
    memcpy(gr->outcol, scols, sizeof(int) * (size_t)n);
    return (int)t->ngroupings++;
}

int lower_per(lower_tables *t, int agg, rt_expr *key, int ds)
{
    char *k = NULL;
    size_t len = 0, cap = 0;
    rt_grow((void **)&k, &cap, 32, 1);
    len = (size_t)sprintf(k, "%d:", ds);
    ser(key, &k, &len, &cap);
    int g = -1;
    for (size_t i = 0; i < t->npers && g < 0; i++)
        if (strcmp(t->perkeys[i], k) == 0)
            g = t->pers[i].grouping;
    for (size_t i = 0; i < t->npers; i++)
        if (t->pers[i].agg == agg && t->pers[i].grouping == g) {
            free(k);
            return (int)i;
        }
    if (g < 0) { /* a hidden grouping: its one dimension is the key */
        rt_grow((void **)&t->groupings, &t->capgroupings, t->ngroupings + 1,
                sizeof *t->groupings);
        lower_gdef *gd = &t->groupings[t->ngroupings];
        *gd = (lower_gdef){0};
        gd->g.ndims = 1;
        gd->g.dims =
            rt_arena_alloc(t->p->arena, sizeof(rt_expr *) * (t->nds + 1));
        gd->g.outcol = rt_arena_alloc(t->p->arena, sizeof(int));
        gd->g.outcol[0] = -1;
        gd->g.dims[ds] = key;
        g = (int)t->ngroupings++;
    }
    rt_grow((void **)&t->pers, &t->cappers, t->npers + 1, sizeof *t->pers);
    rt_grow((void **)&t->perkeys, &t->capperkeys, t->npers + 1, sizeof(char *));
    t->pers[t->npers] = (rt_peragg){.agg = agg, .grouping = g};
    t->perkeys[t->npers] = k;
    lower_attach(t, agg, g);
    return (int)t->npers++;
}
