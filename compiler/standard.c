/* standard.c — standardised rates: `dsr(events, population, stratum,
 * "0-4": 5000, ...)` (direct, with a standard population) and
 * `isr(events, population, stratum, "0-4": 0.0012, ...)` (indirect, with
 * reference rates; labels alone take the period total's own rates).
 * Both are expanded here into one pair of sums per stratum, so the
 * planner shares, filters and groups them like any other aggregate. */
#include "standard.h"

#include <string.h>

/* A stratum's label and its number (a weight or a reference rate; for
 * isr with labels alone, -1: the period total's rate). */
typedef struct stratum {
    const ast_expr *label;
    double num;
} stratum;

static lowered fail(void)
{
    return (lowered){.t = TY_ERR};
}

/* sum(x where stratum == label [and where] [weighted by w]), checked in
 * the group context, or wrapped in overall(). */
static lowered stratum_sum(checker *c, const ast_expr *call, const ast_expr *x,
                           const stratum *s, bool overall)
{
    rt_arena *a = c->a;
    ast_expr *cond = ast_binary(a, call->at, OP_EQ, call->args[2].value,
                                (ast_expr *)s->label);
    if (call->where)
        cond = ast_binary(a, call->at, OP_AND, cond, call->where);
    ast_expr *args = ast_call_arg(a, NULL, ast_arg_make(NULL, (ast_expr *)x));
    ast_expr *sum = ast_call(a, call->at, "sum", call->name_at, args, cond,
                             call->weight, NULL);
    if (overall) {
        ast_expr *o = ast_call_arg(a, NULL, ast_arg_make(NULL, sum));
        sum = ast_call(a, call->at, "overall", call->name_at, o, NULL, NULL,
                       NULL);
    }
    return check_expr(c, sum, CTX_GROUP);
}

static rt_expr *op2(checker *c, rt_opcode op, rt_expr *l, rt_expr *r)
{
    if (!l)
        return r;
    rt_expr *n = lower_node(&c->t, op, 2);
    n->kids[0] = l;
    n->kids[1] = r;
    return n;
}

/* The strata after the first three arguments: `label: number` each, or
 * (isr only) labels alone. */
static int read_strata(checker *c, const ast_expr *e, bool direct, stratum *out)
{
    int n = 0, keyed = 0;
    for (int i = 3; i < e->nargs; i++) {
        const ast_arg *g = &e->args[i];
        const ast_expr *label = g->key ? g->key : g->value;
        rt_value lab, v = rt_num(-1);
        if (!check_fold(c, label, &lab) ||
            (g->key && !check_fold(c, g->value, &v)))
            return -1;
        keyed += g->key != NULL;
        if (lab.tag != RT_STR && lab.tag != RT_NUM) {
            diag_error(c->d, label->at,
                       "a stratum is named by a text or a number");
            return -1;
        }
        if (g->key &&
            (v.tag != RT_NUM || v.num < 0 || (direct && v.num == 0))) {
            diag_error(c->d, g->value->at,
                       direct ? "a standard population is a positive number"
                              : "a reference rate is a number, 0 or more");
            return -1;
        }
        out[n++] = (stratum){label, v.num};
    }
    if ((direct && keyed != n) || (keyed && keyed != n)) {
        diag_error(c->d, e->name_at,
                   direct ? "dsr() takes 'stratum: standard population' "
                            "pairs after events, population and stratum"
                          : "isr() takes 'stratum: reference rate' pairs, or "
                            "stratum labels alone, after events, population "
                            "and stratum");
        return -1;
    }
    return n;
}

lowered check_standardised(checker *c, const ast_expr *e, ctx cx)
{
    bool direct = strcmp(e->str, "dsr") == 0;
    if (cx != CTX_GROUP || c->in_agg || c->in_overall) {
        diag_error(c->d, e->name_at,
                   "%s() is an indicator's value (one per group), not part "
                   "of a row expression",
                   e->str);
        return fail();
    }
    if (e->nargs < 4 || e->per) {
        diag_error(c->d, e->name_at,
                   "%s(events, population, stratum, ...) needs the strata "
                   "after its three arguments%s",
                   e->str, e->per ? ", and takes no 'per'" : "");
        return fail();
    }
    for (int i = 0; i < 3; i++)
        if (e->args[i].key) {
            diag_error(c->d, e->args[i].key->at,
                       "events, population and stratum come before the "
                       "'label: number' pairs");
            return fail();
        }
    stratum *st = rt_arena_alloc(c->a, sizeof *st * (size_t)e->nargs);
    int n = read_strata(c, e, direct, st);
    if (n < 0)
        return fail();
    rt_standard *sd = rt_arena_alloc(c->t.p->arena, sizeof *sd);
    sd->kind = direct ? RT_STD_DIRECT : RT_STD_INDIRECT;
    sd->nstrata = n;
    sd->events = rt_arena_alloc(c->t.p->arena, sizeof(int) * (size_t)n);
    sd->population = rt_arena_alloc(c->t.p->arena, sizeof(int) * (size_t)n);
    sd->weight = rt_arena_alloc(c->t.p->arena, sizeof(double) * (size_t)n);
    double total = 0;
    for (int i = 0; i < n; i++)
        total += st[i].num;
    rt_expr *value = NULL, *events = NULL, *pop = NULL;
    for (int i = 0; i < n; i++) {
        lowered o = stratum_sum(c, e, e->args[0].value, &st[i], false);
        lowered p = stratum_sum(c, e, e->args[1].value, &st[i], false);
        if (o.t == TY_ERR || p.t == TY_ERR)
            return fail();
        sd->events[i] = o.e->slot;
        sd->population[i] = p.e->slot;
        sd->weight[i] = direct ? st[i].num / total : st[i].num;
        events = op2(c, RT_ADD, events, o.e);
        rt_expr *term;
        if (direct) {
            term = op2(c, RT_MUL, lower_const(&c->t, rt_num(sd->weight[i])),
                       op2(c, RT_DIV, o.e, p.e));
            pop = op2(c, RT_ADD, pop, p.e);
        } else {
            rt_expr *rate = lower_const(&c->t, rt_num(st[i].num));
            if (st[i].num < 0) { /* the period total's own rate */
                lowered ro = stratum_sum(c, e, e->args[0].value, &st[i], true);
                lowered rp = stratum_sum(c, e, e->args[1].value, &st[i], true);
                if (ro.t == TY_ERR || rp.t == TY_ERR)
                    return fail();
                rate = op2(c, RT_DIV, ro.e, rp.e);
            }
            term = op2(c, RT_MUL, p.e, rate);
        }
        value = op2(c, RT_ADD, value, term);
    }
    c->std = sd;
    c->std_num = events;
    c->std_den = direct ? pop : value;
    c->std_value = direct ? value : op2(c, RT_DIV, events, value);
    return (lowered){.e = c->std_value, .t = TY_NUM, .has_agg = true};
}
