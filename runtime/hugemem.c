/* hugemem.c — blocks in one region of huge pages (see hugemem.h). */
/* MAP_ANONYMOUS, MAP_NORESERVE and MADV_HUGEPAGE are not POSIX. */
#define _DEFAULT_SOURCE
#include "hugemem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define MIN_CLASS 6  /* 64 bytes */
#define MAX_CLASS 30 /* 1 GiB: bigger blocks come from malloc */
#define DEFAULT_RESERVE ((size_t)256 << 20)

/* The process's one region, its bump pointer and a free list per block
 * size, under one lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t reserve = DEFAULT_RESERVE;
static char *base;  /* NULL: not reserved yet */
static bool failed; /* no region: malloc for everything */
static size_t used;
static void *free_list[MAX_CLASS + 1];

void rt_huge_reserve(size_t bytes)
{
    pthread_mutex_lock(&lock);
    if (!base && !failed)
        reserve = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    pthread_mutex_unlock(&lock);
}

/* The smallest class whose blocks hold bytes; MAX_CLASS + 1: none. */
static int class_of(size_t bytes)
{
    int c = MIN_CLASS;
    while (c <= MAX_CLASS && ((size_t)1 << c) < bytes)
        c++;
    return c;
}

/* Reserves the region, aligned to a huge page (under the lock). Why
 * MAP_NORESERVE: it is address space, not a promise of memory. */
static void reserve_region(void)
{
#ifdef __SANITIZE_ADDRESS__
    failed = true; /* ASan sees malloc's blocks only */
    return;
#endif
    size_t len = reserve + HUGE_PAGE;
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) {
        failed = true;
        return;
    }
    uintptr_t at = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    base = (char *)at;
#ifdef MADV_HUGEPAGE
    madvise(base, reserve, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
}

static bool in_region(const void *p)
{
    return base && (const char *)p >= base && (const char *)p < base + reserve;
}

/* A block of class c from the region, or NULL (under the lock). */
static void *take(int c)
{
    size_t size = (size_t)1 << c;
    if (free_list[c]) {
        void *p = free_list[c];
        memcpy(&free_list[c], p, sizeof(void *));
        return p;
    }
    if (!base && !failed)
        reserve_region();
    /* Blocks of a huge page or more start at one: freed, their pages go
     * back whole (rt_huge_free). */
    size_t at =
        size >= HUGE_PAGE ? (used + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1) : used;
    if (!base || at > reserve || reserve - at < size)
        return NULL;
    used = at + size;
    return base + at;
}

static void *alloc(int c)
{
    if (c > MAX_CLASS)
        return NULL;
    pthread_mutex_lock(&lock);
    void *p = take(c);
    pthread_mutex_unlock(&lock);
    return p ? p : rt_xmalloc((size_t)1 << c);
}

void rt_huge_free(void *p, size_t bytes)
{
    if (!p)
        return;
    if (!in_region(p)) {
        free(p);
        return;
    }
    int c = class_of(bytes);
#ifdef MADV_DONTNEED
    /* A big free block (an old copy of a grown array) gives its memory
     * back, keeping its addresses: else the region's resident size would
     * hold every size a buffer or table ever had. */
    if (((size_t)1 << c) >= HUGE_PAGE)
        madvise(p, (size_t)1 << c, MADV_DONTNEED);
#endif
    pthread_mutex_lock(&lock);
    memcpy(p, &free_list[c], sizeof(void *));
    free_list[c] = p;
    pthread_mutex_unlock(&lock);
}

void *rt_huge_realloc(void *p, size_t old, size_t bytes)
{
    int c = class_of(bytes);
    if (c > MAX_CLASS) { /* (not expected: buffers are smaller) */
        void *q = rt_xmalloc(bytes);
        if (p)
            memcpy(q, p, old < bytes ? old : bytes);
        rt_huge_free(p, old);
        return q;
    }
    if (p && class_of(old) == c)
        return p; /* blocks are whole classes: it holds bytes already */
    void *q = alloc(c);
    if (p)
        memcpy(q, p, old < bytes ? old : bytes);
    rt_huge_free(p, old);
    return q;
}
