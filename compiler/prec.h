/* prec.h — operator precedence and spelling (prec.def) for the printers:
 * the source printer, the readable formulas of doc and the IR printer of
 * explain all decide parentheses and spellings from this one table, the
 * one the grammar's precedence is generated from. */
#ifndef SICALC_PREC_H
#define SICALC_PREC_H

#include "../runtime/program.h"
#include "ast.h"

/* Binding strength, loosest first: PREC_TOP takes anything (a whole
 * expression, a parenthesised one), PREC_ATOM only names, literals and
 * calls. Between them the grammar's levels (prec.def). */
typedef enum {
    PREC_TOP,
#define LEVEL(k, assoc, tokens) PREC_##k,
#define OP(k, level, src, formula, ir)
#include "prec.def"
#undef OP
#undef LEVEL
    PREC_ATOM
} prec_level;

/* How an operator is written: as .si source (sicalc fmt, explain) or as
 * a formula of the generated catalogue (× ÷ ≤ ∧ ...). */
typedef enum { PREC_SOURCE, PREC_FORMULA } prec_style;

/* The level an operator binds at, to decide parentheses. */
prec_level prec_of(ast_op op);
/* How the operator is written in that style: OP_LE is "<=" or "≤". */
const char *prec_spelling(ast_op op, prec_style style);
/* The operator an IR opcode computes, or -1 for an opcode that is no
 * operator (a call, a constant, ...). */
int prec_ir_op(rt_opcode op);

#endif
