/* plan.h — the planner, the compiler's last stage: from the lowered
 * catalogue (lower.h) to the program's aggregates, groupings and passes.
 * It reads only what the checker recorded and reports nothing: a
 * catalogue that checked without error always has a plan. */
#ifndef SICALC_PLAN_H
#define SICALC_PLAN_H

#include "lower.h"

/* Gives every aggregate its base grouping (the cross of its breakdowns'
 * dimensions, which rows feed and the others are rolled up from), every
 * aggregate, overall value and grouping its pass, and copies the tables
 * into t->p. Only for tables the checker finished without errors. */
void plan_program(lower_tables *t);

#endif
