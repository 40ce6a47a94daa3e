/* print.h — the syntax tree back to .si source, in the canonical layout
 * `sicalc fmt` writes (expressions with only the parentheses precedence
 * needs; names in backticks where they must be). */
#ifndef SICALC_PRINT_H
#define SICALC_PRINT_H

#include <stdio.h>

#include "ast.h"
#include "prec.h"

/* Writes e as source, parenthesised only where precedence needs. */
void print_expr(FILE *out, const ast_expr *e);
/* Writes e in a style, parenthesised when it binds looser than min: the
 * one core behind print_expr and formula.h. */
void print_expr_at(FILE *out, const ast_expr *e, prec_level min,
                   prec_style style);
/* A number in a style (a formula writes − for a negative one). */
void print_number_in(FILE *out, double v, prec_style style);
/* A name as source: a word, or in backticks when it is not one or is a
 * reserved word, so it reads back as the same name. */
void print_name(FILE *out, const char *name);
/* A string literal with the escapes the lexer reads back. */
void print_string(FILE *out, const char *s);
/* The shortest form that reads back as the same double. */
void print_number(FILE *out, double v);
/* A clause's body (what follows its keyword). */
void print_clause_body(FILE *out, const ast_clause *c);

#endif
