/* rewrite.h — the run's own form of a program: share(x < arpt(x) where c)
 * as written compares every value with its period's at-risk-of-poverty
 * threshold, known only after a scan, so it costs the data a second
 * scan. The weight below a per-period threshold is a sum over the values
 * themselves, which an order statistic keeps: the run keeps x's values
 * (where c) in the threshold's own pass and sums the weights below the
 * threshold once it is known (prepare.c). The sums are exact, so the
 * values are the same to the last bit, and so are the counts of rows.
 * The SQL, explain and the other commands see the program as written. */
#ifndef SICALC_REWRITE_H
#define SICALC_REWRITE_H

#include "program.h"

/* A copy of p with such shares made RT_AGG_BELOW, one pass earlier, and
 * its passes counted again; NULL when p has none (run p itself). The
 * copy shares everything else with p; free it with rt_rewrite_free. */
rt_program *rt_rewrite(const rt_program *p);
void rt_rewrite_free(rt_program *q);

#endif
