/* test_hugemem.c — blocks in the huge-page region (runtime/hugemem.h):
 * random allocations, growths, shrinks and frees from two threads at
 * once, past the region (so malloc's blocks mix in); every live block
 * must keep its own bytes (no two overlap) and a growth keeps the old
 * ones. */
#include "hugemem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "testhelp.h"

enum { LIVE = 300, STEPS = 20000 };

typedef struct block {
    unsigned char *p;
    size_t n;
    unsigned char tag;
} block;

typedef struct job {
    uint64_t seed;
    int bad, outside;
} job;

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static bool intact(const block *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->p[i] != b->tag)
            return false;
    return true;
}

/* Blocks of 8 bytes to 128 KiB, or to 2 KiB when small (then all fit
 * the region). */
static bool small;

static void *churn(void *ctx)
{
    job *j = ctx;
    block live[LIVE] = {{0}};
    for (int step = 0; step < STEPS; step++) {
        block *b = &live[next(&j->seed) % LIVE];
        size_t n = (size_t)1 << (3 + next(&j->seed) % (small ? 8 : 15));
        n += next(&j->seed) % n; /* not only powers */
        if (b->p && !intact(b))
            j->bad++;
        if (b->p && next(&j->seed) % 4 == 0) {
            rt_huge_free(b->p, b->n);
            b->p = NULL;
            b->n = 0;
            continue;
        }
        b->p = rt_huge_realloc(b->p, b->n, n);
        j->outside += !rt_huge_owns(b->p);
        if (b->n && !intact(&(block){b->p, b->n < n ? b->n : n, b->tag}))
            j->bad++; /* the old bytes were not kept */
        b->n = n;
        b->tag = (unsigned char)(next(&j->seed) | 1);
        memset(b->p, b->tag, n);
    }
    for (int i = 0; i < LIVE; i++) {
        if (live[i].p && !intact(&live[i]))
            j->bad++;
        rt_huge_free(live[i].p, live[i].n);
    }
    return NULL;
}

/* Whether blocks come from the region here: not under ASan, nor under
 * an address-space limit (hugemem.c then leaves them all to malloc). */
static bool region_here(void)
{
#ifdef __SANITIZE_ADDRESS__
    return false;
#else
    struct rlimit rl;
    return getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY;
#endif
}

/* Whether the n bytes from p are i * 7 + 1 (mod 251) for i below had,
 * and zero from had on. */
static bool holds_pattern(const unsigned char *p, size_t had, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (i < had ? (unsigned char)(i * 7 % 251 + 1) : 0))
            return false;
    return true;
}

static void fill_pattern(unsigned char *p, size_t from, size_t n)
{
    for (size_t i = from; i < n; i++)
        p[i] = (unsigned char)(i * 7 % 251 + 1);
}

/* Blocks past a chunk (mapped on their own where there is a region):
 * grown from a small block and again, zero past what they held, the
 * contents kept; a mapped block is not the region's. */
static void test_big(void)
{
    size_t small_n = 100000, big = (size_t)5 << 20, bigger = (size_t)11 << 20;
    unsigned char *p = rt_huge_zrealloc(NULL, 0, small_n);
    bool ok = holds_pattern(p, 0, small_n);
    fill_pattern(p, 0, small_n);
    p = rt_huge_zrealloc(p, small_n, big);
    ok = ok && holds_pattern(p, small_n, big);
    bool outside = !rt_huge_owns(p);
    fill_pattern(p, small_n, big);
    p = rt_huge_zrealloc(p, big, bigger);
    ok = ok && holds_pattern(p, big, bigger);
    fill_pattern(p, big, bigger);
    unsigned char *q = rt_huge_realloc(NULL, 0, big);
    ok = ok && q != p && holds_pattern(p, bigger, bigger);
    rt_huge_free(q, big);
    rt_huge_free(p, bigger);
    TEST_COND("blocks past a chunk: grown twice, contents kept, new bytes "
              "zero",
              ok);
    TEST_COND("a block past a chunk is not in the region", outside);
}

int main(void)
{
    bool region = region_here();
    /* A small region: the two threads' blocks (up to about 2 x 300 x
     * 128 KiB) overflow it, so malloc's blocks are used too. */
    rt_huge_reserve((size_t)4 << 20);
    job jobs[2] = {{.seed = 7}, {.seed = 99}};
    pthread_t t;
    pthread_create(&t, NULL, churn, &jobs[1]);
    churn(&jobs[0]);
    pthread_join(t, NULL);
    TEST_COND("blocks keep their bytes through growths, shrinks and frees "
              "from two threads, in and past the region",
              jobs[0].bad == 0 && jobs[1].bad == 0);
    /* Small blocks only (at most 2 x 300 x 4 KiB live): all in the
     * region, split and merged all the time. */
    small = true;
    job in[2] = {{.seed = 3}, {.seed = 5}};
    pthread_create(&t, NULL, churn, &in[1]);
    churn(&in[0]);
    pthread_join(t, NULL);
    TEST_COND("small blocks keep their bytes, all in the region",
              in[0].bad == 0 && in[1].bad == 0 &&
                  (!region || (in[0].outside == 0 && in[1].outside == 0)));
    void *a = rt_huge_realloc(NULL, 0, 100), *b = rt_huge_realloc(NULL, 0, 100);
    TEST_COND("two blocks are two", a != b);
    rt_huge_free(a, 100);
    void *c = rt_huge_realloc(NULL, 0, 120);
    if (region) /* (else every block is malloc's) */
        TEST_COND("a freed block of the size is used again", c == a);
    rt_huge_free(b, 100);
    rt_huge_free(c, 120);
    rt_huge_free(NULL, 10);
    /* Everything is free again: the region's one 4 MiB chunk, cut into
     * thousands of blocks meanwhile, must have merged back whole. */
    void *whole = rt_huge_realloc(NULL, 0, (size_t)4 << 20);
    if (region)
        TEST_COND("freed blocks merge back into a whole chunk",
                  rt_huge_owns(whole) && rt_huge_owns(a));
    else
        TEST_COND("no region: every block is malloc's",
                  !rt_huge_owns(whole) && !rt_huge_owns(a));
    rt_huge_free(whole, (size_t)4 << 20);
    test_big();
    return TEST_REPORT();
}
