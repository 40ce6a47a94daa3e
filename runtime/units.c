/* units.c — units of work taken in turn by every thread. */
#include "units.h"

#include <pthread.h>
#include <stdbool.h>

#include "worker.h" /* RT_MAX_THREADS */

typedef struct unit_job {
    rt_unit_fn *fn;
    void *ctx;
    size_t n, start, step;
} unit_job;

static void *run_some(void *arg)
{
    unit_job *j = arg;
    for (size_t u = j->start; u < j->n; u += j->step)
        j->fn(j->ctx, u);
    return NULL;
}

void rt_run_units(rt_unit_fn *fn, void *ctx, size_t n, int nthreads)
{
    int nt = nthreads < RT_MAX_THREADS ? nthreads : RT_MAX_THREADS;
    if (nt < 1 || (size_t)nt > n)
        nt = n ? (int)n : 1;
    pthread_t tid[RT_MAX_THREADS];
    unit_job jobs[RT_MAX_THREADS];
    bool started[RT_MAX_THREADS] = {false};
    for (int t = 0; t < nt; t++)
        jobs[t] = (unit_job){fn, ctx, n, (size_t)t, (size_t)nt};
    for (int t = 1; t < nt; t++)
        started[t] = pthread_create(&tid[t], NULL, run_some, &jobs[t]) == 0;
    run_some(&jobs[0]);
    for (int t = 1; t < nt; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            run_some(&jobs[t]);
    }
}
