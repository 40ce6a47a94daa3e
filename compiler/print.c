/* print.c — expressions and clauses as canonical .si text. */
#include "print.h"

#include <string.h>

#include "../runtime/numfmt.h"

/* Words the lexer reserves: a name spelled like one needs backticks. */
static const char *const reserved[] = {
    "use",      "const", "let",  "fn",   "dataset", "indicator",
    "and",      "or",    "not",  "in",   "is",      "missing",
    "if",       "then",  "else", "true", "false",   "where",
    "weighted", "by",    "when", "per"};

/* Binding strength, loosest first (as in parser.y). */
enum { P_IF, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_NEG, P_ATOM };

void print_name(FILE *out, const char *s)
{
    bool plain = *s && !(*s >= '0' && *s <= '9');
    for (const char *p = s; *p; p++)
        plain = plain && (*p == '_' || (*p >= 'a' && *p <= 'z') ||
                          (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'));
    for (size_t i = 0; plain && i < sizeof reserved / sizeof *reserved; i++)
        plain = strcmp(s, reserved[i]) != 0;
    fprintf(out, plain ? "%s" : "`%s`", s);
}

void print_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\x%02x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void print_number(FILE *out, double v)
{
    char buf[40];
    rt_fmt_number(buf, sizeof buf, v);
    fputs(buf, out);
}

static int strength(const ast_expr *e)
{
    switch (e->kind) {
    case AST_IF: return P_IF;
    case AST_UNARY: return e->op == OP_NOT ? P_NOT : P_NEG;
    case AST_IN_LIST:
    case AST_IN_RANGE:
    case AST_IS_MISSING: return P_CMP;
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

static void expr_at(FILE *out, const ast_expr *e, int min);

static void list(FILE *out, ast_expr *const *v, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        expr_at(out, v[i], P_IF);
    }
}

static void call(FILE *out, const ast_expr *e)
{
    print_name(out, e->str);
    fputc('(', out);
    for (int i = 0; i < e->nargs; i++) {
        if (i)
            fputs(", ", out);
        if (e->args[i].key) {
            expr_at(out, e->args[i].key, P_IF);
            fputs(": ", out);
        }
        expr_at(out, e->args[i].value, P_IF);
    }
    const char *sep = e->nargs ? " " : "";
    if (e->where) {
        fprintf(out, "%swhere ", sep);
        expr_at(out, e->where, P_IF);
        sep = " ";
    }
    if (e->weight) {
        fprintf(out, "%sweighted by ", sep);
        expr_at(out, e->weight, P_IF);
        sep = " ";
    }
    if (e->per) {
        fprintf(out, "%sper ", sep);
        expr_at(out, e->per, P_IF);
    }
    fputc(')', out);
}

/* A range bound: a number (maybe negative) or a name. */
static void bound(FILE *out, const ast_expr *e)
{
    if (e->kind == AST_NUM)
        print_number(out, e->num);
    else
        expr_at(out, e, P_ATOM);
}

static void binary(FILE *out, const ast_expr *e, int s)
{
    /* Left-associative operators: the right operand binds one tighter;
     * comparisons do not chain, so both sides one tighter. */
    expr_at(out, e->lhs, s == P_CMP ? s + 1 : s);
    fprintf(out, " %s ", ast_op_name(e->op));
    expr_at(out, e->rhs, s + 1);
}

static void expr_body(FILE *out, const ast_expr *e)
{
    switch (e->kind) {
    case AST_NUM: print_number(out, e->num); break;
    case AST_STR: print_string(out, e->str); break;
    case AST_BOOL: fputs(e->boolean ? "true" : "false", out); break;
    case AST_NAME:
        if (e->qual) {
            print_name(out, e->qual);
            fputc('.', out);
        }
        print_name(out, e->str);
        break;
    case AST_CALL: call(out, e); break;
    case AST_UNARY:
        fputs(e->op == OP_NOT ? "not " : "-", out);
        expr_at(out, e->lhs, e->op == OP_NOT ? P_NOT : P_NEG);
        break;
    case AST_BINARY: binary(out, e, strength(e)); break;
    case AST_IN_LIST:
        expr_at(out, e->lhs, P_ADD);
        fputs(e->negated ? " not in (" : " in (", out);
        list(out, e->items, e->nitems);
        fputc(')', out);
        break;
    case AST_IN_RANGE:
        expr_at(out, e->lhs, P_ADD);
        fputs(e->negated ? " not in " : " in ", out);
        bound(out, e->lo);
        fputs("..", out);
        bound(out, e->hi);
        break;
    case AST_IS_MISSING:
        expr_at(out, e->lhs, P_ADD);
        fputs(e->negated ? " is not missing" : " is missing", out);
        break;
    case AST_IF:
        fputs("if ", out);
        expr_at(out, e->cond, P_IF);
        fputs(" then ", out);
        expr_at(out, e->then, P_IF);
        fputs(" else ", out);
        expr_at(out, e->els, P_IF);
        break;
    default: break;
    }
}

/* Parenthesised when looser than the place needs; `if` always is, except
 * where nothing follows it. */
static void expr_at(FILE *out, const ast_expr *e, int min)
{
    bool paren = strength(e) < min;
    if (paren)
        fputc('(', out);
    expr_body(out, e);
    if (paren)
        fputc(')', out);
}

void print_expr(FILE *out, const ast_expr *e)
{
    expr_at(out, e, P_IF);
}

static void bands(FILE *out, const ast_clause *c)
{
    for (int i = 0; i < c->nbands; i++) {
        const ast_band *b = &c->bands[i];
        if (i)
            fputs(", ", out);
        print_name(out, b->label);
        if (b->has_cond) {
            fprintf(out, " %s ", ast_op_name(b->op));
            expr_at(out, b->bound, P_ADD);
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
    case CL_CI:
        fprintf(out, "%s ", c->text);
        print_number(out, c->unit_num);
        break;
    case CL_BY: list(out, c->items, c->nitems); break;
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
