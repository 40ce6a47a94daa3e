/* interval.h — the confidence interval of one output row
 * (docs/STATISTICS.md gives every method with its reference). */
#ifndef SICALC_INTERVAL_H
#define SICALC_INTERVAL_H

#include "exec.h"
#include "output.h"

/* Sets r's ci_low, ci_high and has_ci from the indicator's interval
 * method, the row's numerator, denominator and value, and the states of
 * its aggregates in group `group` of grouping g (vals: their values). An
 * interval that cannot be computed (no value, a zero count where the
 * method needs one) leaves has_ci false. */
void rt_interval(const rt_program *p, rt_exec *x, const rt_indicator *ind,
                 int g, int group, const rt_value *vals, rt_outrow *r);

#endif
