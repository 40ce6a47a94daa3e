/* hugemem.c — blocks in one region of huge pages (see hugemem.h): a
 * buddy allocator, so that freed blocks merge again and the region's
 * resident size follows what is in use. */
/* MAP_ANONYMOUS, MAP_NORESERVE, MADV_HUGEPAGE and mremap are not POSIX. */
#define _GNU_SOURCE
#include "hugemem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "xalloc.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define MIN_CLASS 6  /* 64 bytes: a free block holds its two links */
#define TOP_CLASS 22 /* 4 MiB: the region is cut into such chunks */
#define TOP ((size_t)1 << TOP_CLASS)
#define DEFAULT_RESERVE ((size_t)64 << 20)

/* A free block's links, in its first bytes. */
typedef struct link {
    struct link *next, *prev;
} link;

/* The process's one region: chunks of TOP bytes handed out from its
 * start, a free list per block size, and per 64-byte unit of the region
 * 1 + the class of the free block that starts there (0: none). All
 * under one lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t reserve = DEFAULT_RESERVE;
static char *base;  /* NULL: not reserved yet */
static bool failed; /* no region: malloc for everything */
static size_t chunks_used;
static unsigned char *free_head; /* [reserve >> MIN_CLASS] */
static link *free_list[TOP_CLASS + 1];

/* Past this the region's unit map alone would be big: bigger budgets
 * use malloc beyond it. */
#define MAX_RESERVE ((size_t)4 << 30)

void rt_huge_reserve(size_t bytes)
{
    if (bytes > MAX_RESERVE)
        bytes = MAX_RESERVE;
    pthread_mutex_lock(&lock);
    if (!base && !failed)
        reserve = (bytes + TOP - 1) & ~(TOP - 1);
    pthread_mutex_unlock(&lock);
}

/* The smallest class whose blocks hold bytes. */
static int class_of(size_t bytes)
{
    int c = MIN_CLASS;
    while (c < 63 && ((size_t)1 << c) < bytes)
        c++;
    return c;
}

static void advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (e > a)
        madvise((void *)a, e - a, MADV_HUGEPAGE); /* a hint */
#else
    (void)p, (void)n;
#endif
}

/* Reserves the region, aligned to a chunk (under the lock). Why
 * MAP_NORESERVE: it is address space, not a promise of memory. */
static void reserve_region(void)
{
#ifdef __SANITIZE_ADDRESS__
    failed = true; /* ASan sees malloc's blocks only */
    return;
#endif
    /* Under an address-space limit (ulimit -v) the region would be
     * address space malloc can no longer have, and a run that fitted
     * would not: no region then. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur != RLIM_INFINITY) {
        failed = true;
        return;
    }
    size_t len = reserve + TOP;
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    free_head = calloc(reserve >> MIN_CLASS, 1);
    if (m == MAP_FAILED || !free_head) {
        if (m != MAP_FAILED)
            munmap(m, len);
        failed = true;
        return;
    }
    base = (char *)(((uintptr_t)m + TOP - 1) & ~(uintptr_t)(TOP - 1));
    advise_huge(base, reserve);
}

static bool in_region(const void *p)
{
    return base && (const char *)p >= base && (const char *)p < base + reserve;
}

static void push(char *b, int c)
{
    link *l = (link *)(void *)b;
    l->prev = NULL;
    l->next = free_list[c];
    if (l->next)
        l->next->prev = l;
    free_list[c] = l;
    free_head[(size_t)(b - base) >> MIN_CLASS] = (unsigned char)(c + 1);
}

static void unlink_block(char *b, int c)
{
    link *l = (link *)(void *)b;
    if (l->prev)
        l->prev->next = l->next;
    else
        free_list[c] = l->next;
    if (l->next)
        l->next->prev = l->prev;
    free_head[(size_t)(b - base) >> MIN_CLASS] = 0;
}

/* A block of class c from the region, or NULL (under the lock): the
 * smallest free block that holds it, halved down to c (the other halves
 * freed), or a new chunk. */
static char *take(int c)
{
    if (!base && !failed)
        reserve_region();
    if (!base)
        return NULL;
    int k = c;
    while (k <= TOP_CLASS && !free_list[k])
        k++;
    char *b;
    if (k <= TOP_CLASS) {
        b = (char *)free_list[k];
        unlink_block(b, k);
    } else if ((chunks_used + 1) * TOP <= reserve) {
        b = base + chunks_used++ * TOP;
        k = TOP_CLASS;
    } else {
        return NULL;
    }
    while (k > c) {
        k--;
        push(b + ((size_t)1 << k), k);
    }
    return b;
}

/* Gives block b of class c back, merged with its free buddies (under
 * the lock). A whole free chunk's pages go back to the kernel. */
static void give(char *b, int c)
{
    while (c < TOP_CLASS) {
        size_t off = (size_t)(b - base);
        char *buddy = base + (off ^ ((size_t)1 << c));
        if (free_head[(size_t)(buddy - base) >> MIN_CLASS] != c + 1)
            break;
        unlink_block(buddy, c);
        if (buddy < b)
            b = buddy;
        c++;
    }
#ifdef MADV_DONTNEED
    if (c == TOP_CLASS)
        madvise(b, TOP, MADV_DONTNEED);
#endif
    push(b, c);
}

bool rt_huge_owns(const void *p)
{
    pthread_mutex_lock(&lock);
    bool in = in_region(p);
    pthread_mutex_unlock(&lock);
    return in;
}

/* ---- blocks bigger than a chunk: mapped on their own ---- */

/* Why mapped: such a block (the states of a thousand groups) grows by
 * doubling; mremap moves its pages instead of copying them, fresh pages
 * are zero (no memset to fault them in), and they come as huge pages
 * from the first write. Not where the region cannot be (ASan sees
 * malloc's blocks only): malloc then, as for everything. */
static bool mapped(size_t bytes)
{
    if (bytes <= TOP)
        return false;
    pthread_mutex_lock(&lock);
    if (!base && !failed)
        reserve_region();
    bool ok = !failed;
    pthread_mutex_unlock(&lock);
    return ok;
}

static size_t map_size(size_t bytes)
{
    return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* A mapped block of bytes holding the first old of p (a block of the
 * region or malloc's when old <= TOP, else mapped; NULL: none), the rest
 * zero, or NULL when the system refuses. */
static void *map_block(void *p, size_t old, size_t bytes)
{
    size_t n = map_size(bytes);
    void *q;
    if (p && old > TOP) {
        q = mremap(p, map_size(old), n, MREMAP_MAYMOVE);
        if (q == MAP_FAILED)
            return NULL;
    } else {
        /* One huge page more, to start on a huge page boundary. */
        char *m = mmap(NULL, n + HUGE_PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        char *a = (char *)(((uintptr_t)m + HUGE_PAGE - 1) &
                           ~(uintptr_t)(HUGE_PAGE - 1));
        if (a > m)
            munmap(m, (size_t)(a - m));
        if (a + n < m + n + HUGE_PAGE)
            munmap(a + n, (size_t)(m + n + HUGE_PAGE - (a + n)));
        q = a;
    }
    advise_huge(q, n);
    if (p && old <= TOP) {
        memcpy(q, p, old);
        rt_huge_free(p, old);
    }
    return q;
}

void rt_huge_free(void *p, size_t bytes)
{
    if (!p)
        return;
    if (mapped(bytes)) {
        munmap(p, map_size(bytes));
        return;
    }
    if (!in_region(p)) {
        free(p);
        return;
    }
    pthread_mutex_lock(&lock);
    give(p, class_of(bytes));
    pthread_mutex_unlock(&lock);
}

/* The realloc of blocks up to a chunk: the region, else malloc. */
static void *small_realloc(void *p, size_t old, size_t bytes)
{
    int c = class_of(bytes);
    if (p && in_region(p) && class_of(old) == c)
        return p; /* blocks are whole classes: it holds bytes already */
    void *q = NULL;
    if (c <= TOP_CLASS) {
        pthread_mutex_lock(&lock);
        q = take(c);
        pthread_mutex_unlock(&lock);
    }
    if (!q) { /* past the region, or no region */
        if (p && !in_region(p)) {
            q = rt_xrealloc(p, bytes);
            advise_huge(q, bytes);
            return q;
        }
        q = rt_xmalloc(bytes ? bytes : 1);
        advise_huge(q, bytes);
    }
    if (p)
        memcpy(q, p, old < bytes ? old : bytes);
    rt_huge_free(p, old);
    return q;
}

void *rt_huge_realloc(void *p, size_t old, size_t bytes)
{
    if (mapped(bytes)) {
        if (p && old >= bytes)
            return p; /* (shrinking a mapped block: never asked) */
        void *q = map_block(p, old, bytes);
        if (!q)
            rt_out_of_memory(bytes);
        return q;
    }
    if (p && mapped(old)) { /* shrinking below a chunk: never asked */
        void *q = small_realloc(NULL, 0, bytes);
        memcpy(q, p, bytes);
        rt_huge_free(p, old);
        return q;
    }
    return small_realloc(p, old, bytes);
}

void *rt_huge_zrealloc(void *p, size_t old, size_t bytes)
{
    bool fresh = mapped(bytes) && !(p && old >= bytes);
    char *q = rt_huge_realloc(p, old, bytes);
    if (!fresh && bytes > old) /* (a mapped block's new pages are zero) */
        memset(q + old, 0, bytes - old);
    return q;
}
