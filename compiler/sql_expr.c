/* sql_expr.c — one IR expression (runtime/program.h) as SQL, with the
 * native evaluator's meaning (runtime/eval.c): missing is NULL, a
 * division by zero is NULL (and raises zero_denominator: sql_zerodiv),
 * every division is of doubles, rounding is half away from zero. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/eval.h"
#include "../runtime/numfmt.h"
#include "sql_int.h"

const char *sql_fmt(sql_ctx *c, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = rt_arena_alloc(c->a, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

static const char *quoted(sql_ctx *c, const char *s, char q)
{
    size_t n = strlen(s), k = 0;
    char *out = rt_arena_alloc(c->a, 2 * n + 3);
    out[k++] = q;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == q || (q == '\'' && s[i] == '\\' &&
                          strcmp(c->dl->name, "clickhouse") == 0))
            out[k++] = s[i]; /* doubled (ClickHouse escapes with \) */
        out[k++] = s[i];
    }
    out[k++] = q;
    out[k] = '\0';
    return out;
}

const char *sql_quote(sql_ctx *c, const char *s)
{
    return quoted(c, s, '\'');
}

const char *sql_ident(sql_ctx *c, const char *s)
{
    return quoted(c, s, '"');
}

void sql_unsupported(sql_ctx *c, const char *construct)
{
    if (c->keep_going) {
        if (!c->left_out)
            diag_warning(c->d, c->at,
                         "indicator '%s' left out: %s cannot be compiled to "
                         "SQL for %s",
                         c->what ? c->what : "?", construct, c->dl->name);
        c->left_out = true;
        return;
    }
    diag_error(c->d, c->at,
               "%s cannot be compiled to SQL for %s (indicator '%s')",
               construct, c->dl->name, c->what ? c->what : "?");
}

const char *sql_double(sql_ctx *c, double v)
{
    char buf[64];
    rt_fmt_number(buf, sizeof buf, v);
    return v < 0 ? sql_fmt(c, "(%s)", buf) : sql_fmt(c, "%s", buf);
}

/* ---- types ---- */

static sql_vtype column_type(const rt_column *col)
{
    if (col->type == RT_COL_BOOL)
        return SQL_BOOL;
    if (col->as_num || col->type == RT_COL_INT || col->type == RT_COL_NUMBER ||
        col->has_range)
        return SQL_NUM;
    return SQL_STR;
}

sql_vtype sql_type(const rt_program *p, const rt_expr *e)
{
    switch (e->op) {
    case RT_CONST:
        return e->k.tag == RT_STR    ? SQL_STR
               : e->k.tag == RT_BOOL ? SQL_BOOL
                                     : SQL_NUM;
    case RT_COLNUM: return column_type(&p->cols[e->slot]);
    case RT_COLSTR: return SQL_STR;
    case RT_OVERALL: return sql_type(p, p->overalls[e->slot].expr);
    case RT_LET: return sql_type(p, e->kids[0]);
    case RT_NOT:
    case RT_EQ:
    case RT_NE:
    case RT_LT:
    case RT_LE:
    case RT_GT:
    case RT_GE:
    case RT_AND:
    case RT_OR:
    case RT_IN_LIST:
    case RT_IN_RANGE:
    case RT_IS_MISSING: return SQL_BOOL;
    case RT_IF: return sql_type(p, e->kids[1]);
    case RT_COALESCE: return sql_type(p, e->kids[0]);
    case RT_BAND: return e->nkids > 2 ? sql_type(p, e->kids[2]) : SQL_STR;
    default: return SQL_NUM;
    }
}

/* ---- leaves ---- */

static const char *column(sql_ctx *c, const rt_expr *e, bool as_text)
{
    const rt_column *col = &c->p->cols[e->slot];
    if (c->place != SQL_IN_ROW) {
        sql_unsupported(c, "a column outside a row context");
        return "NULL";
    }
    const char *x = sql_fmt(c, "t.%s", sql_ident(c, col->name));
    sql_vtype t = column_type(col);
    if (!as_text || t == SQL_STR)
        return x;
    if (t == SQL_BOOL)
        return sql_fmt(
            c, "CASE WHEN %s THEN 'true' WHEN NOT %s THEN 'false' END", x, x);
    /* An int or number column read as text: the number as written. */
    return sql_fmt(c,
                   "CASE WHEN %s = FLOOR(%s) AND ABS(%s) < 1e15 THEN %s "
                   "ELSE %s END",
                   x, x, x,
                   sql_fmt(c, c->dl->to_text,
                           sql_fmt(c, "CAST(%s AS %s)", x, c->dl->t_bigint)),
                   sql_fmt(c, c->dl->to_text, x));
}

static const char *constant(sql_ctx *c, rt_value k)
{
    switch (k.tag) {
    case RT_NUM: return sql_double(c, k.num);
    case RT_STR: return sql_quote(c, k.str);
    case RT_BOOL: return k.b ? "(1 = 1)" : "(1 = 0)";
    default: return "NULL";
    }
}

static const char *leaf(sql_ctx *c, const rt_expr *e)
{
    static const char *const result_cols[] = {"numerator", "denominator",
                                              "value", "n"};
    switch (e->op) {
    case RT_AGG:
        if (c->place != SQL_IN_GROUP)
            break;
        return sql_fmt(c, "p%d.a%d", c->p->aggs[e->slot].pass, e->slot);
    case RT_OVERALL:
        if (c->place == SQL_IN_RESULT)
            break;
        return sql_fmt(c, "o%d.ov%d", c->p->overalls[e->slot].pass, e->slot);
    case RT_PERAGG:
        if (c->place != SQL_IN_ROW)
            break;
        return sql_fmt(c, "q%d.a%d", e->slot, c->p->peraggs[e->slot].agg);
    case RT_RESULT: {
        /* A standardised rate's events (its numerator), population (a
         * direct one's denominator), expected (an indirect one's); se and
         * cv: no indicator with them compiles. */
        const rt_standard *sd = c->ind ? c->ind->std : NULL;
        if (c->place != SQL_IN_RESULT || e->slot < 0)
            break;
        if (e->slot <= RT_RES_N)
            return sql_fmt(c, "r.%s", result_cols[e->slot]);
        if (e->slot == RT_RES_EVENTS && sd)
            return "r.numerator";
        if ((e->slot == RT_RES_POPULATION && sd && sd->kind == RT_STD_DIRECT) ||
            (e->slot == RT_RES_EXPECTED && sd && sd->kind == RT_STD_INDIRECT))
            return "r.denominator";
        if (e->slot <= RT_RES_EXPECTED)
            return sql_fmt(c, "CAST(NULL AS %s)", c->dl->t_double);
        break;
    }
    default: break;
    }
    sql_unsupported(c, sql_fmt(c, "'%s' here", rt_op_name(e->op)));
    return "NULL";
}

/* ---- operators ---- */

static const char *dbl(sql_ctx *c, const char *x)
{
    return sql_fmt(c, "CAST(%s AS %s)", x, c->dl->t_double);
}

static const char *arith(sql_ctx *c, const rt_expr *e)
{
    const char *a = sql_num(c, e->kids[0]), *b = sql_num(c, e->kids[1]);
    rt_opcode k = e->kids[0]->op;
    if ((e->op == RT_ADD || e->op == RT_SUB) && (k == RT_ADD || k == RT_SUB))
        /* A left-associative chain flat: SQLite's parser has a small
         * stack (a dsr() of 18 strata nested its parentheses too deep). */
        a = sql_fmt(c, "%.*s", (int)strlen(a) - 2, a + 1);
    switch (e->op) {
    case RT_ADD: return sql_fmt(c, "(%s + %s)", a, b);
    case RT_SUB: return sql_fmt(c, "(%s - %s)", a, b);
    case RT_MUL: return sql_fmt(c, "(%s * %s)", a, b);
    case RT_DIV:
        return sql_fmt(c, "(%s / NULLIF(%s, 0))", dbl(c, a), dbl(c, b));
    case RT_MOD: {
        /* fmod: the sign of the dividend. */
        const char *q =
            sql_fmt(c, "(%s / NULLIF(%s, 0))", dbl(c, a), dbl(c, b));
        return sql_fmt(c,
                       "(%s - %s * (CASE WHEN %s < 0 THEN CEIL(%s) ELSE "
                       "FLOOR(%s) END))",
                       a, b, q, q, q);
    }
    default: return sql_fmt(c, "%s(%s, %s)", c->dl->pow, dbl(c, a), b);
    }
}

static const char *compare(sql_ctx *c, const rt_expr *e)
{
    static const char *const ops[] = {"=", "<>", "<", "<=", ">", ">="};
    const rt_expr *l = e->kids[0], *r = e->kids[1];
    bool text = sql_type(c->p, l) == SQL_STR || sql_type(c->p, r) == SQL_STR;
    const char *a = text ? sql_expr(c, l) : sql_num(c, l);
    const char *b = text ? sql_expr(c, r) : sql_num(c, r);
    const char *coll =
        text && e->op != RT_EQ && e->op != RT_NE ? c->dl->collate : "";
    return sql_fmt(c, "(%s%s %s %s%s)", a, coll, ops[e->op - RT_EQ], b, coll);
}

static const char *in_list(sql_ctx *c, const rt_expr *e)
{
    bool text = sql_type(c->p, e->kids[0]) == SQL_STR;
    const char *list = "";
    for (int i = 1; i < e->nkids; i++)
        list = sql_fmt(c, "%s%s%s", list, i > 1 ? ", " : "",
                       text ? sql_expr(c, e->kids[i]) : sql_num(c, e->kids[i]));
    const char *x = text ? sql_expr(c, e->kids[0]) : sql_num(c, e->kids[0]);
    return sql_fmt(c, "(%s %sIN (%s))", x, e->negated ? "NOT " : "", list);
}

static const char *in_range(sql_ctx *c, const rt_expr *e)
{
    const char *x = sql_num(c, e->kids[0]);
    return sql_fmt(c, "(%s %sBETWEEN %s AND %s)", x, e->negated ? "NOT " : "",
                   sql_num(c, e->kids[1]), sql_num(c, e->kids[2]));
}

/* band(x, b1: l1, ...): the label of the last bound x reaches. */
static const char *band(sql_ctx *c, const rt_expr *e)
{
    const char *x = sql_num(c, e->kids[0]), *s = "CASE";
    for (int i = e->nkids - 2; i >= 1; i -= 2)
        s = sql_fmt(c, "%s WHEN %s >= %s THEN %s", s, x, sql_num(c, e->kids[i]),
                    sql_expr(c, e->kids[i + 1]));
    return sql_fmt(c, "%s END", s);
}

static const char *round_to(sql_ctx *c, const rt_expr *e)
{
    const char *x = sql_num(c, e->kids[0]);
    const char *f = e->nkids > 1 ? sql_fmt(c, "%s(10.0, %s)", c->dl->pow,
                                           sql_num(c, e->kids[1]))
                                 : "1.0";
    const char *y = sql_fmt(c, "(%s * %s)", dbl(c, x), f);
    return sql_fmt(c,
                   "((CASE WHEN %s < 0 THEN -FLOOR(-%s + 0.5) ELSE "
                   "FLOOR(%s + 0.5) END) / %s)",
                   y, y, y, f);
}

static const char *math1(sql_ctx *c, const rt_expr *e)
{
    const char *x = sql_num(c, e->kids[0]);
    switch (e->op) {
    case RT_NEG: return sql_fmt(c, "(-%s)", x);
    case RT_ABS: return sql_fmt(c, "ABS(%s)", x);
    case RT_FLOOR: return sql_fmt(c, "FLOOR(%s)", x);
    case RT_CEIL: return sql_fmt(c, "CEIL(%s)", x);
    case RT_SQRT:
        return sql_fmt(c, "(CASE WHEN %s >= 0 THEN SQRT(%s) END)", x,
                       dbl(c, x));
    case RT_LOG:
        return sql_fmt(c, "(CASE WHEN %s > 0 THEN %s(%s) END)", x, c->dl->ln,
                       dbl(c, x));
    default: return sql_fmt(c, "EXP(%s)", dbl(c, x));
    }
}

const char *sql_expr(sql_ctx *c, const rt_expr *e)
{
    switch (e->op) {
    case RT_CONST: return constant(c, e->k);
    case RT_COLNUM: return column(c, e, false);
    case RT_COLSTR: return column(c, e, true);
    case RT_LET: return sql_expr(c, e->kids[0]);
    case RT_NOT: return sql_fmt(c, "(NOT %s)", sql_expr(c, e->kids[0]));
    case RT_AND:
    case RT_OR:
        return sql_fmt(c, "(%s %s %s)", sql_expr(c, e->kids[0]),
                       e->op == RT_AND ? "AND" : "OR", sql_expr(c, e->kids[1]));
    case RT_EQ:
    case RT_NE:
    case RT_LT:
    case RT_LE:
    case RT_GT:
    case RT_GE: return compare(c, e);
    case RT_IN_LIST: return in_list(c, e);
    case RT_IN_RANGE: return in_range(c, e);
    case RT_IS_MISSING:
        return sql_fmt(c, "(%s IS %sNULL)", sql_expr(c, e->kids[0]),
                       e->negated ? "NOT " : "");
    case RT_IF:
        return sql_fmt(c, "(CASE WHEN %s THEN %s WHEN NOT %s THEN %s END)",
                       sql_expr(c, e->kids[0]), sql_expr(c, e->kids[1]),
                       sql_expr(c, e->kids[0]), sql_expr(c, e->kids[2]));
    case RT_COALESCE: {
        const char *s = sql_expr(c, e->kids[0]);
        for (int i = 1; i < e->nkids; i++)
            s = sql_fmt(c, "%s, %s", s, sql_expr(c, e->kids[i]));
        return e->nkids > 1 ? sql_fmt(c, "COALESCE(%s)", s) : s;
    }
    case RT_BAND: return band(c, e);
    case RT_ROUND: return round_to(c, e);
    case RT_NEG:
    case RT_ABS:
    case RT_FLOOR:
    case RT_CEIL:
    case RT_SQRT:
    case RT_LOG:
    case RT_EXP: return math1(c, e);
    case RT_ADD:
    case RT_SUB:
    case RT_MUL:
    case RT_DIV:
    case RT_MOD:
    case RT_POW: return arith(c, e);
    default: return leaf(c, e);
    }
}

const char *sql_num(sql_ctx *c, const rt_expr *e)
{
    const char *x = sql_expr(c, e);
    sql_vtype t = sql_type(c->p, e);
    if (t == SQL_BOOL)
        return sql_fmt(c, "(CASE WHEN %s THEN 1 WHEN NOT %s THEN 0 END)", x, x);
    return x;
}

const char *sql_text(sql_ctx *c, const rt_expr *e)
{
    if (e->op == RT_COLSTR || e->op == RT_COLNUM)
        return column(c, e, true);
    const char *x = sql_expr(c, e);
    switch (sql_type(c->p, e)) {
    case SQL_STR: return x;
    case SQL_BOOL:
        return sql_fmt(
            c, "CASE WHEN %s THEN 'true' WHEN NOT %s THEN 'false' END", x, x);
    default:
        return sql_fmt(
            c,
            "CASE WHEN %s = FLOOR(%s) AND ABS(%s) < 1e15 THEN %s "
            "ELSE %s END",
            x, x, x,
            sql_fmt(c, c->dl->to_text,
                    sql_fmt(c, "CAST(%s AS %s)", x, c->dl->t_bigint)),
            sql_fmt(c, c->dl->to_text, x));
    }
}

/* ---- zero_denominator ---- */

/* Whether a is "(P OR Q ...)": an OR chain in one pair of parentheses. */
static bool or_chain(const char *a)
{
    int depth = 0;
    bool or = false;
    size_t n = strlen(a);
    if (n < 2 || a[0] != '(' || a[n - 1] != ')')
        return false;
    for (size_t i = 0; i < n; i++) {
        depth += a[i] == '(' ? 1 : a[i] == ')' ? -1 : 0;
        if (depth == 0 && i < n - 1)
            return false; /* "(P) AND (Q)": not one pair */
        if (depth == 1 && strncmp(a + i, " AND ", 5) == 0)
            return false;
        or = or || (depth == 1 && strncmp(a + i, " OR ", 4) == 0);
    }
    return or ;
}

static const char *any(sql_ctx *c, const char *a, const char *b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    if (or_chain(a)) /* flat: SQLite's parser has a small stack */
        return sql_fmt(c, "(%.*s OR %s)", (int)strlen(a) - 2, a + 1, b);
    return sql_fmt(c, "(%s OR %s)", a, b);
}

static const char *both(sql_ctx *c, const char *a, const char *b)
{
    return b ? sql_fmt(c, "(%s AND %s)", a, b) : NULL;
}

const char *sql_zerodiv(sql_ctx *c, const rt_expr *e)
{
    switch (e->op) {
    case RT_DIV:
    case RT_MOD: {
        /* Both operands are evaluated; the test only when both are
         * numbers (eval.c). */
        const char *z =
            any(c, sql_zerodiv(c, e->kids[0]), sql_zerodiv(c, e->kids[1]));
        return any(c, z,
                   sql_fmt(c, "(%s IS NOT NULL AND %s = 0)",
                           sql_num(c, e->kids[0]), sql_num(c, e->kids[1])));
    }
    case RT_AND:
    case RT_OR: {
        /* The right side only when the left does not decide. */
        const char *a = sql_expr(c, e->kids[0]);
        const char *goes_on = sql_fmt(
            c,
            e->op == RT_AND ? "(%s IS NULL OR %s)" : "(%s IS NULL OR NOT %s)",
            a, a);
        return any(c, sql_zerodiv(c, e->kids[0]),
                   both(c, goes_on, sql_zerodiv(c, e->kids[1])));
    }
    case RT_IF: {
        const char *k = sql_expr(c, e->kids[0]);
        const char *z = sql_zerodiv(c, e->kids[0]);
        z = any(c, z,
                both(c, sql_fmt(c, "COALESCE(%s, 1 = 0)", k),
                     sql_zerodiv(c, e->kids[1])));
        return any(c, z,
                   both(c, sql_fmt(c, "COALESCE(NOT %s, 1 = 0)", k),
                        sql_zerodiv(c, e->kids[2])));
    }
    case RT_COALESCE: {
        /* Each argument only while the ones before are missing. */
        const char *z = NULL, *before = NULL;
        for (int i = 0; i < e->nkids; i++) {
            const char *zi = sql_zerodiv(c, e->kids[i]);
            z = any(c, z, before ? both(c, before, zi) : zi);
            const char *miss =
                sql_fmt(c, "%s IS NULL", sql_expr(c, e->kids[i]));
            before = before ? sql_fmt(c, "(%s AND %s)", before, miss) : miss;
        }
        return z;
    }
    case RT_LET: return sql_zerodiv(c, e->kids[0]);
    default: {
        const char *z = NULL;
        for (int i = 0; i < e->nkids; i++)
            z = any(c, z, sql_zerodiv(c, e->kids[i]));
        return z;
    }
    }
}
