/* filter.c — conjunctions of column tests, compiled to a flat list. Each
 * test mirrors eval.c's rules for its operator exactly; `not` is folded
 * into the test (a flipped relation, a flipped `negated`), which is exact
 * because negation keeps missing missing. */
#include "filter.h"

#include <stdlib.h>

#include "arena.h"

typedef enum {
    T_TRUE,    /* a boolean column is true (false with neg); loose: an
                  operand of `and`, where any other non-missing value
                  counts as true too (eval.c's logic()) */
    T_CMP,     /* column op constant */
    T_RANGE,   /* column in lo..hi (negated: not in) */
    T_LIST,    /* column in (constants) (negated: not in) */
    T_MISSING, /* column is missing (negated: is not missing) */
} test_kind;

typedef struct test {
    test_kind kind;
    rt_opcode op; /* T_CMP: EQ..GE, the column on the left */
    bool num;     /* the column read as a number (else as text) */
    bool neg, loose;
    int slot;
    rt_value k;    /* T_CMP */
    double lo, hi; /* T_RANGE */
    const rt_value *list;
    int nlist;
} test;

struct rt_filter {
    test *t;
    int n, cap;
};

static bool push(rt_filter *f, test t)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 4;
        f->t = rt_xrealloc(f->t, (size_t)f->cap * sizeof *f->t);
    }
    f->t[f->n++] = t;
    return true;
}

static bool is_col(const rt_expr *e)
{
    return e->op == RT_COLNUM || e->op == RT_COLSTR;
}

/* The relation that holds exactly when op does not (both comparable). */
static rt_opcode flip(rt_opcode op)
{
    switch (op) {
    case RT_EQ: return RT_NE;
    case RT_NE: return RT_EQ;
    case RT_LT: return RT_GE;
    case RT_LE: return RT_GT;
    case RT_GT: return RT_LE;
    default: return RT_LT; /* RT_GE */
    }
}

/* op with its operands swapped (k op col as col op' k). */
static rt_opcode mirror(rt_opcode op)
{
    switch (op) {
    case RT_LT: return RT_GT;
    case RT_LE: return RT_GE;
    case RT_GT: return RT_LT;
    case RT_GE: return RT_LE;
    default: return op;
    }
}

static bool comparison(rt_filter *f, const rt_expr *e, bool neg)
{
    const rt_expr *a = e->kids[0], *b = e->kids[1];
    rt_opcode op = e->op;
    if (is_col(b) && a->op == RT_CONST) {
        const rt_expr *t = a;
        a = b;
        b = t;
        op = mirror(op);
    }
    if (!is_col(a) || b->op != RT_CONST)
        return false;
    return push(f, (test){.kind = T_CMP,
                          .op = neg ? flip(op) : op,
                          .num = a->op == RT_COLNUM,
                          .slot = a->slot,
                          .k = b->k});
}

static bool list_of(rt_filter *f, const rt_expr *e, bool neg)
{
    if (!is_col(e->kids[0]))
        return false;
    for (int i = 1; i < e->nkids; i++)
        if (e->kids[i]->op != RT_CONST)
            return false;
    rt_value *list = rt_xcalloc((size_t)e->nkids, sizeof *list);
    for (int i = 1; i < e->nkids; i++)
        list[i - 1] = e->kids[i]->k;
    return push(f, (test){.kind = T_LIST,
                          .num = e->kids[0]->op == RT_COLNUM,
                          .neg = e->negated != neg,
                          .slot = e->kids[0]->slot,
                          .list = list,
                          .nlist = e->nkids - 1});
}

/* Adds the tests of e (negated when neg; in_and: e is an operand of
 * `and`); false when e is not a conjunction of supported tests. */
static bool compile(rt_filter *f, const rt_expr *e, bool neg, bool in_and)
{
    const rt_expr *x = e->nkids ? e->kids[0] : NULL;
    switch (e->op) {
    case RT_LET: return compile(f, x, neg, in_and); /* pure: inlined */
    case RT_NOT: return compile(f, x, !neg, false);
    case RT_AND:
        return !neg && compile(f, x, false, true) &&
               compile(f, e->kids[1], false, true);
    case RT_COLNUM:
        return push(f, (test){.kind = T_TRUE,
                              .num = true,
                              .neg = neg,
                              .loose = in_and && !neg,
                              .slot = e->slot});
    case RT_EQ:
    case RT_NE:
    case RT_LT:
    case RT_LE:
    case RT_GT:
    case RT_GE: return comparison(f, e, neg);
    case RT_IN_RANGE:
        if (!is_col(x) || e->kids[1]->op != RT_CONST ||
            e->kids[2]->op != RT_CONST || e->kids[1]->k.tag != RT_NUM ||
            e->kids[2]->k.tag != RT_NUM)
            return false;
        return push(f, (test){.kind = T_RANGE,
                              .num = x->op == RT_COLNUM,
                              .neg = e->negated != neg,
                              .slot = x->slot,
                              .lo = e->kids[1]->k.num,
                              .hi = e->kids[2]->k.num});
    case RT_IN_LIST: return list_of(f, e, neg);
    case RT_IS_MISSING:
        if (!is_col(x))
            return false;
        return push(f, (test){.kind = T_MISSING,
                              .num = x->op == RT_COLNUM,
                              .neg = e->negated != neg,
                              .slot = x->slot});
    default: return false;
    }
}

rt_filter *rt_filter_compile(const rt_expr *where)
{
    if (!where)
        return NULL;
    rt_filter *f = rt_xcalloc(1, sizeof *f);
    if (!compile(f, where, false, false)) {
        rt_filter_free(f);
        return NULL;
    }
    return f;
}

static bool relation(rt_opcode op, int c)
{
    switch (op) {
    case RT_EQ: return c == 0;
    case RT_NE: return c != 0;
    case RT_LT: return c < 0;
    case RT_LE: return c <= 0;
    case RT_GT: return c > 0;
    default: return c >= 0;
    }
}

static bool holds(const test *t, const rt_env *env)
{
    rt_value v = t->num ? env->col_num[t->slot] : env->col_str[t->slot];
    switch (t->kind) {
    case T_TRUE:
        return v.tag == RT_BOOL ? v.b != t->neg
                                : t->loose && v.tag != RT_MISSING;
    case T_CMP: {
        int c = rt_compare(v, t->k, t->op == RT_EQ || t->op == RT_NE);
        return c != 2 && relation(t->op, c);
    }
    case T_RANGE:
        return v.tag == RT_NUM && (v.num >= t->lo && v.num <= t->hi) != t->neg;
    case T_LIST:
        if (v.tag == RT_MISSING)
            return false;
        for (int i = 0; i < t->nlist; i++)
            if (rt_compare(v, t->list[i], true) == 0)
                return !t->neg;
        return t->neg;
    default: return (v.tag == RT_MISSING) != t->neg; /* T_MISSING */
    }
}

bool rt_filter_true(const rt_filter *f, const rt_env *env)
{
    for (int i = 0; i < f->n; i++)
        if (!holds(&f->t[i], env))
            return false;
    return true;
}

void rt_filter_free(rt_filter *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++)
        free((void *)f->t[i].list);
    free(f->t);
    free(f);
}
