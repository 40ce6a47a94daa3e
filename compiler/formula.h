/* formula.h — indicator expressions in a methodologist's notation
 * (Σ x [c], N(c), ÷, ×, ∧, ∈ [a, b], ...), for `sicalc doc`. The
 * notation is the same in every language and keeps the whole tree: only
 * layout and redundant parentheses are lost. Output is plain UTF-8; the
 * caller escapes it for Markdown or HTML. */
#ifndef SICALC_FORMULA_H
#define SICALC_FORMULA_H

#include <stdio.h>

#include "ast.h"

/* Writes e, parenthesised by precedence only where needed. */
void formula_expr(FILE *out, const ast_expr *e);
/* Writes `num ÷ den × scale` (the `× scale` only when scale is not 1). */
void formula_ratio(FILE *out, const ast_expr *num, const ast_expr *den,
                   double scale);
/* Writes `e × scale` (just e when scale is 1). */
void formula_scaled(FILE *out, const ast_expr *e, double scale);
/* The symbol of a comparison or operator: OP_LE gives "≤". */
const char *formula_op(ast_op op);
/* Writes a number the way formulas show it (shortest round-trip form,
 * a typographic minus for negatives). */
void formula_number(FILE *out, double v);

#endif
