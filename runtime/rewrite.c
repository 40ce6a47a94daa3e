/* rewrite.c — share(x < arpt(x) where c) as values below a threshold
 * (rewrite.h). */
#include "rewrite.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "eval.h"

/* Whether e reads only the record (nothing a pass computes). */
static bool reads_record_only(const rt_expr *e)
{
    if (!e)
        return true;
    if (e->op == RT_AGG || e->op == RT_OVERALL || e->op == RT_PERAGG ||
        e->op == RT_RESULT)
        return false;
    for (int i = 0; i < e->nkids; i++)
        if (!reads_record_only(e->kids[i]))
            return false;
    return true;
}

/* The arpt that a's value is compared with, when a is such a share and
 * can be computed in the arpt's pass; else -1. A share that keeps rows
 * for an interval or a standard error keeps its own form (they read its
 * sum). */
static int threshold_of(const rt_program *p, const rt_agg *a)
{
    if (a->kind != RT_AGG_SHARE || a->w2 || a->design || !a->arg ||
        a->arg->op != RT_LT || a->arg->nkids != 2 ||
        a->arg->kids[1]->op != RT_OVERALL)
        return -1;
    const rt_expr *o = p->overalls[a->arg->kids[1]->slot].expr;
    if (!o || o->op != RT_AGG)
        return -1;
    const rt_agg *b = &p->aggs[o->slot];
    if (b->kind != RT_AGG_ARPT || b->ds != a->ds || b->pass >= a->pass ||
        !rt_expr_same(b->arg, a->arg->kids[0]) ||
        !reads_record_only(a->where) || !reads_record_only(a->weight))
        return -1;
    for (int i = 0; i < a->ngroupings; i++)
        if (p->groupings[a->groupings[i]].pass > b->pass)
            return -1;
    return o->slot;
}

static int passes(const rt_program *q)
{
    int n = 1;
    for (int a = 0; a < q->naggs; a++)
        n = q->aggs[a].pass > n ? q->aggs[a].pass : n;
    for (int o = 0; o < q->noveralls; o++)
        n = q->overalls[o].pass > n ? q->overalls[o].pass : n;
    for (int g = 0; g < q->ngroupings; g++)
        n = q->groupings[g].pass > n ? q->groupings[g].pass : n;
    return n;
}

rt_program *rt_rewrite(const rt_program *p)
{
    rt_program *q = NULL;
    for (int a = 0; a < p->naggs; a++) {
        int b = threshold_of(p, &p->aggs[a]);
        if (b < 0)
            continue;
        if (!q) {
            q = rt_xmalloc(sizeof *q);
            *q = *p;
            q->aggs = rt_xmalloc(((size_t)p->naggs + 1) * sizeof *q->aggs);
            memcpy(q->aggs, p->aggs, (size_t)p->naggs * sizeof *q->aggs);
        }
        rt_agg *r = &q->aggs[a];
        r->kind = RT_AGG_BELOW;
        r->arg = p->aggs[a].arg->kids[0];
        r->threshold = b;
        r->pass = p->aggs[b].pass;
    }
    if (q)
        q->npasses = passes(q);
    return q;
}

void rt_rewrite_free(rt_program *q)
{
    if (!q)
        return;
    free(q->aggs);
    free(q);
}
