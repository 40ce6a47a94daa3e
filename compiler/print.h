/* print.h — the syntax tree back to .si source, in the canonical layout
 * `sicalc fmt` writes (expressions with only the parentheses precedence
 * needs; names in backticks where they must be). */
#ifndef SICALC_PRINT_H
#define SICALC_PRINT_H

#include <stdio.h>

#include "ast.h"

void print_expr(FILE *out, const ast_expr *e);
void print_name(FILE *out, const char *name);
void print_string(FILE *out, const char *s);
void print_number(FILE *out, double v);
/* A clause's body (what follows its keyword). */
void print_clause_body(FILE *out, const ast_clause *c);

#endif
