/* check_expr.c — names, types and contexts of expressions, and their
 * lowering to IR. A column of unknown type (no dataset contract) is read
 * as text or as a number depending on how each use needs it. */
#include <string.h>

#include "../runtime/eval.h"
#include "builtins.h"
#include "checker.h"
#include "standard.h"
#include "suggest.h"

/* How deep user functions may expand into each other. */
#define MAX_FN_DEPTH 64
/* How many lets and consts one definition may go through (each level
 * recurses in the checker: this bounds its stack). */
#define MAX_DEFINE_DEPTH 1000

const char *check_ty_name(ty t)
{
    static const char *const names[] = {"a number", "text", "a boolean",
                                        "a value", "an invalid value"};
    return names[t];
}

static lowered bad(void)
{
    return (lowered){.t = TY_ERR};
}

static lowered make(rt_expr *e, ty t, lowered a, lowered b)
{
    return (lowered){.e = e,
                     .t = t,
                     .reads_row = a.reads_row || b.reads_row,
                     .has_agg = a.has_agg || b.has_agg};
}

/* A column read as text becomes a column read as a number, through
 * if/coalesce branches; new nodes, as IR may be shared. */
static rt_expr *as_repr(checker *c, rt_expr *e, rt_opcode want)
{
    if (e->op == RT_COLSTR || e->op == RT_COLNUM) {
        if (e->op == want)
            return e;
        colinfo *ci = &c->st.cols[e->slot];
        if (ci->decl)
            return e;
        rt_expr *n = lower_node(&c->t, want, 0);
        n->slot = e->slot;
        if (want == RT_COLNUM)
            ci->as_num = true;
        else
            ci->as_str = true;
        return n;
    }
    if (e->op == RT_IF || e->op == RT_COALESCE) {
        rt_expr *n = lower_node(&c->t, e->op, e->nkids);
        for (int i = 0; i < e->nkids; i++)
            n->kids[i] = (e->op == RT_IF && i == 0)
                             ? e->kids[i]
                             : as_repr(c, e->kids[i], want);
        return n;
    }
    return e;
}

static bool want_type(checker *c, lowered *l, ty want, loc at, const char *what)
{
    if (l->t == TY_ERR || want == TY_ANY)
        return l->t != TY_ERR;
    if (l->t == want)
        return true;
    if (l->t == TY_ANY && want != TY_BOOL) {
        l->e = as_repr(c, l->e, want == TY_NUM ? RT_COLNUM : RT_COLSTR);
        l->t = want;
        return true;
    }
    if (l->t == TY_ANY)
        diag_error(c->d, at,
                   "%s must be a condition; this column has no declared "
                   "type (compare it, e.g. x == 1, or declare it `column x "
                   "bool`)",
                   what);
    else
        diag_error(c->d, at, "%s must be %s, but this is %s", what,
                   check_ty_name(want), check_ty_name(l->t));
    l->t = TY_ERR;
    return false;
}

lowered check_expr_as(checker *c, const ast_expr *e, ctx cx, ty want,
                      const char *what)
{
    lowered l = check_expr(c, e, cx);
    want_type(c, &l, want, e->at, what);
    return l;
}

/* Folding: evaluates IR without inputs (constants only). */
bool check_fold(checker *c, const ast_expr *e, rt_value *out)
{
    lowered l = check_expr(c, e, CTX_CONST);
    if (l.t == TY_ERR)
        return false;
    if (l.reads_row || l.has_agg || l.e->op != RT_CONST) {
        diag_error(c->d, e->at, "expected a constant here");
        return false;
    }
    *out = l.e->k;
    return true;
}

/* Constant subtrees are computed now, so thresholds and bounds are
 * plain values and rows do less work. */
static lowered fold(checker *c, lowered l)
{
    if (l.t == TY_ERR || l.reads_row || l.has_agg)
        return l;
    for (int i = 0; i < l.e->nkids; i++)
        if (l.e->kids[i]->op != RT_CONST)
            return l;
    if (l.e->op == RT_CONST || l.e->op == RT_OVERALL || l.e->op == RT_RESULT ||
        l.e->op == RT_AGG)
        return l;
    rt_env env = {0};
    l.e = lower_const(&c->t, rt_eval(l.e, &env));
    return l;
}

static lowered check_binary(checker *c, const ast_expr *e, ctx cx)
{
    lowered a = check_expr(c, e->lhs, cx), b = check_expr(c, e->rhs, cx);
    if (a.t == TY_ERR || b.t == TY_ERR)
        return bad();
    static const rt_opcode ops[] = {
        [OP_ADD] = RT_ADD, [OP_SUB] = RT_SUB, [OP_MUL] = RT_MUL,
        [OP_DIV] = RT_DIV, [OP_MOD] = RT_MOD, [OP_EQ] = RT_EQ,
        [OP_NE] = RT_NE,   [OP_LT] = RT_LT,   [OP_LE] = RT_LE,
        [OP_GT] = RT_GT,   [OP_GE] = RT_GE,   [OP_AND] = RT_AND,
        [OP_OR] = RT_OR};
    rt_expr *n = lower_node(&c->t, ops[e->op], 2);
    ty result = TY_NUM;
    if (e->op == OP_AND || e->op == OP_OR) {
        const char *w =
            e->op == OP_AND ? "an operand of 'and'" : "an operand of 'or'";
        if (!want_type(c, &a, TY_BOOL, e->lhs->at, w) |
            !want_type(c, &b, TY_BOOL, e->rhs->at, w))
            return bad();
        result = TY_BOOL;
    } else if (e->op >= OP_EQ && e->op <= OP_GE) {
        ty t = a.t != TY_ANY ? a.t : b.t;
        if (t == TY_ANY)
            t = (e->op == OP_EQ || e->op == OP_NE) ? TY_TEXT : TY_NUM;
        if (a.t != TY_ANY && b.t != TY_ANY && a.t != b.t) {
            diag_error(c->d, e->at, "cannot compare %s with %s",
                       check_ty_name(a.t), check_ty_name(b.t));
            return bad();
        }
        want_type(c, &a, t, e->lhs->at, "this operand");
        want_type(c, &b, t, e->rhs->at, "this operand");
        if ((e->op == OP_EQ || e->op == OP_NE) &&
            (!check_allowed(c, &a, &b, e->rhs) |
             !check_allowed(c, &b, &a, e->lhs)))
            return bad();
        result = TY_BOOL;
    } else {
        char what[64];
        snprintf(what, sizeof what, "an operand of '%s'", ast_op_name(e->op));
        if (!want_type(c, &a, TY_NUM, e->lhs->at, what) |
            !want_type(c, &b, TY_NUM, e->rhs->at, what))
            return bad();
    }
    n->kids[0] = a.e;
    n->kids[1] = b.e;
    return fold(c, make(n, result, a, b));
}

static lowered check_unary(checker *c, const ast_expr *e, ctx cx)
{
    lowered a = check_expr(c, e->lhs, cx);
    bool neg = e->op == OP_NEG;
    if (!want_type(c, &a, neg ? TY_NUM : TY_BOOL, e->lhs->at,
                   neg ? "the operand of '-'" : "the operand of 'not'"))
        return bad();
    rt_expr *n = lower_node(&c->t, neg ? RT_NEG : RT_NOT, 1);
    n->kids[0] = a.e;
    return fold(c, make(n, neg ? TY_NUM : TY_BOOL, a, a));
}

static lowered check_in_list(checker *c, const ast_expr *e, ctx cx)
{
    lowered x = check_expr(c, e->lhs, cx);
    rt_expr *n = lower_node(&c->t, RT_IN_LIST, e->nitems + 1);
    n->negated = e->negated;
    lowered acc = x;
    lowered *items = rt_arena_alloc(c->a, sizeof(lowered) * (e->nitems + 1));
    ty t = x.t;
    for (int i = 0; i < e->nitems; i++) {
        items[i] = check_expr(c, e->items[i], cx);
        if (items[i].t == TY_ERR)
            return bad();
        if (t == TY_ANY)
            t = items[i].t;
        acc = make(NULL, TY_BOOL, acc, items[i]);
    }
    if (t == TY_ANY)
        t = TY_TEXT;
    if (!want_type(c, &x, t, e->lhs->at, "the value tested by 'in'"))
        return bad();
    n->kids[0] = x.e;
    for (int i = 0; i < e->nitems; i++) {
        if (!want_type(c, &items[i], t, e->items[i]->at,
                       "every item of the 'in' list") ||
            !check_allowed(c, &x, &items[i], e->items[i]))
            return bad();
        n->kids[i + 1] = items[i].e;
    }
    acc.e = n;
    return acc;
}

static lowered check_in_range(checker *c, const ast_expr *e, ctx cx)
{
    lowered x =
        check_expr_as(c, e->lhs, cx, TY_NUM, "a value tested by 'in lo..hi'");
    lowered lo = check_expr_as(c, e->lo, cx, TY_NUM, "a range bound");
    lowered hi = check_expr_as(c, e->hi, cx, TY_NUM, "a range bound");
    if (x.t == TY_ERR || lo.t == TY_ERR || hi.t == TY_ERR)
        return bad();
    rt_expr *n = lower_node(&c->t, RT_IN_RANGE, 3);
    n->negated = e->negated;
    n->kids[0] = x.e;
    n->kids[1] = lo.e;
    n->kids[2] = hi.e;
    return make(n, TY_BOOL, make(NULL, TY_BOOL, x, lo), hi);
}

/* The common type of branches: a typed branch decides for untyped ones. */
static bool unify(checker *c, lowered *v, const ast_expr *const *at, int n,
                  ty *out)
{
    ty t = TY_ANY;
    for (int i = 0; i < n; i++) {
        if (v[i].t == TY_ERR)
            return false;
        if (t == TY_ANY)
            t = v[i].t;
    }
    for (int i = 0; i < n; i++) {
        if (v[i].t != TY_ANY && v[i].t != t) {
            diag_error(c->d, at[i]->at,
                       "this is %s, but an earlier alternative is %s",
                       check_ty_name(v[i].t), check_ty_name(t));
            return false;
        }
        if (t != TY_ANY)
            want_type(c, &v[i], t, at[i]->at, "this alternative");
    }
    *out = t;
    return true;
}

static lowered check_if(checker *c, const ast_expr *e, ctx cx)
{
    lowered v[3];
    v[0] = check_expr_as(c, e->cond, cx, TY_BOOL, "the condition of 'if'");
    v[1] = check_expr(c, e->then, cx);
    v[2] = check_expr(c, e->els, cx);
    const ast_expr *at[2] = {e->then, e->els};
    ty t;
    if (v[0].t == TY_ERR || !unify(c, v + 1, at, 2, &t))
        return bad();
    rt_expr *n = lower_node(&c->t, RT_IF, 3);
    for (int i = 0; i < 3; i++)
        n->kids[i] = v[i].e;
    return fold(c, make(n, t, make(NULL, t, v[0], v[1]), v[2]));
}

static lowered check_is_missing(checker *c, const ast_expr *e, ctx cx)
{
    lowered a = check_expr(c, e->lhs, cx);
    if (a.t == TY_ERR)
        return bad();
    rt_expr *n = lower_node(&c->t, RT_IS_MISSING, 1);
    n->negated = e->negated;
    n->kids[0] = a.e;
    return make(n, TY_BOOL, a, a);
}

/* ---- names ---- */

static lowered check_result_name(checker *c, const ast_expr *e)
{
    static const char *const names[] = {
#define X(k, name) name,
#include "../runtime/results.def"
#undef X
    };
    for (int i = 0; i < RT__NRESULTS; i++) {
        if (strcmp(e->str, names[i]) == 0) {
            rt_expr *n = lower_node(&c->t, RT_RESULT, 0);
            n->slot = i;
            return (lowered){.e = n, .t = TY_NUM};
        }
    }
    return bad();
}

static lowered check_sym_value(checker *c, sym *s, const ast_expr *e, ctx cx);

static lowered check_name(checker *c, const ast_expr *e, ctx cx)
{
    for (int i = c->nenv - 1; !e->qual && i >= 0; i--)
        if (strcmp(c->env[i].name, e->str) == 0) {
            /* The argument, expanded in place with the bindings where it
             * was written. */
            const binding *b = &c->env[i];
            const binding *saved = c->env;
            int nsaved = c->nenv, nfn = c->nfn;
            c->env = b->outer;
            c->nenv = b->nouter;
            c->nfn = b->nfn; /* an argument is the caller's, not a call */
            lowered l = check_expr(c, b->arg, cx);
            c->env = saved;
            c->nenv = nsaved;
            c->nfn = nfn;
            return l;
        }
    if (cx == CTX_RESULT) {
        lowered r = check_result_name(c, e);
        if (r.t != TY_ERR)
            return r;
    }
    sym *s = symtab_find(&c->st, e->str);
    if (s)
        return check_sym_value(c, s, e, cx);
    if (cx == CTX_RESULT) {
        diag_error(c->d, e->at,
                   "'%s' is not known here: a suppress condition may use "
                   "numerator, denominator, value, n, events, population, "
                   "expected, aggregates (count(), sum(x), ...) and "
                   "constants",
                   e->str);
        return bad();
    }
    return check_column_ref(c, e, cx);
}

/* ---- calls ---- */

static bool arity(checker *c, const ast_expr *e, int lo, int hi)
{
    if (e->nargs >= lo && e->nargs <= hi)
        return true;
    if (lo == hi)
        diag_error(c->d, e->name_at, "%s() takes %d argument%s, not %d", e->str,
                   lo, lo == 1 ? "" : "s", e->nargs);
    else
        diag_error(c->d, e->name_at, "%s() takes %d to %d arguments, not %d",
                   e->str, lo, hi, e->nargs);
    return false;
}

static bool plain_args(checker *c, const ast_expr *e)
{
    bool ok = true;
    if (e->where || e->weight) {
        diag_error(c->d, (e->where ? e->where : e->weight)->at,
                   "'where' and 'weighted by' belong to aggregates; %s() "
                   "is not one",
                   e->str);
        ok = false;
    }
    for (int i = 0; i < e->nargs; i++)
        if (e->args[i].key && strcmp(e->str, "band") != 0) {
            diag_error(c->d, e->args[i].key->at,
                       "'key: value' arguments belong to band()");
            ok = false;
        }
    return ok;
}

static ty agg_arg_type(rt_aggkind k)
{
    switch (k) {
    case RT_AGG_SHARE: return TY_BOOL;
    case RT_AGG_DISTINCT: return TY_ANY;
    default: return TY_NUM;
    }
}

/* `sum(sum(x))`: the inner aggregate is one value per period, so summing
 * it over rows is almost surely a mistake. A per-key aggregate
 * (`mean(count(per household))`) is a value per row, so it is a fine
 * argument. */
static bool directly_nested(const ast_expr *arg)
{
    return arg->kind == AST_CALL && builtins_agg(arg->str) >= 0 && !arg->per;
}

/* The Laeken indicators: an optional second argument, the share of the
 * median that is the poverty threshold. */
static bool is_laeken(int k)
{
    return k == RT_AGG_ARPT || k == RT_AGG_ARPR || k == RT_AGG_POORMED ||
           k == RT_AGG_RMPG;
}

static bool check_agg_parts(checker *c, const ast_expr *e, rt_aggkind k,
                            rt_agg *ag)
{
    bool ok = true;
    if (k != RT_AGG_COUNT) {
        const ast_expr *arg = e->args[0].value;
        if (directly_nested(arg)) {
            diag_error(c->d, arg->at,
                       "aggregate directly inside aggregate: %s() of %s() "
                       "is one value per period; use overall(...) or "
                       "combine them outside",
                       e->str, arg->str);
            return false;
        }
        char what[64];
        snprintf(what, sizeof what, "the argument of %s()", e->str);
        lowered l = check_expr_as(c, arg, CTX_ROW, agg_arg_type(k), what);
        ok = l.t != TY_ERR;
        ag->arg = l.e;
    }
    if (k == RT_AGG_QUANTILE) {
        rt_value p;
        if (!check_fold(c, e->args[1].value, &p))
            return false;
        if (p.tag != RT_NUM || p.num < 0 || p.num > 1) {
            diag_error(c->d, e->args[1].value->at,
                       "the probability of quantile() must be a number "
                       "from 0 to 1");
            return false;
        }
        ag->p = p.num;
    }
    if (is_laeken(k)) {
        rt_value p = rt_num(0.6);
        if (e->nargs > 1 && !check_fold(c, e->args[1].value, &p))
            return false;
        if (p.tag != RT_NUM || !(p.num > 0)) {
            diag_error(c->d, e->args[1].value->at,
                       "the share of the median of %s() must be a positive "
                       "number, e.g. 0.6",
                       e->str);
            return false;
        }
        ag->p = p.num;
    }
    if (e->where) {
        lowered w = check_expr_as(c, e->where, CTX_ROW, TY_BOOL,
                                  "the 'where' condition");
        ok = ok && w.t != TY_ERR;
        ag->where = w.e;
    }
    bool weighted = k != RT_AGG_MIN && k != RT_AGG_MAX && k != RT_AGG_DISTINCT;
    if (e->weight) {
        lowered w = check_expr_as(c, e->weight, CTX_ROW, TY_NUM, "the weight");
        ok = ok && w.t != TY_ERR;
        ag->weight = weighted ? w.e : NULL;
        if (weighted && w.e && w.e->op == RT_COLNUM &&
            !c->st.cols[w.e->slot].weight_signed)
            c->st.cols[w.e->slot].nonneg = true; /* `weighted by C` */
    } else if (weighted) {
        ag->weight = c->ds[c->cur_ds].weight;
    }
    return ok;
}

/* `per key`: the aggregate of each key's rows within the period, read
 * back in every row of that key. Unweighted unless `weighted by` says so:
 * summing a household's members should not weight them. */
static lowered check_per_key(checker *c, const ast_expr *e, rt_agg *ag)
{
    if (!e->weight)
        ag->weight = NULL;
    lowered key = check_expr(c, e->per, CTX_ROW);
    if (key.t == TY_ANY)
        key.e = as_repr(c, key.e, RT_COLSTR);
    if (key.t != TY_ERR && !key.reads_row) {
        diag_error(c->d, e->per->at,
                   "'per' needs a value that varies by row, such as a "
                   "household id");
        key.t = TY_ERR;
    }
    return key;
}

/* Lowers a breakdown's dimensions for the records of one data file; a
 * dimension that file cannot give is an error naming the files. */
static void lower_dims(checker *c, int grouping, int ds)
{
    const lower_gdef *gd = &c->t.groupings[grouping];
    int saved = c->cur_ds;
    bool saved_sure = c->ds_sure;
    c->cur_ds = ds;
    c->ds_sure = true;
    for (int d = 0; d < gd->g.ndims; d++) {
        const ast_expr *item = gd->items[d];
        const char *missing = NULL;
        rt_expr *e = NULL;
        if (!datasets_can_compute(c, ds, item, &missing)) {
            const char *other = NULL, *m2, *near;
            for (int k = 0; k < c->nds && !other; k++)
                if (k != ds && datasets_can_compute(c, k, item, &m2))
                    other = c->ds[k].name;
            if (other)
                diag_error(c->d, item->at,
                           "breakdown '%s' is in '%s' but not in '%s' (no "
                           "column '%s'), which indicator '%s' also reads",
                           item->str, other, c->ds[ds].name, missing,
                           c->ind_name ? c->ind_name : "?");
            else if ((near = check_near_column(c, ds, missing)))
                diag_error(c->d, item->at,
                           "breakdown '%s' is not in data file '%s' (no "
                           "column '%s'; did you mean '%s'?)",
                           item->str, c->ds[ds].name, missing, near);
            else
                diag_error(c->d, item->at,
                           "breakdown '%s' is not in data file '%s' (no "
                           "column '%s')",
                           item->str, c->ds[ds].name, missing);
        } else {
            lowered l = check_expr(c, item, CTX_ROW);
            if (l.t == TY_ANY && l.e->op == RT_COLSTR)
                c->st.cols[l.e->slot].as_str = true;
            if (l.t == TY_ANY && l.e->op == RT_COLNUM) {
                l.e->op = RT_COLSTR;
                c->st.cols[l.e->slot].as_str = true;
            }
            e = l.e;
        }
        /* A failed dimension still gets a node, so it is reported once. */
        lower_set_dim(&c->t, grouping, ds, d,
                      e ? e : lower_const(&c->t, rt_missing()));
    }
    c->cur_ds = saved;
    c->ds_sure = saved_sure;
}

/* Accumulates the aggregate per group of the grouping too, lowering the
 * grouping's dimensions for the aggregate's data file on first need. */
static void attach(checker *c, int agg, int grouping)
{
    if (lower_needs_dims(&c->t, agg, grouping))
        lower_dims(c, grouping, c->t.aggs[agg].ds);
    lower_attach(&c->t, agg, grouping);
}

static lowered check_aggregate(checker *c, const ast_expr *e, int k, ctx cx)
{
    int nargs = builtins_agg_nargs(k);
    if (!plain_args(
            c,
            &(ast_expr){.str = e->str, .args = e->args, .nargs = e->nargs}) ||
        !arity(c, e, nargs, is_laeken(k) ? nargs + 1 : nargs))
        return bad();
    if (e->per && cx != CTX_ROW && !c->in_agg) {
        diag_error(c->d, e->at,
                   "an aggregate 'per' a key gives one value per row (its "
                   "key's); use it in a let, a where, or inside another "
                   "aggregate");
        return bad();
    }
    /* Inside a row context the aggregate is over the whole period. */
    /* In a suppress or low_count condition (CTX_RESULT) it is per group,
     * as in the value. */
    bool total = cx == CTX_ROW || c->in_agg || c->in_overall || cx == CTX_CONST;
    bool saved_sure = c->ds_sure;
    int ds = datasets_for_agg(c, e);
    if (ds < 0)
        return bad();
    if (!total && ds < 64)
        c->ind_ds[ds] = true;
    bool saved_in_agg = c->in_agg;
    int saved_ds = c->cur_ds;
    c->in_agg = true;
    c->cur_ds = ds;
    rt_agg ag = {.kind = (rt_aggkind)k, .ds = ds};
    bool ok = check_agg_parts(c, e, (rt_aggkind)k, &ag);
    lowered key = {.t = TY_ERR};
    if (ok && e->per)
        key = check_per_key(c, e, &ag);
    c->in_agg = saved_in_agg;
    c->cur_ds = saved_ds;
    c->ds_sure = saved_sure;
    if (!ok || (e->per && key.t == TY_ERR))
        return bad();
    if (e->per) {
        rt_expr *n = lower_node(&c->t, RT_PERAGG, 0);
        n->slot = lower_per(&c->t, lower_agg(&c->t, &ag), key.e, ds);
        return (lowered){.e = n, .t = TY_NUM, .reads_row = true};
    }
    int slot = lower_agg(&c->t, &ag);
    rt_expr *n = lower_node(&c->t, RT_AGG, 0);
    n->slot = slot;
    if (total) {
        attach(c, slot, 0);
    } else {
        for (int i = 0; i < c->ncur_groupings; i++)
            attach(c, slot, c->cur_groupings[i]);
    }
    lowered l = {.e = n, .t = TY_NUM, .has_agg = true};
    if (cx == CTX_ROW || c->in_agg) {
        rt_expr *o = lower_node(&c->t, RT_OVERALL, 0);
        o->slot = lower_overall(&c->t, n);
        l = (lowered){.e = o, .t = TY_NUM};
    }
    return l;
}

static lowered check_overall(checker *c, const ast_expr *e, ctx cx)
{
    const builtin *b = builtins_find("overall");
    if (!plain_args(c, e) || !arity(c, e, b->lo, b->hi))
        return bad();
    if (cx != CTX_GROUP || c->in_agg || c->in_overall)
        return check_expr(c, e->args[0].value, cx);
    c->in_overall = true;
    lowered l = check_expr(c, e->args[0].value, cx);
    c->in_overall = false;
    if (l.t == TY_ERR)
        return l;
    if (!l.has_agg) {
        diag_error(c->d, e->at,
                   "overall() needs an aggregate, e.g. overall(sum(x))");
        return bad();
    }
    if (!want_type(c, &l, TY_NUM, e->at, "the argument of overall()"))
        return bad();
    rt_expr *o = lower_node(&c->t, RT_OVERALL, 0);
    o->slot = lower_overall(&c->t, l.e);
    return (lowered){.e = o, .t = TY_NUM};
}

static lowered check_coalesce(checker *c, const ast_expr *e, ctx cx)
{
    const builtin *b = builtins_find("coalesce");
    if (!plain_args(c, e) || !arity(c, e, b->lo, b->hi))
        return bad();
    lowered v[64];
    const ast_expr *at[64];
    lowered acc = {.t = TY_ANY};
    for (int i = 0; i < e->nargs; i++) {
        at[i] = e->args[i].value;
        v[i] = check_expr(c, at[i], cx);
        acc = make(NULL, TY_ANY, acc, v[i]);
    }
    ty t;
    if (!unify(c, v, at, e->nargs, &t))
        return bad();
    rt_expr *n = lower_node(&c->t, RT_COALESCE, e->nargs);
    for (int i = 0; i < e->nargs; i++)
        n->kids[i] = v[i].e;
    acc.e = n;
    acc.t = t;
    return acc;
}

/* band(x, 0: "0-14", 15: "15-64", 65: "65+"): bounds ascending. */
static lowered check_band(checker *c, const ast_expr *e, ctx cx)
{
    if (!plain_args(c, e) || e->nargs < 2) {
        if (e->nargs < 2)
            diag_error(c->d, e->name_at,
                       "band() takes a value and at least one "
                       "'bound: label' pair");
        return bad();
    }
    lowered x =
        check_expr_as(c, e->args[0].value, cx, TY_NUM, "the value of band()");
    if (x.t == TY_ERR)
        return bad();
    rt_expr *n = lower_node(&c->t, RT_BAND, 1 + 2 * (e->nargs - 1));
    n->kids[0] = x.e;
    double prev = 0;
    ty lt = TY_ANY;
    for (int i = 1; i < e->nargs; i++) {
        const ast_arg *a = &e->args[i];
        rt_value b, lab;
        if (!a->key) {
            diag_error(c->d, a->value->at,
                       "band() expects 'bound: label' here");
            return bad();
        }
        if (!check_fold(c, a->key, &b) || !check_fold(c, a->value, &lab))
            return bad();
        if (b.tag != RT_NUM || (i > 1 && b.num <= prev)) {
            diag_error(c->d, a->key->at,
                       "band() bounds must be numbers in increasing order");
            return bad();
        }
        prev = b.num;
        lt = lab.tag == RT_NUM ? TY_NUM : TY_TEXT;
        n->kids[2 * i - 1] = lower_const(&c->t, b);
        n->kids[2 * i] = lower_const(&c->t, lab);
    }
    return (lowered){
        .e = n, .t = lt, .reads_row = x.reads_row, .has_agg = x.has_agg};
}

static lowered check_math(checker *c, const ast_expr *e, ctx cx, rt_opcode op,
                          int lo, int hi)
{
    if (!plain_args(c, e) || !arity(c, e, lo, hi))
        return bad();
    rt_expr *n = lower_node(&c->t, op, e->nargs);
    lowered acc = {.t = TY_NUM};
    for (int i = 0; i < e->nargs; i++) {
        char what[64];
        snprintf(what, sizeof what, "an argument of %s()", e->str);
        lowered a = check_expr_as(c, e->args[i].value, cx, TY_NUM, what);
        if (a.t == TY_ERR)
            return bad();
        n->kids[i] = a.e;
        acc = make(n, TY_NUM, acc, a);
    }
    acc.e = n;
    return fold(c, acc);
}

/* A call is expanded in place: each parameter stands for its argument,
 * checked where the parameter is used (so `fn avg(x) = sum(x) / count()`
 * reads x per row inside the aggregate). */
static lowered check_user_fn(checker *c, sym *s, const ast_expr *e, ctx cx)
{
    const ast_decl *fn = s->decl;
    int required = 0;
    while (required < fn->nparams && !fn->params[required].def)
        required++;
    if (!plain_args(c, e) || !arity(c, e, required, fn->nparams))
        return bad();
    bool recursive = false;
    for (int i = 0; i < c->nfn; i++)
        recursive = recursive || c->fnstack[i] == s;
    if (recursive) {
        diag_error(c->d, e->name_at,
                   "function '%s' calls itself (directly or through "
                   "others); functions are expanded, so they cannot recurse",
                   s->name);
        return bad();
    }
    if (c->nfn >= MAX_FN_DEPTH) {
        diag_error(c->d, e->name_at,
                   "function calls nest more than %d deep here", MAX_FN_DEPTH);
        return bad();
    }
    binding *b = rt_arena_alloc(c->a, sizeof(binding) * (fn->nparams + 1));
    for (int i = 0; i < fn->nparams; i++)
        b[i] = i < e->nargs ? (binding){fn->params[i].name, e->args[i].value,
                                        c->env, c->nenv, c->nfn}
                            : (binding){fn->params[i].name, fn->params[i].def,
                                        NULL, 0, c->nfn};
    /* The body sees only its parameters, not the caller's. */
    const binding *saved_env = c->env;
    int saved_n = c->nenv;
    c->env = b;
    c->nenv = fn->nparams;
    c->fnstack[c->nfn++] = s;
    int errors = c->d->errors;
    lowered l = check_expr(c, fn->expr, cx);
    c->nfn--;
    c->env = saved_env;
    c->nenv = saved_n;
    /* A silent failure (an indicator skipped for want of data) gets no
     * note either. */
    if (l.t == TY_ERR && c->d->errors > errors)
        diag_note(c->d, e->at, "in this call of '%s'", s->name);
    return l;
}

static void unknown_function(checker *c, const ast_expr *e)
{
    int nb;
    const char *const *names = builtins_names(&nb);
    const char **cands =
        rt_arena_alloc(c->a, sizeof(char *) * (nb + c->st.nsyms + 3));
    int n = 0;
    for (int i = 0; i < nb; i++)
        cands[n++] = names[i];
    cands[n++] = "dsr";
    cands[n++] = "isr";
    for (size_t i = 0; i < c->st.nsyms; i++)
        if (c->st.syms[i].kind == SYM_FN)
            cands[n++] = c->st.syms[i].name;
    const char *best = suggest_best(e->str, cands, n);
    if (best)
        diag_error(c->d, e->name_at,
                   "unknown function '%s' (did you mean '%s'?)", e->str, best);
    else
        diag_error(c->d, e->name_at, "unknown function '%s'", e->str);
}

/* dsr(events, population, stratum, "label": weight, ...) and isr(...)
 * (compiler/standard.c): one pair of sums per stratum, checked here in
 * the group context; the strata go to c->std for the indicator whose
 * whole value this is (its interval, and events/population shown). */
static lowered check_standardised(checker *c, const ast_expr *e, ctx cx)
{
    bool direct = strcmp(e->str, "dsr") == 0;
    if (cx != CTX_GROUP || c->in_agg || c->in_overall) {
        diag_error(c->d, e->name_at,
                   "%s() is an indicator's value (one per group), not part "
                   "of a row expression",
                   e->str);
        return bad();
    }
    if (e->nargs < 4 || e->per || e->args[0].key || e->args[1].key ||
        e->args[2].key) {
        diag_error(c->d, e->name_at,
                   "%s(events, population, stratum, ...) takes its three "
                   "arguments, then the strata%s",
                   e->str, e->per ? ", and no 'per'" : "");
        return bad();
    }
    std_stratum *st = rt_arena_alloc(c->a, sizeof *st * (size_t)e->nargs);
    int n = standard_strata(c->d, e, direct, st);
    if (n < 0)
        return bad();
    rt_arena *pa = c->t.p->arena;
    rt_standard *sd = rt_arena_alloc(pa, sizeof *sd);
    sd->kind = direct ? RT_STD_DIRECT : RT_STD_INDIRECT;
    sd->nstrata = n;
    sd->events = rt_arena_alloc(pa, sizeof(int) * (size_t)n);
    sd->population = rt_arena_alloc(pa, sizeof(int) * (size_t)n);
    sd->weight = rt_arena_alloc(pa, sizeof(double) * (size_t)n);
    double total = 0;
    for (int i = 0; i < n; i++)
        total += st[i].num;
    rt_expr *sum = NULL, *events = NULL, *pop = NULL;
    const ast_expr *x = e->args[0].value, *p = e->args[1].value;
    for (int i = 0; i < n; i++) {
        lowered o = check_expr(c, standard_sum(c->a, e, x, st[i].label, false),
                               CTX_GROUP);
        lowered q = check_expr(c, standard_sum(c->a, e, p, st[i].label, false),
                               CTX_GROUP);
        if (o.t == TY_ERR || q.t == TY_ERR)
            return bad();
        sd->events[i] = o.e->slot;
        sd->population[i] = q.e->slot;
        sd->weight[i] = direct ? st[i].num / total : st[i].num;
        events = standard_op(&c->t, RT_ADD, events, o.e);
        rt_expr *term;
        if (direct) {
            rt_expr *w = lower_const(&c->t, rt_num(sd->weight[i]));
            term = standard_op(&c->t, RT_MUL, w,
                               standard_op(&c->t, RT_DIV, o.e, q.e));
            pop = standard_op(&c->t, RT_ADD, pop, q.e);
        } else {
            rt_expr *rate = lower_const(&c->t, rt_num(st[i].num));
            if (st[i].num < 0) { /* the period total's own rate */
                lowered ro = check_expr(
                    c, standard_sum(c->a, e, x, st[i].label, true), CTX_GROUP);
                lowered rp = check_expr(
                    c, standard_sum(c->a, e, p, st[i].label, true), CTX_GROUP);
                if (ro.t == TY_ERR || rp.t == TY_ERR)
                    return bad();
                rate = standard_op(&c->t, RT_DIV, ro.e, rp.e);
            }
            term = standard_op(&c->t, RT_MUL, q.e, rate);
        }
        sum = standard_op(&c->t, RT_ADD, sum, term);
    }
    c->std = sd;
    c->std_num = events;
    c->std_den = direct ? pop : sum;
    c->std_value = direct ? sum : standard_op(&c->t, RT_DIV, events, sum);
    return (lowered){.e = c->std_value, .t = TY_NUM, .has_agg = true};
}

static lowered check_call(checker *c, const ast_expr *e, ctx cx)
{
    int k = builtins_agg(e->str);
    if (k >= 0)
        return check_aggregate(c, e, k, cx);
    if (strcmp(e->str, "dsr") == 0 || strcmp(e->str, "isr") == 0)
        return check_standardised(c, e, cx);
    const builtin *b = builtins_find(e->str);
    if (b) {
        switch (b->op) {
        case RT_OVERALL: return check_overall(c, e, cx);
        case RT_COALESCE: return check_coalesce(c, e, cx);
        case RT_BAND: return check_band(c, e, cx);
        default: return check_math(c, e, cx, b->op, b->lo, b->hi);
        }
    }
    sym *s = symtab_find(&c->st, e->str);
    if (s && s->kind == SYM_FN)
        return check_user_fn(c, s, e, cx);
    if (s) {
        diag_error(c->d, e->name_at, "'%s' is a %s, not a function", e->str,
                   s->kind == SYM_LET ? "let" : "const");
        return bad();
    }
    unknown_function(c, e);
    return bad();
}

/* ---- let and const ---- */

static void cycle_error(checker *c, sym *s, const ast_expr *e)
{
    char path[512] = "";
    for (int i = 0; i < c->nchain; i++) {
        strncat(path, c->chain[i], sizeof path - strlen(path) - 1);
        strncat(path, " -> ", sizeof path - strlen(path) - 1);
    }
    strncat(path, s->name, sizeof path - strlen(path) - 1);
    diag_error(c->d, e->at, "'%s' is defined in terms of itself: %s", s->name,
               path);
}

/* Checks a let (for the current dataset) or a const (once), in its own
 * context rather than the user's. */
static void define_sym(checker *c, sym *s, int k)
{
    if (c->def_depth >= MAX_DEFINE_DEPTH) {
        diag_error(c->d, s->decl->name_at,
                   "'%s' is defined through more than %d other lets and "
                   "consts",
                   s->name, MAX_DEFINE_DEPTH);
        s->val[k] = bad();
        s->state[k] = 2;
        return;
    }
    c->def_depth++;
    s->state[k] = 1;
    if (c->nchain < 64)
        c->chain[c->nchain++] = s->name;
    const binding *env = c->env;
    int nenv = c->nenv, nchain = c->nchain, ncur = c->ncur_groupings;
    bool in_agg = c->in_agg, in_overall = c->in_overall;
    c->env = NULL;
    c->nenv = 0;
    c->in_agg = c->in_overall = false;
    c->ncur_groupings = 0;
    lowered l =
        check_expr(c, s->decl->expr, s->kind == SYM_LET ? CTX_ROW : CTX_CONST);
    if (s->kind == SYM_CONST && l.t != TY_ERR && l.has_agg) {
        rt_expr *o = lower_node(&c->t, RT_OVERALL, 0);
        o->slot = lower_overall(&c->t, l.e);
        l = (lowered){.e = o, .t = l.t};
    }
    /* A let read per row is computed once per row, however many
     * conditions use it (an untyped one stays bare: each use may still
     * choose to read its column as text or as a number). */
    if (s->kind == SYM_LET && l.t != TY_ERR && l.t != TY_ANY && l.reads_row &&
        l.e->op != RT_CONST) {
        rt_expr *n = lower_node(&c->t, RT_LET, 1);
        n->slot = c->t.p->nlets++;
        n->kids[0] = l.e;
        l.e = n;
    }
    s->val[k] = l;
    c->env = env;
    c->nenv = nenv;
    c->in_agg = in_agg;
    c->in_overall = in_overall;
    c->ncur_groupings = ncur;
    c->nchain = nchain - 1;
    c->def_depth--;
    s->state[k] = 2;
}

static lowered check_sym_value(checker *c, sym *s, const ast_expr *e, ctx cx)
{
    if (s->kind == SYM_FN) {
        diag_error(c->d, e->at, "'%s' is a function; call it: %s(...)", s->name,
                   s->name);
        return bad();
    }
    const char *missing;
    if (s->kind == SYM_LET && !c->in_agg &&
        (cx == CTX_GROUP || cx == CTX_CONST || cx == CTX_RESULT) &&
        !datasets_can_compute(c, -1, s->decl->expr, &missing)) {
        diag_error(c->d, e->at,
                   "'%s' is a per-row let; use it inside an aggregate, "
                   "e.g. count(where %s)",
                   s->name, s->name);
        return bad();
    }
    if (!s->state) {
        s->state = rt_arena_alloc(c->a, sizeof(int) * (size_t)(c->nds + 1));
        s->val = rt_arena_alloc(c->a, sizeof(lowered) * (size_t)(c->nds + 1));
    }
    int k = s->kind == SYM_LET ? c->cur_ds : 0;
    if (s->state[k] == 1) {
        cycle_error(c, s, e);
        return bad();
    }
    if (s->state[k] == 0)
        define_sym(c, s, k);
    lowered v = s->val[k];
    if (v.t != TY_ERR && cx == CTX_RESULT && v.e->op != RT_CONST) {
        diag_error(c->d, e->at,
                   "a suppress condition can only use constants, not '%s'",
                   s->name);
        return bad();
    }
    return v;
}

lowered check_expr(checker *c, const ast_expr *e, ctx cx)
{
    switch (e->kind) {
    case AST_NUM:
        return (lowered){.e = lower_const(&c->t, rt_num(e->num)), .t = TY_NUM};
    case AST_STR:
        return (lowered){.e = lower_const(&c->t, rt_str(e->str)), .t = TY_TEXT};
    case AST_BOOL:
        return (lowered){.e = lower_const(&c->t, rt_bool(e->boolean)),
                         .t = TY_BOOL};
    case AST_NAME: return check_name(c, e, cx);
    case AST_CALL: return check_call(c, e, cx);
    case AST_UNARY: return check_unary(c, e, cx);
    case AST_BINARY: return check_binary(c, e, cx);
    case AST_IN_LIST: return check_in_list(c, e, cx);
    case AST_IN_RANGE: return check_in_range(c, e, cx);
    case AST_IS_MISSING: return check_is_missing(c, e, cx);
    case AST_IF: return check_if(c, e, cx);
    default: return bad();
    }
}
