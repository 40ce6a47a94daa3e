/* finish.h — from aggregate states to the result table: values, unit
 * scale, thresholds, suppression, flags, in the stable output order
 * (catalogue order, then breakdown, then period and group values).
 * Ownership: the rows and their strings live in arena a. */
#ifndef SICALC_FINISH_H
#define SICALC_FINISH_H

#include "exec.h"
#include "output.h"

void rt_finish(const rt_program *p, rt_exec *x, rt_arena *a, rt_result *out);

#endif
