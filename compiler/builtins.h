/* builtins.h — the names the language defines: aggregates (from
 * runtime/aggs.def) and the other builtin functions (builtins.def), looked
 * up in one place by the checker, the dataset resolver and the commands. */
#ifndef SICALC_BUILTINS_H
#define SICALC_BUILTINS_H

#include <stdbool.h>

#include "../runtime/program.h"

typedef enum {
#define X(k, name, op, lo, hi, scalar) BUILTIN_##k,
#include "builtins.def"
#undef X
    BUILTIN__COUNT
} builtin_kind;

typedef struct builtin {
    const char *name;
    rt_opcode op;
    int lo, hi; /* arguments; hi -1: any number */
    bool scalar;
} builtin;

/* The aggregate of that name (an rt_aggkind), or -1. */
int builtins_agg(const char *name);
/* The builtin function of that name (not an aggregate), or NULL. */
const builtin *builtins_find(const char *name);
/* Whether name is an aggregate or overall(): a call that reads the rows
 * of a whole period rather than its arguments' values. */
bool builtins_reads_period(const char *name);
/* Every builtin name, aggregates first, in the order suggestions prefer;
 * *n is set to how many. */
const char *const *builtins_names(int *n);
/* The arguments an aggregate takes before `where` (aggs.def). */
int builtins_agg_nargs(int kind);

#endif
