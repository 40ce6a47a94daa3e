/* standard.h — directly and indirectly standardised rates (dsr(), isr()),
 * expanded into per-stratum aggregates. Internal to the checker. */
#ifndef SICALC_STANDARD_H
#define SICALC_STANDARD_H

#include "checker.h"

/* Checks a call of dsr() or isr() (e->str) in the group context and
 * lowers it; records the strata in c->std, the events, the population
 * (dsr) or expected events (isr) in c->std_num and c->std_den, and the
 * value returned in c->std_value, for an indicator whose whole value it
 * is (its interval). */
lowered check_standardised(checker *c, const ast_expr *e, ctx cx);

#endif
