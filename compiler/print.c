/* print.c — the one expression printer: the syntax tree as canonical .si
 * source (sicalc fmt, diff, explain) or as a readable formula (the
 * generated catalogue: Σ x [c], N(c), ×, ÷, ≤, ∧), one walk with the
 * precedence of prec.def deciding parentheses in both styles; and clause
 * bodies as source. */
#include "print.h"

#include <string.h>

#include "../runtime/numfmt.h"

/* Words the lexer reserves: a name spelled like one needs backticks. */
static const char *const reserved[] = {
    "use",      "const", "let",  "fn",   "dataset", "indicator",
    "and",      "or",    "not",  "in",   "is",      "missing",
    "if",       "then",  "else", "true", "false",   "where",
    "weighted", "by",    "when", "per"};

static bool is_word_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_word_char(char c)
{
    return is_word_start(c) || (c >= '0' && c <= '9');
}

/* A name as the source spells it: a word, or `in backticks` (in source
 * also a reserved word, which would not read back as a name). */
static void name(FILE *out, const char *s, prec_style style)
{
    bool plain = is_word_start(*s);
    for (const char *p = s; *p && plain; p++)
        plain = is_word_char(*p);
    for (size_t i = 0; style == PREC_SOURCE && plain &&
                       i < sizeof reserved / sizeof *reserved;
         i++)
        plain = strcmp(s, reserved[i]) != 0;
    fprintf(out, plain ? "%s" : "`%s`", s);
}

void print_name(FILE *out, const char *s)
{
    name(out, s, PREC_SOURCE);
}

/* A string literal with the escapes the language reads back (a formula
 * shows \r and DEL as \x escapes, as any other control character). */
static void string(FILE *out, const char *s, prec_style style)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p == '\r' && style == PREC_SOURCE)
            fputs("\\r", out);
        else if (*p < 0x20 || (*p == 0x7f && style == PREC_FORMULA))
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void print_string(FILE *out, const char *s)
{
    string(out, s, PREC_SOURCE);
}

/* Shortest round-trip form; a formula writes a typographic minus. */
void print_number_in(FILE *out, double v, prec_style style)
{
    char buf[48];
    if (v < 0 && style == PREC_FORMULA) {
        fputs("−", out);
        v = -v;
    }
    rt_fmt_number(buf, sizeof buf, v);
    fputs(buf, out);
}

void print_number(FILE *out, double v)
{
    print_number_in(out, v, PREC_SOURCE);
}

static bool is_call(const ast_expr *e, const char *fn)
{
    return e->kind == AST_CALL && strcmp(e->str, fn) == 0;
}

/* A formula writes `sum(x ...)` with one argument as `Σ x`, a prefix
 * operator as tight as unary minus, so `Σ a ÷ Σ b × 100` reads as
 * (Σ a) ÷ (Σ b) × 100. */
static bool is_sigma(const ast_expr *e)
{
    return is_call(e, "sum") && e->nargs == 1 && !e->args[0].key;
}

static prec_level level(const ast_expr *e, prec_style style)
{
    switch (e->kind) {
    case AST_IF: return PREC_IF;
    case AST_IN_LIST:
    case AST_IN_RANGE:
    case AST_IS_MISSING: return PREC_CMP;
    case AST_UNARY:
    case AST_BINARY: return prec_of(e->op);
    case AST_NUM:
        return style == PREC_FORMULA && e->num < 0 ? PREC_NEG : PREC_ATOM;
    case AST_CALL:
        return style == PREC_FORMULA && is_sigma(e) ? PREC_NEG : PREC_ATOM;
    default: return PREC_ATOM;
    }
}

static void list(FILE *out, ast_expr *const *v, int n, prec_style style)
{
    for (int i = 0; i < n; i++) {
        fputs(i ? ", " : "", out);
        print_expr_at(out, v[i], PREC_IF, style);
    }
}

static void arg(FILE *out, const ast_arg *a, prec_style style)
{
    if (a->key) {
        print_expr_at(out, a->key, PREC_IF, style);
        fputs(": ", out);
    }
    print_expr_at(out, a->value, PREC_IF, style);
}

/* Source: `name(args where c weighted by w per k)`. */
static void call_source(FILE *out, const ast_expr *e)
{
    name(out, e->str, PREC_SOURCE);
    fputc('(', out);
    for (int i = 0; i < e->nargs; i++) {
        fputs(i ? ", " : "", out);
        arg(out, &e->args[i], PREC_SOURCE);
    }
    const char *sep = e->nargs ? " " : "";
    if (e->where) {
        fprintf(out, "%swhere ", sep);
        print_expr_at(out, e->where, PREC_IF, PREC_SOURCE);
        sep = " ";
    }
    if (e->weight) {
        fprintf(out, "%sweighted by ", sep);
        print_expr_at(out, e->weight, PREC_IF, PREC_SOURCE);
        sep = " ";
    }
    if (e->per) {
        fprintf(out, "%sper ", sep);
        print_expr_at(out, e->per, PREC_IF, PREC_SOURCE);
    }
    fputc(')', out);
}

/* Formula: ` [c; weight w; per k]` after the aggregated argument: the
 * rows it reads, and the key whose rows form each total. */
static void restriction(FILE *out, const ast_expr *call, bool brackets)
{
    if (!call->where && !call->weight && !call->per)
        return;
    fputs(brackets ? " [" : "", out);
    const char *sep = "";
    if (call->where) {
        print_expr_at(out, call->where, PREC_IF, PREC_FORMULA);
        sep = "; ";
    }
    if (call->weight) {
        fprintf(out, "%sweight ", sep);
        print_expr_at(out, call->weight, PREC_IF, PREC_FORMULA);
        sep = "; ";
    }
    if (call->per) {
        fprintf(out, "%sper ", sep);
        print_expr_at(out, call->per, PREC_IF, PREC_FORMULA);
    }
    fputs(brackets ? "]" : "", out);
}

/* Formula: Σ x [c], N(c), or name(x [c], more, args). */
static void call_formula(FILE *out, const ast_expr *e)
{
    if (is_sigma(e)) {
        fputs("Σ ", out);
        print_expr_at(out, e->args[0].value, PREC_ATOM, PREC_FORMULA);
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
    name(out, e->str, PREC_FORMULA);
    fputc('(', out);
    for (int i = 0; i < e->nargs; i++) {
        fputs(i ? ", " : "", out);
        arg(out, &e->args[i], PREC_FORMULA);
        if (i == 0)
            restriction(out, e, true);
    }
    if (e->nargs == 0)
        restriction(out, e, true);
    fputc(')', out);
}

/* Whether an operand of a binary operator needs parentheses: looser than
 * the operator, or as loose on the right (left-associative) or on either
 * side of a comparison (they do not chain). A formula also brackets ∧
 * inside ∨: readers of the document should not need to know which binds
 * tighter. */
static bool operand_wraps(const ast_expr *parent, const ast_expr *child,
                          bool right, prec_style style)
{
    prec_level p = prec_of(parent->op), c = level(child, style);
    if (style == PREC_FORMULA && parent->op == OP_OR)
        return c < PREC_NOT && !(c == PREC_OR && !right);
    return right || p == PREC_CMP ? c <= p : c < p;
}

static void operand(FILE *out, const ast_expr *e, bool wrap, prec_style style)
{
    fputs(wrap ? "(" : "", out);
    print_expr_at(out, e, PREC_TOP, style);
    fputs(wrap ? ")" : "", out);
}

/* `-x`, `not x` in source; `−x`, `¬x` in a formula, whose operand is an
 * atom (or a Σ after −): `−Σ x`, `¬(a = b)`. */
static void unary(FILE *out, const ast_expr *e, prec_style style)
{
    bool neg = e->op == OP_NEG;
    if (style == PREC_SOURCE) {
        fputs(neg ? "-" : "not ", out);
        print_expr_at(out, e->lhs, prec_of(e->op), style);
        return;
    }
    fputs(prec_spelling(e->op, style), out);
    const ast_expr *x = e->lhs;
    operand(out, x,
            level(x, style) < (neg ? PREC_NEG : PREC_ATOM) ||
                (x->kind == AST_UNARY && x->op == OP_NEG) ||
                (x->kind == AST_NUM && x->num < 0),
            style);
}

/* A range bound in source: a number (maybe negative) or a name. */
static void bound(FILE *out, const ast_expr *e)
{
    if (e->kind == AST_NUM)
        print_number(out, e->num);
    else
        print_expr_at(out, e, PREC_ATOM, PREC_SOURCE);
}

static void in_range(FILE *out, const ast_expr *e, prec_style style)
{
    print_expr_at(out, e->lhs, PREC_ADD, style);
    if (style == PREC_SOURCE) {
        fputs(e->negated ? " not in " : " in ", out);
        bound(out, e->lo);
        fputs("..", out);
        bound(out, e->hi);
        return;
    }
    fputs(e->negated ? " ∉ [" : " ∈ [", out);
    print_expr_at(out, e->lo, PREC_IF, style);
    fputs(", ", out);
    print_expr_at(out, e->hi, PREC_IF, style);
    fputc(']', out);
}

static void body(FILE *out, const ast_expr *e, prec_style style)
{
    bool src = style == PREC_SOURCE;
    switch (e->kind) {
    case AST_NUM: print_number_in(out, e->num, style); break;
    case AST_STR: string(out, e->str, style); break;
    case AST_BOOL: fputs(e->boolean ? "true" : "false", out); break;
    case AST_NAME:
        if (e->qual) {
            name(out, e->qual, style);
            fputc('.', out);
        }
        name(out, e->str, style);
        break;
    case AST_CALL:
        if (src)
            call_source(out, e);
        else
            call_formula(out, e);
        break;
    case AST_UNARY: unary(out, e, style); break;
    case AST_BINARY:
        operand(out, e->lhs, operand_wraps(e, e->lhs, false, style), style);
        fprintf(out, " %s ", prec_spelling(e->op, style));
        operand(out, e->rhs, operand_wraps(e, e->rhs, true, style), style);
        break;
    case AST_IN_LIST:
        print_expr_at(out, e->lhs, PREC_ADD, style);
        fputs(src ? (e->negated ? " not in (" : " in (")
                  : (e->negated ? " ∉ {" : " ∈ {"),
              out);
        list(out, e->items, e->nitems, style);
        fputc(src ? ')' : '}', out);
        break;
    case AST_IN_RANGE: in_range(out, e, style); break;
    case AST_IS_MISSING:
        print_expr_at(out, e->lhs, PREC_ADD, style);
        fputs(e->negated ? " is not missing" : " is missing", out);
        break;
    case AST_IF:
        /* A formula brackets an `if` inside the condition or the `then`
         * branch; source needs no more than the grammar. */
        fputs("if ", out);
        print_expr_at(out, e->cond, src ? PREC_IF : PREC_OR, style);
        fputs(" then ", out);
        print_expr_at(out, e->then, src ? PREC_IF : PREC_OR, style);
        fputs(" else ", out);
        print_expr_at(out, e->els, PREC_IF, style);
        break;
    case AST__COUNT: break;
    }
}

void print_expr_at(FILE *out, const ast_expr *e, prec_level min,
                   prec_style style)
{
    bool paren = level(e, style) < min;
    fputs(paren ? "(" : "", out);
    body(out, e, style);
    fputs(paren ? ")" : "", out);
}

void print_expr(FILE *out, const ast_expr *e)
{
    print_expr_at(out, e, PREC_TOP, PREC_SOURCE);
}

static void bands(FILE *out, const ast_clause *c)
{
    for (int i = 0; i < c->nbands; i++) {
        const ast_band *b = &c->bands[i];
        if (i)
            fputs(", ", out);
        print_name(out, b->label);
        if (b->has_cond) {
            fprintf(out, " %s ", prec_spelling(b->op, PREC_SOURCE));
            print_expr_at(out, b->bound, PREC_ADD, PREC_SOURCE);
        }
    }
}

void print_clause_body(FILE *out, const ast_clause *c)
{
    switch (c->kind) {
    case CL_TITLE:
    case CL_DEFINITION:
    case CL_SOURCE:
    case CL_NOTE: print_string(out, c->text); break;
    case CL_DOMAIN:
    case CL_BETTER:
    case CL_FROM: print_name(out, c->text); break;
    case CL_PERIODICITY: {
        bool word = *c->text && !strchr(c->text, ' ');
        if (word)
            print_name(out, c->text);
        else
            print_string(out, c->text);
        break;
    }
    case CL_UNIT:
        if (c->unit_is_string) {
            print_string(out, c->text);
        } else {
            fputs(c->text, out);
            if (c->has_unit_num) {
                fputc(' ', out);
                print_number(out, c->unit_num);
            }
        }
        break;
    case CL_DECIMALS: print_number(out, c->unit_num); break;
    case CL_SE: break;
    case CL_CI:
        fprintf(out, "%s ", c->text);
        print_number(out, c->unit_num);
        break;
    case CL_BY: list(out, c->items, c->nitems, PREC_SOURCE); break;
    case CL_THRESHOLDS: bands(out, c); break;
    case CL_TARGET:
        print_expr(out, c->expr);
        fputs(" by ", out);
        print_expr(out, c->year);
        break;
    case CL_SUPPRESS:
    case CL_FLAG:
        fputs("when ", out);
        print_expr(out, c->expr);
        break;
    default: print_expr(out, c->expr); break;
    }
}
