/* blocks.c — blocks made by several threads, written in order. */
#include "blocks.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "worker.h" /* RT_MAX_THREADS */
#include "xalloc.h"

/* Each helper thread fills its two slots in turn; the writer empties
 * them in block order. */
typedef struct slot {
    rt_bytes buf;
    bool ready; /* made, not yet written */
} slot;

typedef struct blockpipe {
    size_t n;
    int nt;
    rt_block_fn *make;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    slot slots[RT_MAX_THREADS][2];
} blockpipe;

typedef struct helper {
    blockpipe *p;
    int t;
} helper;

static slot *slot_of(blockpipe *p, size_t b)
{
    return &p->slots[b % (size_t)p->nt][b / (size_t)p->nt % 2];
}

static void wait_until(blockpipe *p, slot *s, bool ready)
{
    pthread_mutex_lock(&p->mu);
    while (s->ready != ready)
        pthread_cond_wait(&p->changed, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

static void set_ready(blockpipe *p, slot *s, bool ready)
{
    pthread_mutex_lock(&p->mu);
    s->ready = ready;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->mu);
}

static void *make_blocks(void *arg)
{
    helper *h = arg;
    blockpipe *p = h->p;
    for (size_t b = (size_t)h->t; b < p->n; b += (size_t)p->nt) {
        slot *s = slot_of(p, b);
        wait_until(p, s, false);
        s->buf.n = 0;
        p->make(p->ctx, h->t, b, &s->buf);
        set_ready(p, s, true);
    }
    return NULL;
}

void rt_write_blocks(FILE *out, size_t n, int nthreads, rt_block_fn *make,
                     void *ctx)
{
    int nt = nthreads < RT_MAX_THREADS ? nthreads : RT_MAX_THREADS;
    if (nt < 1 || (size_t)nt > n)
        nt = n ? (int)n : 1;
    blockpipe *p = rt_xcalloc(1, sizeof *p);
    rt_bytes own = {0};
    *p = (blockpipe){.n = n, .nt = nt, .make = make, .ctx = ctx};
    pthread_t tid[RT_MAX_THREADS];
    helper hs[RT_MAX_THREADS];
    bool started[RT_MAX_THREADS] = {false};
    if (nt > 1) {
        pthread_mutex_init(&p->mu, NULL);
        pthread_cond_init(&p->changed, NULL);
    }
    for (int t = 1; t < nt; t++) {
        hs[t] = (helper){p, t};
        started[t] = pthread_create(&tid[t], NULL, make_blocks, &hs[t]) == 0;
    }
    for (size_t b = 0; b < n; b++) {
        int t = (int)(b % (size_t)nt);
        if (t == 0 || !started[t]) {
            own.n = 0;
            make(ctx, 0, b, &own);
            fwrite(own.s, 1, own.n, out);
            continue;
        }
        slot *s = slot_of(p, b);
        wait_until(p, s, true);
        fwrite(s->buf.s, 1, s->buf.n, out);
        set_ready(p, s, false);
    }
    for (int t = 1; t < nt; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    if (nt > 1) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->changed);
        for (int t = 0; t < nt; t++)
            for (int k = 0; k < 2; k++)
                free(p->slots[t][k].buf.s);
    }
    free(p);
    free(own.s);
}
