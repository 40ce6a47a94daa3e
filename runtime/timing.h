/* timing.h — wall-clock seconds for the lines SICALC_SCAN_STATS asks for
 * on standard error (docs/PERFORMANCE.md): how long each scan and each
 * step after it took, for measuring; nothing else reads them. */
#ifndef SICALC_TIMING_H
#define SICALC_TIMING_H

#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

static inline bool rt_timing_on(void)
{
    return getenv("SICALC_SCAN_STATS") != NULL;
}

/* Seconds on the monotonic clock (from an arbitrary origin). */
static inline double rt_timing_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#endif
