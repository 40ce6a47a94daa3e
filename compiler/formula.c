/* formula.c — expressions in the notation of the generated catalogue
 * (sum(x where c) is `Σ x [c]`, count(where c) is `N(c)`, operators as a
 * statistician writes them): the formula style of print.c's printer. */
#include "formula.h"

#include "print.h"

const char *formula_op(ast_op op)
{
    return prec_spelling(op, PREC_FORMULA);
}

void formula_number(FILE *out, double v)
{
    print_number_in(out, v, PREC_FORMULA);
}

void formula_expr(FILE *out, const ast_expr *e)
{
    print_expr_at(out, e, PREC_TOP, PREC_FORMULA);
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
    print_expr_at(out, num, PREC_MUL, PREC_FORMULA);
    fputs(" ÷ ", out);
    print_expr_at(out, den, PREC_MUL + 1, PREC_FORMULA);
    scale_by(out, scale);
}

void formula_scaled(FILE *out, const ast_expr *e, double scale)
{
    print_expr_at(out, e, scale != 1 ? PREC_MUL : PREC_TOP, PREC_FORMULA);
    scale_by(out, scale);
}
