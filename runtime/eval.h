/* eval.h — evaluating an IR expression, for one row (columns, overall
 * values) or for one group (aggregate values, results). */
#ifndef SICALC_EVAL_H
#define SICALC_EVAL_H

#include <stdint.h>

#include "program.h"

/* Set in rt_env.flags by evaluation. */
enum { RT_EFLAG_ZERO_DIV = 1 };

typedef struct rt_env {
    const rt_value *col_num; /* per column: the number (or missing) */
    const rt_value *col_str; /* per column: the text (or missing) */
    const rt_value *overall; /* per overall slot, for the current period */
    const rt_value *agg;     /* per aggregate, for the current group */
    const rt_value *result;  /* RT_RES_* */
    /* RT_PERAGG: the value of per-key aggregate slot for this row. */
    rt_value (*peragg)(void *ctx, int slot);
    void *ctx;
    /* RT_LET: values of the current row (memo[slot] holds when
       memo_row[slot] == row); NULL: computed each time. */
    rt_value *memo;
    uint64_t *memo_row;
    uint64_t row;
    unsigned flags;
} rt_env;

rt_value rt_eval(const rt_expr *e, rt_env *env);
/* -1, 0, 1, or 2 when the two values cannot be compared (a tag differs,
 * or one is missing). With eq_only any non-zero answer means "different"
 * (interned text is told apart by address, without an order). */
int rt_compare(rt_value a, rt_value b, bool eq_only);
/* Truth of a condition: missing counts as false. */
bool rt_eval_true(const rt_expr *e, rt_env *env);
/* Whether a and b are the same expression node for node (constants equal
 * by value, text by content), so that they evaluate alike in every row:
 * the scan evaluates such wheres once, and shares the values of order
 * statistics over the same inputs. NULL is the same as NULL only. */
bool rt_expr_same(const rt_expr *a, const rt_expr *b);

/* rt_eval, with the leaves (most nodes) and remembered lets answered
 * without a call. */
static inline rt_value rt_eval_fast(const rt_expr *e, rt_env *env)
{
    switch (e->op) {
    case RT_CONST: return e->k;
    case RT_COLNUM: return env->col_num[e->slot];
    case RT_COLSTR: return env->col_str[e->slot];
    case RT_LET:
        if (env->memo && env->memo_row[e->slot] == env->row)
            return env->memo[e->slot];
        return rt_eval(e, env);
    default: return rt_eval(e, env);
    }
}
const char *rt_op_name(rt_opcode op);

#endif
