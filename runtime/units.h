/* units.h — work split into independent units, taken by every thread of
 * a run: the steps after a scan (prepare.c) and the result rows
 * (finish.c). */
#ifndef SICALC_UNITS_H
#define SICALC_UNITS_H

#include <stddef.h>

typedef void rt_unit_fn(void *ctx, size_t u);

/* fn(ctx, u) for every u < n: unit u on thread u mod the threads (at most
 * RT_MAX_THREADS; the calling one is thread 0); a thread that cannot
 * start has its units run by the caller. Returns when all have run. */
void rt_run_units(rt_unit_fn *fn, void *ctx, size_t n, int nthreads);

#endif
