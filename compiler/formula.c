/* formula.c — renders expressions of the syntax tree in the notation of
 * the generated catalogue: sum(x where c) is `Σ x [c]`, count(where c) is
 * `N(c)`, and the operators are written as a statistician would. */
#include "formula.h"

#include <string.h>

#include "../runtime/numfmt.h"

/* Binding strength, loosest first, mirroring the grammar (parser.y).
 * P_PREFIX holds unary minus and `Σ x`, which bind tighter than × so that
 * `Σ a ÷ Σ b × 100` reads as (Σ a) ÷ (Σ b) × 100. */
enum { P_IF = 1, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_PREFIX, P_ATOM };

static void expr(FILE *out, const ast_expr *e, int min);

const char *formula_op(ast_op op)
{
    switch (op) {
    case OP_ADD: return "+";
    case OP_SUB: return "−";
    case OP_MUL: return "×";
    case OP_DIV: return "÷";
    case OP_MOD: return "mod";
    case OP_EQ: return "=";
    case OP_NE: return "≠";
    case OP_LT: return "<";
    case OP_LE: return "≤";
    case OP_GT: return ">";
    case OP_GE: return "≥";
    case OP_AND: return "∧";
    case OP_OR: return "∨";
    case OP_NEG: return "−";
    case OP_NOT: return "¬";
    }
    return "?";
}

void formula_number(FILE *out, double v)
{
    char buf[48];
    if (v < 0) {
        fputs("−", out);
        v = -v;
    }
    rt_fmt_number(buf, sizeof buf, v);
    fputs(buf, out);
}

static bool is_call(const ast_expr *e, const char *name)
{
    return e->kind == AST_CALL && strcmp(e->str, name) == 0;
}

/* `sum(x ...)` with one argument is written `Σ x`, a prefix operator. */
static bool is_sigma(const ast_expr *e)
{
    return is_call(e, "sum") && e->nargs == 1 && !e->args[0].key;
}

static int prec(const ast_expr *e)
{
    switch (e->kind) {
    case AST_IF: return P_IF;
    case AST_IN_LIST:
    case AST_IN_RANGE:
    case AST_IS_MISSING: return P_CMP;
    case AST_UNARY: return e->op == OP_NOT ? P_NOT : P_PREFIX;
    case AST_NUM: return e->num < 0 ? P_PREFIX : P_ATOM;
    case AST_CALL: return is_sigma(e) ? P_PREFIX : P_ATOM;
    case AST_BINARY:
        switch (e->op) {
        case OP_OR: return P_OR;
        case OP_AND: return P_AND;
        case OP_ADD:
        case OP_SUB: return P_ADD;
        case OP_MUL:
        case OP_DIV:
        case OP_MOD: return P_MUL;
        default: return P_CMP;
        }
    default: return P_ATOM;
    }
}

/* A name as the source spells it: a word, or `in backticks`. */
static void name(FILE *out, const char *s)
{
    bool word =
        (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_';
    for (const char *p = s; *p && word; p++)
        word = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
               (*p >= '0' && *p <= '9') || *p == '_';
    fprintf(out, word ? "%s" : "`%s`", s);
}

/* A string literal with the escapes the language reads back. */
static void string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* ` [c; weight w; per k]` after the aggregated argument: the rows it
 * reads, and the key whose rows form each total. */
static void restriction(FILE *out, const ast_expr *call, bool brackets)
{
    if (!call->where && !call->weight && !call->per)
        return;
    fputs(brackets ? " [" : "", out);
    const char *sep = "";
    if (call->where) {
        expr(out, call->where, P_IF);
        sep = "; ";
    }
    if (call->weight) {
        fprintf(out, "%sweight ", sep);
        expr(out, call->weight, P_IF);
        sep = "; ";
    }
    if (call->per) {
        fprintf(out, "%sper ", sep);
        expr(out, call->per, P_IF);
    }
    fputs(brackets ? "]" : "", out);
}

static void arg(FILE *out, const ast_arg *a)
{
    if (a->key) {
        expr(out, a->key, P_IF);
        fputs(": ", out);
    }
    expr(out, a->value, P_IF);
}

/* Σ x [c], N(c), or name(x [c], more, args). */
static void call(FILE *out, const ast_expr *e)
{
    if (is_sigma(e)) {
        fputs("Σ ", out);
        expr(out, e->args[0].value, P_ATOM);
        restriction(out, e, true);
        return;
    }
    if (is_call(e, "count") && e->nargs == 0) {
        fputs("N", out);
        if (e->where || e->weight || e->per) {
            fputc('(', out);
            restriction(out, e, false);
            fputc(')', out);
        }
        return;
    }
    name(out, e->str);
    fputc('(', out);
    for (int i = 0; i < e->nargs; i++) {
        fputs(i ? ", " : "", out);
        arg(out, &e->args[i]);
        if (i == 0)
            restriction(out, e, true);
    }
    if (e->nargs == 0)
        restriction(out, e, true);
    fputc(')', out);
}

/* Whether child, an operand of the binary parent, needs parentheses.
 * Beyond precedence, `∧` inside `∨` is bracketed: readers of the document
 * should not need to know which binds tighter. */
static bool binary_wraps(const ast_expr *parent, const ast_expr *child,
                         bool right)
{
    int p = prec(parent), c = prec(child);
    if (parent->op == OP_OR)
        return c < P_NOT && !(c == P_OR && !right);
    if (p == P_CMP)
        return c <= P_CMP;
    return right ? c <= p : c < p;
}

static void operand(FILE *out, const ast_expr *e, bool wrap)
{
    if (wrap)
        fputc('(', out);
    expr(out, e, wrap ? P_IF : 0);
    if (wrap)
        fputc(')', out);
}

static void list(FILE *out, ast_expr *const *items, int n)
{
    for (int i = 0; i < n; i++) {
        fputs(i ? ", " : "", out);
        expr(out, items[i], P_IF);
    }
}

/* Writes e; wraps it in parentheses when it binds looser than min. */
static void expr(FILE *out, const ast_expr *e, int min)
{
    if (prec(e) < min) {
        fputc('(', out);
        expr(out, e, 0);
        fputc(')', out);
        return;
    }
    switch (e->kind) {
    case AST_NUM: formula_number(out, e->num); break;
    case AST_STR: string(out, e->str); break;
    case AST_BOOL: fputs(e->boolean ? "true" : "false", out); break;
    case AST_NAME:
        if (e->qual) {
            name(out, e->qual);
            fputc('.', out);
        }
        name(out, e->str);
        break;
    case AST_CALL: call(out, e); break;
    case AST_UNARY:
        fputs(formula_op(e->op), out);
        /* ¬ and − take an atom, or a Σ after −: `−Σ x`, `¬(a = b)`. */
        operand(out, e->lhs,
                prec(e->lhs) < (e->op == OP_NEG ? P_PREFIX : P_ATOM) ||
                    (e->lhs->kind == AST_UNARY && e->lhs->op == OP_NEG) ||
                    (e->lhs->kind == AST_NUM && e->lhs->num < 0));
        break;
    case AST_BINARY:
        operand(out, e->lhs, binary_wraps(e, e->lhs, false));
        fprintf(out, " %s ", formula_op(e->op));
        operand(out, e->rhs, binary_wraps(e, e->rhs, true));
        break;
    case AST_IN_LIST:
        expr(out, e->lhs, P_CMP + 1);
        fputs(e->negated ? " ∉ {" : " ∈ {", out);
        list(out, e->items, e->nitems);
        fputc('}', out);
        break;
    case AST_IN_RANGE:
        expr(out, e->lhs, P_CMP + 1);
        fputs(e->negated ? " ∉ [" : " ∈ [", out);
        expr(out, e->lo, P_IF);
        fputs(", ", out);
        expr(out, e->hi, P_IF);
        fputc(']', out);
        break;
    case AST_IS_MISSING:
        expr(out, e->lhs, P_CMP + 1);
        fputs(e->negated ? " is not missing" : " is missing", out);
        break;
    case AST_IF:
        fputs("if ", out);
        expr(out, e->cond, P_OR);
        fputs(" then ", out);
        expr(out, e->then, P_OR);
        fputs(" else ", out);
        expr(out, e->els, P_IF);
        break;
    case AST__COUNT: break;
    }
}

void formula_expr(FILE *out, const ast_expr *e)
{
    expr(out, e, 0);
}

static void scale_by(FILE *out, double scale)
{
    if (scale != 1) {
        fputs(" × ", out);
        formula_number(out, scale);
    }
}

void formula_ratio(FILE *out, const ast_expr *num, const ast_expr *den,
                   double scale)
{
    expr(out, num, P_MUL);
    fputs(" ÷ ", out);
    expr(out, den, P_MUL + 1);
    scale_by(out, scale);
}

void formula_scaled(FILE *out, const ast_expr *e, double scale)
{
    expr(out, e, scale != 1 ? P_MUL : 0);
    scale_by(out, scale);
}
