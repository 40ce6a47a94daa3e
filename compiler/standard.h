/* standard.h — the pieces of a standardised rate (dsr(), isr()), put
 * together by check_expr.c. Internal to the checker. */
#ifndef SICALC_STANDARD_H
#define SICALC_STANDARD_H

#include "ast.h"
#include "diag.h"
#include "lower.h"

/* A stratum: its label (a literal text or number) and its number (a
 * standard population, a reference rate; -1 for an isr() label alone:
 * the period total's rate). */
typedef struct std_stratum {
    const ast_expr *label;
    double num;
} std_stratum;

/* The strata of call e after its three arguments, into out (room for
 * e->nargs); their count, or -1 after reporting at the culprit. */
int standard_strata(diag *d, const ast_expr *e, bool direct, std_stratum *out);
/* `sum(x where stratum == label [and where] [weighted by w])` of the
 * call, as syntax (in overall(...) when overall). */
ast_expr *standard_sum(rt_arena *a, const ast_expr *call, const ast_expr *x,
                       const ast_expr *label, bool overall);
/* l op r, or r alone when l is NULL (a sum's first term). */
rt_expr *standard_op(lower_tables *t, rt_opcode op, rt_expr *l, rt_expr *r);

#endif
