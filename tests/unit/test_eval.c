/* test_eval.c — the evaluator (runtime/eval.h) over hand-built IR trees:
 * three-valued logic, missing propagation, division by zero, membership,
 * ranges, conditionals, coalesce, band and the numeric functions. */
#include "eval.h"
#include "testhelp.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Every node is kept here and freed at the end. */
static rt_expr *pool[4096];
static int npool;

static rt_expr *node(rt_opcode op)
{
    rt_expr *e = calloc(1, sizeof *e);
    e->op = op;
    pool[npool++] = e;
    return e;
}

/* An operation over nkids children (given as rt_expr *). */
static rt_expr *op(rt_opcode o, int nkids, ...)
{
    rt_expr *e = node(o);
    e->nkids = nkids;
    e->kids = calloc((size_t)nkids, sizeof *e->kids);
    va_list ap;
    va_start(ap, nkids);
    for (int i = 0; i < nkids; i++)
        e->kids[i] = va_arg(ap, rt_expr *);
    va_end(ap);
    return e;
}

static rt_expr *neg(rt_expr *e)
{
    e->negated = true;
    return e;
}

static rt_expr *k(rt_value v)
{
    rt_expr *e = node(RT_CONST);
    e->k = v;
    return e;
}
static rt_expr *num(double x)
{
    return k(rt_num(x));
}
static rt_expr *str(const char *s)
{
    return k(rt_str(s));
}
static rt_expr *boolean(bool b)
{
    return k(rt_bool(b));
}
static rt_expr *miss(void)
{
    return k(rt_missing());
}

static rt_expr *colnum(int slot)
{
    rt_expr *e = node(RT_COLNUM);
    e->slot = slot;
    return e;
}
static rt_expr *colstr(int slot)
{
    rt_expr *e = node(RT_COLSTR);
    e->slot = slot;
    return e;
}

/* Columns: 0 age (30), 1 sex ("F"), 2 income (missing), 3 zero (0). */
static rt_value col_num[4], col_str[4];
static rt_env env;

static void reset_env(void)
{
    col_num[0] = rt_num(30);
    col_str[0] = rt_str("30");
    col_num[1] = rt_missing();
    col_str[1] = rt_str("F");
    col_num[2] = rt_missing();
    col_str[2] = rt_missing();
    col_num[3] = rt_num(0);
    col_str[3] = rt_str("0");
    memset(&env, 0, sizeof env);
    env.col_num = col_num;
    env.col_str = col_str;
}

static const char *tag_name(rt_vtag t)
{
    switch (t) {
    case RT_MISSING: return "missing";
    case RT_NUM: return "number";
    case RT_STR: return "text";
    default: return "bool";
    }
}

static void show(rt_value v)
{
    printf("  got %s", tag_name(v.tag));
    if (v.tag == RT_NUM)
        printf(" %.17g", v.num);
    else if (v.tag == RT_STR)
        printf(" \"%s\"", v.str);
    else if (v.tag == RT_BOOL)
        printf(" %s", v.b ? "true" : "false");
    printf("\n");
}

static int is_num(rt_expr *e, double want)
{
    rt_value v = rt_eval(e, &env);
    if (v.tag == RT_NUM && v.num == want)
        return 1;
    show(v);
    return 0;
}
static int is_bool(rt_expr *e, bool want)
{
    rt_value v = rt_eval(e, &env);
    if (v.tag == RT_BOOL && v.b == want)
        return 1;
    show(v);
    return 0;
}
static int is_str(rt_expr *e, const char *want)
{
    rt_value v = rt_eval(e, &env);
    if (v.tag == RT_STR && strcmp(v.str, want) == 0)
        return 1;
    show(v);
    return 0;
}
static int is_missing(rt_expr *e)
{
    rt_value v = rt_eval(e, &env);
    if (v.tag == RT_MISSING)
        return 1;
    show(v);
    return 0;
}

static void test_leaves(void)
{
    reset_env();
    TEST_COND("const", is_num(num(2.5), 2.5));
    TEST_COND("colnum", is_num(colnum(0), 30));
    TEST_COND("colstr", is_str(colstr(1), "F"));
    TEST_COND("missing column", is_missing(colnum(2)));
    TEST_COND("op names", strcmp(rt_op_name(RT_AND), "and") == 0 &&
                              strcmp(rt_op_name(RT_DIV), "/") == 0);
}

static void test_three_valued(void)
{
    reset_env();
    /* and */
    TEST_COND("true and true",
              is_bool(op(RT_AND, 2, boolean(1), boolean(1)), 1));
    TEST_COND("true and false",
              is_bool(op(RT_AND, 2, boolean(1), boolean(0)), 0));
    TEST_COND("false and missing = false",
              is_bool(op(RT_AND, 2, boolean(0), miss()), 0));
    TEST_COND("missing and false = false",
              is_bool(op(RT_AND, 2, miss(), boolean(0)), 0));
    TEST_COND("true and missing = missing",
              is_missing(op(RT_AND, 2, boolean(1), miss())));
    TEST_COND("missing and true = missing",
              is_missing(op(RT_AND, 2, miss(), boolean(1))));
    TEST_COND("missing and missing = missing",
              is_missing(op(RT_AND, 2, miss(), miss())));
    /* or */
    TEST_COND("false or false",
              is_bool(op(RT_OR, 2, boolean(0), boolean(0)), 0));
    TEST_COND("false or true",
              is_bool(op(RT_OR, 2, boolean(0), boolean(1)), 1));
    TEST_COND("true or missing = true",
              is_bool(op(RT_OR, 2, boolean(1), miss()), 1));
    TEST_COND("missing or true = true",
              is_bool(op(RT_OR, 2, miss(), boolean(1)), 1));
    TEST_COND("false or missing = missing",
              is_missing(op(RT_OR, 2, boolean(0), miss())));
    TEST_COND("missing or false = missing",
              is_missing(op(RT_OR, 2, miss(), boolean(0))));
    TEST_COND("missing or missing = missing",
              is_missing(op(RT_OR, 2, miss(), miss())));
    /* not */
    TEST_COND("not true", is_bool(op(RT_NOT, 1, boolean(1)), 0));
    TEST_COND("not missing = missing", is_missing(op(RT_NOT, 1, miss())));
    /* a missing comparison inside and/or */
    rt_expr *inc_gt = op(RT_GT, 2, colnum(2), num(100)); /* missing */
    TEST_COND(
        "(income > 100) and age < 18 = false",
        is_bool(op(RT_AND, 2, inc_gt, op(RT_LT, 2, colnum(0), num(18))), 0));
    TEST_COND(
        "(income > 100) or age >= 18 = true",
        is_bool(op(RT_OR, 2, inc_gt, op(RT_GE, 2, colnum(0), num(18))), 1));
    TEST_COND("where: missing counts as false",
              !rt_eval_true(op(RT_AND, 2, boolean(1), miss()), &env));
    TEST_COND("where: true is true", rt_eval_true(boolean(1), &env));
    TEST_COND("where: false is false", !rt_eval_true(boolean(0), &env));
}

static void test_comparisons(void)
{
    reset_env();
    static const rt_opcode ops[] = {RT_EQ, RT_NE, RT_LT, RT_LE, RT_GT, RT_GE};
    int bad = 0;
    for (int i = 0; i < 6; i++) {
        bad += !is_missing(op(ops[i], 2, num(1), miss()));
        bad += !is_missing(op(ops[i], 2, miss(), num(1)));
        bad += !is_missing(op(ops[i], 2, miss(), miss()));
        bad += !is_missing(op(ops[i], 2, colstr(2), str("x")));
    }
    TEST_COND("every comparison with missing is missing", bad == 0);
    TEST_COND("missing == missing is missing, not true",
              is_missing(op(RT_EQ, 2, miss(), miss())));
    TEST_COND("30 == 30", is_bool(op(RT_EQ, 2, colnum(0), num(30)), 1));
    TEST_COND("30 != 30", is_bool(op(RT_NE, 2, colnum(0), num(30)), 0));
    TEST_COND("30 < 30", is_bool(op(RT_LT, 2, colnum(0), num(30)), 0));
    TEST_COND("30 <= 30", is_bool(op(RT_LE, 2, colnum(0), num(30)), 1));
    TEST_COND("30 > 29.5", is_bool(op(RT_GT, 2, colnum(0), num(29.5)), 1));
    TEST_COND("30 >= 31", is_bool(op(RT_GE, 2, colnum(0), num(31)), 0));
    TEST_COND("text ==", is_bool(op(RT_EQ, 2, colstr(1), str("F")), 1));
    TEST_COND("text != ", is_bool(op(RT_NE, 2, colstr(1), str("M")), 1));
    TEST_COND("text compares bytewise: \"B\" < \"a\"",
              is_bool(op(RT_LT, 2, str("B"), str("a")), 1));
    TEST_COND("text \"10\" < \"9\" (not numeric)",
              is_bool(op(RT_LT, 2, str("10"), str("9")), 1));
    TEST_COND("bool == bool", is_bool(op(RT_EQ, 2, boolean(1), boolean(1)), 1));
    TEST_COND("-0 == 0", is_bool(op(RT_EQ, 2, num(-0.0), num(0)), 1));
}

static void test_arithmetic(void)
{
    reset_env();
    TEST_COND("1 + 2", is_num(op(RT_ADD, 2, num(1), num(2)), 3));
    TEST_COND("age - 40", is_num(op(RT_SUB, 2, colnum(0), num(40)), -10));
    TEST_COND("3 * 0.5", is_num(op(RT_MUL, 2, num(3), num(0.5)), 1.5));
    TEST_COND("7 / 2", is_num(op(RT_DIV, 2, num(7), num(2)), 3.5));
    TEST_COND("7 % 3", is_num(op(RT_MOD, 2, num(7), num(3)), 1));
    TEST_COND("-7 % 3 keeps the sign of the dividend (fmod)",
              is_num(op(RT_MOD, 2, num(-7), num(3)), -1));
    TEST_COND("neg", is_num(op(RT_NEG, 1, colnum(0)), -30));
    TEST_COND("neg missing", is_missing(op(RT_NEG, 1, miss())));
    TEST_COND("missing + 1", is_missing(op(RT_ADD, 2, miss(), num(1))));
    TEST_COND("1 * missing", is_missing(op(RT_MUL, 2, num(1), colnum(2))));
    TEST_COND("no flag without a division by zero", env.flags == 0);

    env.flags = 0;
    TEST_COND("1 / 0 is missing", is_missing(op(RT_DIV, 2, num(1), num(0))));
    TEST_COND("1 / 0 raises zero_div", env.flags & RT_EFLAG_ZERO_DIV);
    env.flags = 0;
    TEST_COND("0 / 0 is missing", is_missing(op(RT_DIV, 2, num(0), colnum(3))));
    TEST_COND("0 / 0 raises zero_div", env.flags & RT_EFLAG_ZERO_DIV);
    env.flags = 0;
    TEST_COND("1 / -0 is missing",
              is_missing(op(RT_DIV, 2, num(1), num(-0.0))));
    TEST_COND("1 / -0 raises zero_div", env.flags & RT_EFLAG_ZERO_DIV);
    env.flags = 0;
    TEST_COND("5 % 0 is missing", is_missing(op(RT_MOD, 2, num(5), num(0))));
    TEST_COND("5 % 0 raises zero_div", env.flags & RT_EFLAG_ZERO_DIV);
    env.flags = 0;
    TEST_COND(
        "zero_div inside coalesce still flagged",
        is_num(op(RT_COALESCE, 2, op(RT_DIV, 2, num(1), num(0)), num(7)), 7) &&
            (env.flags & RT_EFLAG_ZERO_DIV));
    env.flags = 0;

    /* Overflow to infinity is missing: outputs never hold inf. */
    TEST_COND("1e200 * 1e200 is missing",
              is_missing(op(RT_MUL, 2, num(1e200), num(1e200))));
    TEST_COND("-1e308 - 1e308 is missing",
              is_missing(op(RT_SUB, 2, num(-1e308), num(1e308))));
    TEST_COND("1e308 + 1e308 is missing",
              is_missing(op(RT_ADD, 2, num(1e308), num(1e308))));
    TEST_COND("1e300 / 1e-300 is missing",
              is_missing(op(RT_DIV, 2, num(1e300), num(1e-300))));
    TEST_COND("overflow does not raise zero_div", env.flags == 0);
}

static void test_membership(void)
{
    reset_env();
    rt_expr *sex_in = op(RT_IN_LIST, 3, colstr(1), str("M"), str("F"));
    TEST_COND("\"F\" in (\"M\",\"F\")", is_bool(sex_in, 1));
    TEST_COND("\"F\" in (\"M\")",
              is_bool(op(RT_IN_LIST, 2, colstr(1), str("M")), 0));
    TEST_COND(
        "\"F\" not in (\"M\",\"F\")",
        is_bool(neg(op(RT_IN_LIST, 3, colstr(1), str("M"), str("F"))), 0));
    TEST_COND("\"F\" not in (\"M\")",
              is_bool(neg(op(RT_IN_LIST, 2, colstr(1), str("M"))), 1));
    TEST_COND("missing in (...) is missing",
              is_missing(op(RT_IN_LIST, 3, colstr(2), str("a"), str("b"))));
    TEST_COND(
        "missing not in (...) is missing",
        is_missing(neg(op(RT_IN_LIST, 3, colstr(2), str("a"), str("b")))));
    TEST_COND(
        "30 in (10, 20, 30)",
        is_bool(op(RT_IN_LIST, 4, colnum(0), num(10), num(20), num(30)), 1));
    TEST_COND("membership is exact: \"f\" not in (\"F\")",
              is_bool(op(RT_IN_LIST, 2, str("f"), str("F")), 0));

    TEST_COND("30 in 15..64",
              is_bool(op(RT_IN_RANGE, 3, colnum(0), num(15), num(64)), 1));
    TEST_COND("15 in 15..64 (low bound inclusive)",
              is_bool(op(RT_IN_RANGE, 3, num(15), num(15), num(64)), 1));
    TEST_COND("64 in 15..64 (high bound inclusive)",
              is_bool(op(RT_IN_RANGE, 3, num(64), num(15), num(64)), 1));
    TEST_COND("14.999 in 15..64",
              is_bool(op(RT_IN_RANGE, 3, num(14.999), num(15), num(64)), 0));
    TEST_COND("64.5 in 15..64",
              is_bool(op(RT_IN_RANGE, 3, num(64.5), num(15), num(64)), 0));
    TEST_COND("30 not in 15..64",
              is_bool(neg(op(RT_IN_RANGE, 3, colnum(0), num(15), num(64))), 0));
    TEST_COND("70 not in 15..64",
              is_bool(neg(op(RT_IN_RANGE, 3, num(70), num(15), num(64))), 1));
    TEST_COND("missing in 15..64 is missing",
              is_missing(op(RT_IN_RANGE, 3, colnum(2), num(15), num(64))));
    TEST_COND("missing not in 15..64 is missing",
              is_missing(neg(op(RT_IN_RANGE, 3, colnum(2), num(15), num(64)))));
    TEST_COND("30 in 15..missing is missing",
              is_missing(op(RT_IN_RANGE, 3, colnum(0), num(15), miss())));

    TEST_COND("missing is missing",
              is_bool(op(RT_IS_MISSING, 1, colnum(2)), 1));
    TEST_COND("30 is missing", is_bool(op(RT_IS_MISSING, 1, colnum(0)), 0));
    TEST_COND("0 is missing (zero is a value)",
              is_bool(op(RT_IS_MISSING, 1, colnum(3)), 0));
    TEST_COND("\"\" text is not missing",
              is_bool(op(RT_IS_MISSING, 1, str("")), 0));
    TEST_COND("missing is not missing",
              is_bool(neg(op(RT_IS_MISSING, 1, colnum(2))), 0));
    TEST_COND("30 is not missing",
              is_bool(neg(op(RT_IS_MISSING, 1, colnum(0))), 1));
    TEST_COND("1/0 is missing",
              is_bool(op(RT_IS_MISSING, 1, op(RT_DIV, 2, num(1), num(0))), 1));
}

static void test_conditionals(void)
{
    reset_env();
    TEST_COND("if true",
              is_str(op(RT_IF, 3, boolean(1), str("a"), str("b")), "a"));
    TEST_COND("if false",
              is_str(op(RT_IF, 3, boolean(0), str("a"), str("b")), "b"));
    TEST_COND("if missing then a else b is missing",
              is_missing(op(RT_IF, 3, miss(), str("a"), str("b"))));
    TEST_COND("if (income > 0) ... is missing",
              is_missing(op(RT_IF, 3, op(RT_GT, 2, colnum(2), num(0)), num(1),
                            num(2))));
    TEST_COND("if does not evaluate the other branch",
              (env.flags = 0, is_num(op(RT_IF, 3, boolean(1), num(1),
                                        op(RT_DIV, 2, num(1), num(0))),
                                     1) &&
                                  env.flags == 0));

    TEST_COND("coalesce(missing, missing, 3)",
              is_num(op(RT_COALESCE, 3, miss(), colnum(2), num(3)), 3));
    TEST_COND("coalesce(0, 3) keeps 0",
              is_num(op(RT_COALESCE, 2, colnum(3), num(3)), 0));
    TEST_COND("coalesce(false, true) keeps false",
              is_bool(op(RT_COALESCE, 2, boolean(0), boolean(1)), 0));
    TEST_COND("coalesce(missing text, \"none\")",
              is_str(op(RT_COALESCE, 2, colstr(2), str("none")), "none"));
    TEST_COND("coalesce of all missing is missing",
              is_missing(op(RT_COALESCE, 2, miss(), colnum(2))));
}

static rt_expr *age_band(rt_expr *x)
{
    return op(RT_BAND, 9, x, num(0), str("0-14"), num(15), str("15-24"),
              num(25), str("25-64"), num(65), str("65+"));
}

static void test_band(void)
{
    reset_env();
    TEST_COND("band 30", is_str(age_band(colnum(0)), "25-64"));
    TEST_COND("band exact bound 15", is_str(age_band(num(15)), "15-24"));
    TEST_COND("band exact first bound 0", is_str(age_band(num(0)), "0-14"));
    TEST_COND("band just below a bound",
              is_str(age_band(num(24.999)), "15-24"));
    TEST_COND("band exact last bound 65", is_str(age_band(num(65)), "65+"));
    TEST_COND("band far above the last bound",
              is_str(age_band(num(1e9)), "65+"));
    TEST_COND("band below the first bound is missing",
              is_missing(age_band(num(-1))));
    TEST_COND("band of missing is missing", is_missing(age_band(colnum(2))));
    TEST_COND(
        "band with numeric labels",
        is_num(op(RT_BAND, 5, num(7), num(0), num(1), num(5), num(2)), 2));
}

static void test_functions(void)
{
    reset_env();
    TEST_COND("round(2.5) = 3", is_num(op(RT_ROUND, 1, num(2.5)), 3));
    TEST_COND("round(-2.5) = -3", is_num(op(RT_ROUND, 1, num(-2.5)), -3));
    TEST_COND("round(0.5) = 1", is_num(op(RT_ROUND, 1, num(0.5)), 1));
    TEST_COND("round(2.4) = 2", is_num(op(RT_ROUND, 1, num(2.4)), 2));
    TEST_COND("round(1.25, 1) = 1.3",
              is_num(op(RT_ROUND, 2, num(1.25), num(1)), 1.3));
    TEST_COND("round(-1.25, 1) = -1.3",
              is_num(op(RT_ROUND, 2, num(-1.25), num(1)), -1.3));
    TEST_COND("round(12.3456, 2) = 12.35",
              is_num(op(RT_ROUND, 2, num(12.3456), num(2)), 12.35));
    TEST_COND("round(1250, -2) = 1300",
              is_num(op(RT_ROUND, 2, num(1250), num(-2)), 1300));
    TEST_COND("round(missing)", is_missing(op(RT_ROUND, 1, colnum(2))));
    TEST_COND("round(1.5, missing)",
              is_missing(op(RT_ROUND, 2, num(1.5), miss())));

    TEST_COND("abs(-3)", is_num(op(RT_ABS, 1, num(-3)), 3));
    TEST_COND("abs(missing)", is_missing(op(RT_ABS, 1, miss())));
    TEST_COND("floor(-1.5)", is_num(op(RT_FLOOR, 1, num(-1.5)), -2));
    TEST_COND("floor(2.999)", is_num(op(RT_FLOOR, 1, num(2.999)), 2));
    TEST_COND("ceil(-1.5)", is_num(op(RT_CEIL, 1, num(-1.5)), -1));
    TEST_COND("sqrt(16)", is_num(op(RT_SQRT, 1, num(16)), 4));
    TEST_COND("sqrt(-1) is missing", is_missing(op(RT_SQRT, 1, num(-1))));
    TEST_COND("log(1)", is_num(op(RT_LOG, 1, num(1)), 0));
    TEST_COND("log(0) is missing", is_missing(op(RT_LOG, 1, num(0))));
    TEST_COND("exp(0)", is_num(op(RT_EXP, 1, num(0)), 1));
    TEST_COND("exp(1000) is missing", is_missing(op(RT_EXP, 1, num(1000))));
    TEST_COND("pow(2, 10)", is_num(op(RT_POW, 2, num(2), num(10)), 1024));
    TEST_COND("pow(4, 0.5)", is_num(op(RT_POW, 2, num(4), num(0.5)), 2));
    TEST_COND("pow(2, -1)", is_num(op(RT_POW, 2, num(2), num(-1)), 0.5));
    TEST_COND("pow(10, 400) is missing",
              is_missing(op(RT_POW, 2, num(10), num(400))));
    TEST_COND("pow(-8, 1/3) is missing (NaN)",
              is_missing(op(RT_POW, 2, num(-8), num(1.0 / 3))));
    TEST_COND("pow(missing, 2)", is_missing(op(RT_POW, 2, miss(), num(2))));
}

int main(void)
{
    test_leaves();
    test_three_valued();
    test_comparisons();
    test_arithmetic();
    test_membership();
    test_conditionals();
    test_band();
    test_functions();
    for (int i = 0; i < npool; i++) {
        free(pool[i]->kids);
        free(pool[i]);
    }
    return TEST_REPORT();
}
