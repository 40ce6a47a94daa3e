/* eval.c — a tree-walking evaluator over rt_value. Arithmetic and
 * comparison with a missing operand give missing; division by zero gives
 * missing and raises RT_EFLAG_ZERO_DIV. */
#include "eval.h"

#include <math.h>
#include <string.h>

static const char *const op_names[] = {
#define X(op, name, arity) name,
#include "ops.def"
#undef X
};

const char *rt_op_name(rt_opcode op)
{
    return op_names[op];
}

static rt_value arith(rt_opcode op, double a, double b, rt_env *env)
{
    double r;
    switch (op) {
    case RT_ADD: r = a + b; break;
    case RT_SUB: r = a - b; break;
    case RT_MUL: r = a * b; break;
    case RT_DIV:
    case RT_MOD:
        if (b == 0) {
            env->flags |= RT_EFLAG_ZERO_DIV;
            return rt_missing();
        }
        r = op == RT_DIV ? a / b : fmod(a, b);
        break;
    case RT_POW: r = pow(a, b); break;
    default: return rt_missing();
    }
    return isfinite(r) ? rt_num(r) : rt_missing();
}

int rt_compare(rt_value a, rt_value b, bool eq_only)
{
    if (a.tag != b.tag)
        return 2;
    switch (a.tag) {
    case RT_NUM: return (a.num > b.num) - (a.num < b.num);
    case RT_STR: {
        if (a.str == b.str)
            return 0;
        if (eq_only && a.b && b.b)
            return 1;
        int c = strcmp(a.str, b.str);
        return (c > 0) - (c < 0);
    }
    case RT_BOOL: return (a.b > b.b) - (a.b < b.b);
    default: return 2;
    }
}

static rt_value comparison(rt_opcode op, rt_value a, rt_value b)
{
    if (a.tag == RT_MISSING || b.tag == RT_MISSING)
        return rt_missing();
    int c = rt_compare(a, b, op == RT_EQ || op == RT_NE);
    if (c == 2)
        return rt_missing();
    switch (op) {
    case RT_EQ: return rt_bool(c == 0);
    case RT_NE: return rt_bool(c != 0);
    case RT_LT: return rt_bool(c < 0);
    case RT_LE: return rt_bool(c <= 0);
    case RT_GT: return rt_bool(c > 0);
    default: return rt_bool(c >= 0);
    }
}

/* Three-valued logic, as SQL: false and missing is false, true or
 * missing is true. */
static rt_value logic(const rt_expr *e, rt_env *env)
{
    rt_value a = rt_eval_fast(e->kids[0], env);
    bool is_and = e->op == RT_AND;
    if (a.tag == RT_BOOL && a.b != is_and)
        return a;
    rt_value b = rt_eval_fast(e->kids[1], env);
    if (b.tag == RT_BOOL && b.b != is_and)
        return b;
    if (a.tag == RT_MISSING || b.tag == RT_MISSING)
        return rt_missing();
    return rt_bool(is_and);
}

static rt_value in_list(const rt_expr *e, rt_env *env)
{
    rt_value x = rt_eval_fast(e->kids[0], env);
    if (x.tag == RT_MISSING)
        return x;
    for (int i = 1; i < e->nkids; i++)
        if (rt_compare(x, rt_eval_fast(e->kids[i], env), true) == 0)
            return rt_bool(!e->negated);
    return rt_bool(e->negated);
}

static rt_value in_range(const rt_expr *e, rt_env *env)
{
    rt_value x = rt_eval_fast(e->kids[0], env);
    rt_value lo = rt_eval_fast(e->kids[1], env),
             hi = rt_eval_fast(e->kids[2], env);
    if (x.tag != RT_NUM || lo.tag != RT_NUM || hi.tag != RT_NUM)
        return rt_missing();
    bool in = x.num >= lo.num && x.num <= hi.num;
    return rt_bool(in != e->negated);
}

/* band(x, b1: l1, b2: l2, ...): the label of the largest bound <= x. */
static rt_value band(const rt_expr *e, rt_env *env)
{
    rt_value x = rt_eval_fast(e->kids[0], env);
    if (x.tag != RT_NUM)
        return rt_missing();
    rt_value found = rt_missing();
    for (int i = 1; i + 1 < e->nkids; i += 2) {
        rt_value b = rt_eval_fast(e->kids[i], env);
        if (b.tag == RT_NUM && x.num >= b.num)
            found = rt_eval_fast(e->kids[i + 1], env);
    }
    return found;
}

static rt_value math1(rt_opcode op, rt_value a)
{
    if (a.tag != RT_NUM)
        return rt_missing();
    double r;
    switch (op) {
    case RT_NEG: r = -a.num; break;
    case RT_ABS: r = fabs(a.num); break;
    case RT_FLOOR: r = floor(a.num); break;
    case RT_CEIL: r = ceil(a.num); break;
    case RT_SQRT: r = sqrt(a.num); break;
    case RT_LOG: r = log(a.num); break;
    default: r = exp(a.num); break;
    }
    return isfinite(r) ? rt_num(r) : rt_missing();
}

static rt_value round_to(const rt_expr *e, rt_env *env)
{
    rt_value x = rt_eval_fast(e->kids[0], env);
    if (x.tag != RT_NUM)
        return rt_missing();
    double digits = 0;
    if (e->nkids > 1) {
        rt_value d = rt_eval_fast(e->kids[1], env);
        if (d.tag != RT_NUM)
            return rt_missing();
        digits = d.num;
    }
    double f = pow(10, digits);
    double r = round(x.num * f) / f;
    return isfinite(r) ? rt_num(r) : rt_missing();
}

static rt_value binary(const rt_expr *e, rt_env *env)
{
    rt_value a = rt_eval_fast(e->kids[0], env);
    rt_value b = rt_eval_fast(e->kids[1], env);
    if (e->op >= RT_EQ && e->op <= RT_GE)
        return comparison(e->op, a, b);
    if (a.tag != RT_NUM || b.tag != RT_NUM)
        return rt_missing();
    return arith(e->op, a.num, b.num, env);
}

rt_value rt_eval(const rt_expr *e, rt_env *env)
{
    switch (e->op) {
    case RT_CONST: return e->k;
    case RT_COLNUM: return env->col_num[e->slot];
    case RT_COLSTR: return env->col_str[e->slot];
    case RT_AGG: return env->agg[e->slot];
    case RT_OVERALL: return env->overall ? env->overall[e->slot] : rt_missing();
    case RT_RESULT: return env->result[e->slot];
    case RT_LET:
        if (!env->memo)
            return rt_eval_fast(e->kids[0], env);
        if (env->memo_row[e->slot] != env->row) {
            env->memo[e->slot] = rt_eval_fast(e->kids[0], env);
            env->memo_row[e->slot] = env->row;
        }
        return env->memo[e->slot];
    case RT_PERAGG:
        return env->peragg ? env->peragg(env->ctx, e->slot) : rt_missing();
    case RT_NOT: {
        rt_value a = rt_eval_fast(e->kids[0], env);
        return a.tag == RT_BOOL ? rt_bool(!a.b) : rt_missing();
    }
    case RT_AND:
    case RT_OR: return logic(e, env);
    case RT_IN_LIST: return in_list(e, env);
    case RT_IN_RANGE: return in_range(e, env);
    case RT_IS_MISSING: {
        rt_value a = rt_eval_fast(e->kids[0], env);
        return rt_bool((a.tag == RT_MISSING) != e->negated);
    }
    case RT_IF: {
        rt_value c = rt_eval_fast(e->kids[0], env);
        if (c.tag != RT_BOOL)
            return rt_missing();
        return rt_eval_fast(e->kids[c.b ? 1 : 2], env);
    }
    case RT_COALESCE:
        for (int i = 0; i < e->nkids; i++) {
            rt_value v = rt_eval_fast(e->kids[i], env);
            if (v.tag != RT_MISSING)
                return v;
        }
        return rt_missing();
    case RT_BAND: return band(e, env);
    case RT_ROUND: return round_to(e, env);
    case RT_NEG:
    case RT_ABS:
    case RT_FLOOR:
    case RT_CEIL:
    case RT_SQRT:
    case RT_LOG:
    case RT_EXP: return math1(e->op, rt_eval_fast(e->kids[0], env));
    default: return binary(e, env);
    }
}

bool rt_eval_true(const rt_expr *e, rt_env *env)
{
    rt_value v = rt_eval_fast(e, env);
    return v.tag == RT_BOOL && v.b;
}

/* Equal constants: NaN is never the same (no sharing, never wrong). */
static bool same_const(rt_value a, rt_value b)
{
    if (a.tag != b.tag)
        return false;
    switch (a.tag) {
    case RT_NUM: return a.num == b.num;
    case RT_STR: return a.b == b.b && strcmp(a.str, b.str) == 0;
    case RT_BOOL: return a.b == b.b;
    default: return true;
    }
}

bool rt_expr_same(const rt_expr *a, const rt_expr *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->op != b->op || a->slot != b->slot ||
        a->nkids != b->nkids || a->negated != b->negated ||
        (a->op == RT_CONST && !same_const(a->k, b->k)))
        return false;
    for (int i = 0; i < a->nkids; i++)
        if (!rt_expr_same(a->kids[i], b->kids[i]))
            return false;
    return true;
}
