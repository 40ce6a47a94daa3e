/* prepare.h — the order statistics of a pass, computed after its scan,
 * its roll-ups and its shared states, and before anything reads their
 * values: the laeken rates with their period's threshold first, then
 * the other order statistics. The work is shared out between threads
 * group by group; each group's value depends only on its own values, so
 * the output is the same whatever the number of threads. */
#ifndef SICALC_PREPARE_H
#define SICALC_PREPARE_H

#include "scanplan.h"
#include "worker.h"

/* The wall time of each step (SICALC_SCAN_STATS). */
typedef struct rt_prepare_times {
    double medians; /* the period medians behind thresholds */
    double below;   /* the rates and sums below the thresholds */
    double other;   /* the other order statistics */
} rt_prepare_times;

/* The runs' file must be mapped (rt_samples_map_runs): the values are
 * only read. t: NULL, or where each step's time goes. */
void rt_prepare_pass(const rt_plan *pl, rt_worker *w, int pass, int nthreads,
                     rt_prepare_times *t);

#endif
