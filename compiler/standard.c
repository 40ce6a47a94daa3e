/* standard.c — standardised rates: the pieces check_expr.c puts
 * together for `dsr(events, population, stratum, "0-4": 5000, ...)`
 * (direct, with a standard population) and `isr(events, population,
 * stratum, "0-4": 0.0012, ...)` (indirect, with reference rates; labels
 * alone take the period total's own rates): the strata, and one sum per
 * stratum as syntax, so the planner shares, filters and groups them like
 * any other aggregate. */
#include "standard.h"

#include <string.h>

/* Strata of one call at most: each adds two aggregates and a level to
 * the value's expression (evaluated recursively). */
#define MAX_STRATA 1000

/* A literal text or number (a stratum label), or a number (-x allowed). */
static bool literal(const ast_expr *e, bool text_ok, double *num)
{
    if (e->kind == AST_NUM) {
        *num = e->num;
        return true;
    }
    return text_ok && e->kind == AST_STR;
}

int standard_strata(diag *d, const ast_expr *e, bool direct, std_stratum *out)
{
    int n = 0, keyed = 0;
    if (e->nargs - 3 > MAX_STRATA) {
        diag_error(d, e->args[3 + MAX_STRATA].value->at,
                   "at most %d strata in one %s()", MAX_STRATA, e->str);
        return -1;
    }
    for (int i = 3; i < e->nargs; i++) {
        const ast_arg *g = &e->args[i];
        const ast_expr *label = g->key ? g->key : g->value;
        double v = -1, ignored;
        if (!literal(label, true, &ignored)) {
            diag_error(d, label->at,
                       "a stratum is named by a literal text or number");
            return -1;
        }
        keyed += g->key != NULL;
        if (g->key &&
            (!literal(g->value, false, &v) || v < 0 || (direct && v == 0))) {
            diag_error(d, g->value->at,
                       direct
                           ? "a standard population is a literal number above 0"
                           : "a reference rate is a literal number, 0 or more");
            return -1;
        }
        out[n++] = (std_stratum){label, v};
    }
    if ((direct || keyed) && keyed != n) {
        diag_error(d, e->name_at,
                   direct ? "dsr() takes 'stratum: standard population' "
                            "pairs after events, population and stratum"
                          : "isr() takes 'stratum: reference rate' pairs, or "
                            "stratum labels alone, after events, population "
                            "and stratum");
        return -1;
    }
    return n;
}

ast_expr *standard_sum(rt_arena *a, const ast_expr *call, const ast_expr *x,
                       const ast_expr *label, bool overall)
{
    ast_expr *cond =
        ast_binary(a, call->at, OP_EQ, call->args[2].value, (ast_expr *)label);
    if (call->where)
        cond = ast_binary(a, call->at, OP_AND, cond, call->where);
    ast_expr *args = ast_call_arg(a, NULL, ast_arg_make(NULL, (ast_expr *)x));
    ast_expr *sum = ast_call(a, call->at, "sum", call->name_at, args, cond,
                             call->weight, NULL);
    if (!overall)
        return sum;
    ast_expr *o = ast_call_arg(a, NULL, ast_arg_make(NULL, sum));
    return ast_call(a, call->at, "overall", call->name_at, o, NULL, NULL, NULL);
}

rt_expr *standard_op(lower_tables *t, rt_opcode op, rt_expr *l, rt_expr *r)
{
    if (!l)
        return r;
    rt_expr *n = lower_node(t, op, 2);
    n->kids[0] = l;
    n->kids[1] = r;
    return n;
}
