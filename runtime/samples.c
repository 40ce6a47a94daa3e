/* samples.c — order-statistic values: in memory, then sorted runs in
 * temporary files, read back through a k-way merge. */
#include "samples.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "hugemem.h"
#include "tempfile.h"

/* Runs of one group before they are merged into one (each merge of
 * values read back costs a source in the k-way merge). */
#define MAX_RUNS 64
/* Values read from a run file at a time: 64 KB. */
#define CHUNK 4096
/* Fewest values a group writes as a run before its buffer is full, when
 * all groups together are past the memory limit: 256 KB. Why a floor:
 * runs of a few values would cost a merge source each, for little
 * memory. */
#define EARLY_MIN ((size_t)1 << 14)
/* Past the budget, a thread's pool is written out when it holds at least
 * 1/POOL_SHARE of the budget (with up to 8 threads, the biggest one does). */
#define POOL_SHARE 16

/* A run: n values at byte off of the shared spool file fd, sorted
 * unless its values are read mostly in no order (rt_samples_unsorted). */
typedef struct run_file {
    int fd;
    long off;
    size_t n;
    bool sorted;
} run_file;

struct rt_samples_pool {
    rt_samples *head; /* the samples with a buffer in memory */
    size_t bytes;     /* their buffers' bytes */
};

struct rt_samples {
    rt_sample *buf; /* unsorted, in memory */
    size_t n, cap;
    run_file *runs; /* each sorted, in the shared spool file */
    size_t nruns, capruns;
    size_t run;              /* values in memory before a run is written */
    rt_samples_pool *pool;   /* the pool listing its buffer, or NULL */
    rt_samples *prev, *next; /* in pool's list */
    int pins;                /* readers of buf: not spilled under them */
    rt_samples **kids;       /* linked values (roll-ups), not owned */
    size_t nkids, capkids;
    size_t linked; /* values of the kids (they take no more) */
    bool sorted;   /* buf is in order (nothing added since) */
    bool lazy;     /* runs are written unsorted, buf never sorted in place
                      (rt_samples_unsorted) */
    bool nospill;  /* a temporary file failed: everything stays in memory */
};

/* ---- sorting ---- */

static int cmp_sample(const void *pa, const void *pb)
{
    const rt_sample *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    /* Ties broken by weight so the order, and so the rounding of the
     * cumulative sums, never depends on the order of the rows. */
    return (a->w > b->w) - (a->w < b->w);
}

/* A double's bits as an unsigned key in the same order. */
static inline uint64_t order_key(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return (b >> 63) ? ~b : b | (1ull << 63);
}

/* By x, then w (for ties of x). Why by insertion when few: ties of
 * incomes in cents come in twos and threes, where a qsort call costs
 * more than the sorting. */
static void order_ties(rt_sample *s, size_t n)
{
    if (n > 16) {
        qsort(s, n, sizeof *s, cmp_sample);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        rt_sample v = s[i];
        size_t j = i;
        for (; j > 0 && cmp_sample(&s[j - 1], &v) > 0; j--)
            s[j] = s[j - 1];
        s[j] = v;
    }
}

uint64_t rt_samples_key(double x)
{
    return order_key(x);
}

/* Below this, sorting by insertion is cheaper than radix passes. */
#define INSERTION_MAX 16
/* From this many values on, 16-bit digits (4 passes, 64K counters);
 * below, 8-bit ones (8 passes, 256 counters). Why not qsort for small
 * buffers: a pool spill writes every group's buffer, a thousand values
 * or so each, and qsort's calls through cmp_sample cost five times
 * what the radix passes do there. */
#define WIDE_DIGITS_MIN 65536

/* Stable LSD radix sort of s by x's order key, digit bits at a time; a
 * pass whose digit is the same for every value is skipped (values of
 * one magnitude share their top bits). */
static void radix_sort(rt_sample *s, size_t n, int bits)
{
    size_t nb = (size_t)1 << bits, mask = nb - 1;
    rt_sample *tmp = rt_xmalloc(n * sizeof *s);
    size_t *count = rt_xmalloc(nb * sizeof *count);
    rt_sample *from = s, *to = tmp;
    for (int shift = 0; shift < 64; shift += bits) {
        memset(count, 0, nb * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(order_key(from[i].x) >> shift) & mask]++;
        if (count[(order_key(from[0].x) >> shift) & mask] == n)
            continue;
        size_t sum = 0;
        for (size_t d = 0; d < nb; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(order_key(from[i].x) >> shift) & mask]++] = from[i];
        rt_sample *t = from;
        from = to;
        to = t;
    }
    if (from != s)
        memcpy(s, from, n * sizeof *s);
    free(tmp);
    free(count);
}

void rt_samples_sort(rt_sample *s, size_t n)
{
    if (n < 2) /* nothing to order (and s may be NULL) */
        return;
    if (n <= INSERTION_MAX) {
        order_ties(s, n); /* by x, then w */
        return;
    }
    radix_sort(s, n, n >= WIDE_DIGITS_MIN ? 16 : 8);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && s[j].x == s[i].x; j++)
            ;
        if (j - i > 1)
            order_ties(s + i, j - i);
    }
}

/* ---- memory ---- */

/* Bytes of values held in memory by every group of every thread, and the
 * limit on them (0 until set or first needed: the default). */
static atomic_size_t mem_used;
static size_t mem_limit;
/* The first reason a temporary file could not be made or written (0:
 * none yet), for the warning, given once, and the error. */
static atomic_int temp_errno;
static atomic_flag dying = ATOMIC_FLAG_INIT;

/* Why 32 MiB: past the budget the values go to sorted runs whose reading
 * back costs little (the file system cache keeps them, and quantiles and
 * poverty rates of many values read them in no order, without a merge:
 * quantile.c), so a small budget keeps the bench's 12 indicators over
 * 10M rows under 100 MB and 60 medians over 5M rows under 200 MB in
 * all; half of physical memory at most, for small machines. */
size_t rt_samples_default_limit(void)
{
    size_t lim = (size_t)32 << 20;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0 &&
        (unsigned long long)pages * (unsigned long long)page / 2 < lim)
        lim = (size_t)((unsigned long long)pages * page / 2);
    return lim;
}

void rt_samples_set_limit(size_t bytes)
{
    mem_limit = bytes;
    /* Room for the buffers (and the groups' states) in huge pages;
     * address space only: what is resident follows what is in use. */
    rt_huge_reserve(bytes <= SIZE_MAX / 4 ? 2 * bytes + ((size_t)32 << 20)
                                          : bytes);
}

static size_t limit(void)
{
    if (!mem_limit)
        mem_limit = rt_samples_default_limit();
    return mem_limit;
}

size_t rt_samples_memory(void)
{
    return atomic_load(&mem_used);
}

/* "1 GiB", "512 MiB", "1536 KiB", "1000 bytes": the largest unit that
 * shows the size exactly. */
void rt_samples_format_size(size_t bytes, char *buf, size_t n)
{
    static const char *const unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (u < 4 && bytes >= 1024 && bytes % 1024 == 0)
        bytes /= 1024, u++;
    snprintf(buf, n, "%zu %s", bytes, unit[u]);
}

/* Why binary units: memory is counted in them; "512M" and "512MiB" are
 * the same. */
bool rt_samples_parse_size(const char *text, size_t *bytes)
{
    const char *p = text;
    unsigned long long v = 0;
    if (*p < '0' || *p > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (~0ull - 9) / 10)
            return false;
        v = v * 10 + (unsigned long long)(*p - '0');
    }
    int shift = 0;
    switch (*p) {
    case 'k':
    case 'K':
        shift = 10;
        p++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        p++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        p++;
        break;
    case 't':
    case 'T':
        shift = 40;
        p++;
        break;
    default: break;
    }
    if (shift && *p == 'i')
        p++;
    if (*p == 'B' || *p == 'b')
        p++;
    if (*p || v == 0 || v > (SIZE_MAX >> shift))
        return false;
    *bytes = (size_t)(v << shift);
    return true;
}

/* A temporary file could not be made or written: values stay in memory,
 * which is said once. */
static void temp_failed(int err)
{
    int none = 0;
    if (atomic_compare_exchange_strong(&temp_errno, &none, err ? err : EIO))
        fprintf(stderr,
                "sicalc: warning: cannot write temporary files in '%s': %s; "
                "order statistics are kept in memory\n",
                rt_temp_dir(), strerror(err ? err : EIO));
}

/* The values need more memory than the limit and cannot go to disk: the
 * run ends here with exit status 1 (one thread says why; the others wait
 * for the exit). Temporary files vanish with the process. */
static void over_limit(void)
{
    if (atomic_flag_test_and_set(&dying))
        for (;;)
            pause();
    char lim[64];
    rt_samples_format_size(limit(), lim, sizeof lim);
    int err = atomic_load(&temp_errno);
    fprintf(stderr,
            "sicalc: error: the order statistics need more than the memory "
            "limit of %s and no temporary file can be written in '%s' (%s); "
            "set TMPDIR to a writable folder or raise --memory-limit\n",
            lim, rt_temp_dir(), strerror(err ? err : EIO));
    exit(1);
}

static void fatal_io(const char *what)
{
    fprintf(stderr, "sicalc: error: %s a temporary file: %s\n", what,
            strerror(errno));
    exit(1);
}

/* ---- runs ---- */

/* Out of descriptors: the soft limit is raised to the hard one, once. */
static bool more_files(void)
{
    static atomic_flag raised = ATOMIC_FLAG_INIT;
    struct rlimit rl;
    if (atomic_flag_test_and_set(&raised) ||
        getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
        return false;
    rl.rlim_cur = rl.rlim_max;
    return setrlimit(RLIMIT_NOFILE, &rl) == 0;
}

/* An unlinked file in $TMPDIR (or /tmp): gone when closed, or when the
 * process ends however it ends. -1 when none can be made. */
static int temp_file(void)
{
    int fd = rt_temp_fd();
    if (fd < 0 && errno == EMFILE && more_files())
        fd = rt_temp_fd();
    if (fd < 0)
        temp_failed(errno);
    return fd;
}

/* The spool: one unlinked file that every run of every group and thread
 * is appended to, each at a range reserved under the lock and written
 * with pwrite. Why one file: runs per group made one open file per
 * group, and thousands of order statistics by hundreds of groups ran
 * out of descriptors. The file is closed when its last run is freed. */
static pthread_mutex_t spool_lock = PTHREAD_MUTEX_INITIALIZER;
static int spool_fd = -1;
static long spool_end;
static size_t spool_live; /* runs in it not freed yet */

/* Reserves bytes at the end of the spool for nruns new runs; false (the
 * reason said once) when no temporary file can be made. */
static bool spool_reserve(size_t bytes, size_t nruns, int *fd, long *off)
{
    pthread_mutex_lock(&spool_lock);
    if (spool_fd < 0) {
        spool_fd = temp_file();
        spool_end = 0;
    }
    bool ok = spool_fd >= 0;
    if (ok) {
        *fd = spool_fd;
        *off = spool_end;
        spool_end += (long)bytes;
        spool_live += nruns;
    }
    pthread_mutex_unlock(&spool_lock);
    return ok;
}

static void spool_release(void)
{
    pthread_mutex_lock(&spool_lock);
    if (--spool_live == 0 && spool_fd >= 0) {
        close(spool_fd);
        spool_fd = -1;
    }
    pthread_mutex_unlock(&spool_lock);
}

/* The spool mapped for reading, while nothing is written to it (the
 * computation of a pass's order statistics) and when it is no larger than
 * the budget: a run of a few values costs a copy instead of a pread. Set and
 * cleared by one thread, before the readers start and after they end. */
static char *spool_map; /* mapped PROT_READ: read, never written */
static size_t spool_map_len;
static int spool_map_fd = -1;

void rt_samples_map_runs(void)
{
    pthread_mutex_lock(&spool_lock);
    /* Why within the budget: mapped pages count in the resident size
     * (pread's cache pages do not), and the budget is what a user sets
     * to bound it. */
    if (spool_fd >= 0 && spool_end > 0 && !spool_map &&
        (size_t)spool_end <= limit()) {
        void *m =
            mmap(NULL, (size_t)spool_end, PROT_READ, MAP_SHARED, spool_fd, 0);
        if (m != MAP_FAILED) { /* else pread, as before */
            spool_map = m;
            spool_map_len = (size_t)spool_end;
            spool_map_fd = spool_fd;
        }
    }
    pthread_mutex_unlock(&spool_lock);
}

void rt_samples_unmap_runs(void)
{
    pthread_mutex_lock(&spool_lock);
    if (spool_map)
        munmap(spool_map, spool_map_len);
    spool_map = NULL;
    spool_map_len = 0;
    spool_map_fd = -1;
    pthread_mutex_unlock(&spool_lock);
}

static void push_run(rt_samples *s, run_file r)
{
    rt_grow((void **)&s->runs, &s->capruns, s->nruns + 1, sizeof *s->runs);
    s->runs[s->nruns++] = r;
}

/* Writes n bytes at off; false (errno set) when they cannot be. */
static bool write_at(int fd, const void *p, size_t n, long off)
{
    const char *b = p;
    while (n) {
        ssize_t k = pwrite(fd, b, n, (off_t)off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            return false;
        }
        b += k, n -= (size_t)k, off += (long)k;
    }
    return true;
}

/* Writes n sorted values (from an array or a reading) as a new run in
 * the spool; false, with nothing kept, when it cannot be written. */
static bool write_run(rt_samples *s, const rt_sample *a, rt_sorted *it,
                      size_t n, bool sorted)
{
    int fd;
    long off;
    if (!spool_reserve(n * sizeof(rt_sample), 1, &fd, &off))
        return false;
    long at = off;
    bool ok = true;
    if (a) {
        ok = write_at(fd, a, n * sizeof *a, at);
    } else {
        rt_sample chunk[256];
        size_t k = 0;
        while (ok && rt_sorted_next(it, &chunk[k])) {
            if (++k < sizeof chunk / sizeof *chunk)
                continue;
            ok = write_at(fd, chunk, k * sizeof *chunk, at);
            at += (long)(k * sizeof *chunk);
            k = 0;
        }
        if (ok && k)
            ok = write_at(fd, chunk, k * sizeof *chunk, at);
    }
    if (!ok) {
        temp_failed(errno);
        spool_release();
        return false;
    }
    push_run(s, (run_file){fd, off, n, sorted});
    return true;
}

/* Bytes of runs gathered for one write: a pool spill writes a run per
 * group, a few hundred values each, and thousands of small writes cost
 * more than their bytes. */
#define GATHER ((size_t)1 << 20)

typedef struct gather {
    int fd;
    long at;
    char *buf;
    size_t n;
    bool ok;
} gather;

static void gather_flush(gather *g)
{
    if (g->ok && g->n)
        g->ok = write_at(g->fd, g->buf, g->n, g->at);
    g->at += (long)g->n;
    g->n = 0;
}

static void gather_put(gather *g, const void *p, size_t n)
{
    if (g->n + n > GATHER)
        gather_flush(g);
    if (n >= GATHER) { /* a big run: as it is */
        g->ok = g->ok && write_at(g->fd, p, n, g->at);
        g->at += (long)n;
        return;
    }
    memcpy(g->buf + g->n, p, n);
    g->n += n;
}

/* Writes the sorted buffers of v[0 .. n) as a run each, one after the
 * other at one reserved range of the spool; false, nothing kept, when
 * they cannot be written. */
static bool write_runs(rt_samples **v, size_t n)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += v[i]->n * sizeof(rt_sample);
    int fd;
    long off;
    if (n == 0 || !spool_reserve(bytes, n, &fd, &off))
        return n == 0;
    gather g = {fd, off, rt_xmalloc(GATHER), 0, true};
    for (size_t i = 0; i < n; i++)
        gather_put(&g, v[i]->buf, v[i]->n * sizeof(rt_sample));
    gather_flush(&g);
    free(g.buf);
    if (!g.ok) {
        temp_failed(errno);
        for (size_t i = 0; i < n; i++)
            spool_release();
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        push_run(v[i], (run_file){fd, off, v[i]->n, !v[i]->lazy});
        off += (long)(v[i]->n * sizeof(rt_sample));
    }
    return true;
}

static rt_sorted *open_sources(run_file *runs, size_t nruns, rt_sample *a,
                               size_t na);

/* Too many runs: merged into one (bounds the sources of a reading). */
static void compact(rt_samples *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nruns; i++)
        n += s->runs[i].n;
    run_file *old = s->runs;
    size_t nold = s->nruns, capold = s->capruns;
    s->runs = NULL;
    s->nruns = s->capruns = 0;
    rt_sorted *it = open_sources(old, nold, NULL, 0);
    bool ok = write_run(s, NULL, it, n, true);
    rt_sorted_close(it);
    if (!ok) { /* keep the old runs */
        free(s->runs);
        s->runs = old;
        s->nruns = nold;
        s->capruns = capold;
        s->nospill = true;
        return;
    }
    for (size_t i = 0; i < nold; i++)
        spool_release();
    free(old);
}

/* The in-memory values become a run (memory is kept). */
static void spill(rt_samples *s)
{
    if (!s->lazy)
        rt_samples_sort(s->buf, s->n);
    if (!write_run(s, s->buf, NULL, s->n, !s->lazy)) {
        s->nospill = true; /* no room on disk: memory it is */
        return;
    }
    s->n = 0;
    if (s->nruns >= MAX_RUNS)
        compact(s);
}

/* ---- the memory budget ---- */

/* Why a key per thread: a worker's thread binds its pool once per scan,
 * and the values it adds, however deep in the state updates, are listed
 * there without a parameter through every layer. */
static pthread_key_t pool_key;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

static void make_key(void)
{
    pthread_key_create(&pool_key, NULL);
}

static rt_samples_pool *current_pool(void)
{
    pthread_once(&pool_once, make_key);
    return pthread_getspecific(pool_key);
}

void rt_samples_use_pool(rt_samples_pool *p)
{
    pthread_once(&pool_once, make_key);
    pthread_setspecific(pool_key, p);
}

rt_samples_pool *rt_samples_pool_new(void)
{
    return rt_xcalloc(1, sizeof(rt_samples_pool));
}

void rt_samples_pool_free(rt_samples_pool *p)
{
    if (p && current_pool() == p)
        rt_samples_use_pool(NULL);
    free(p);
}

size_t rt_samples_pool_bytes(const rt_samples_pool *p)
{
    return p ? p->bytes : 0;
}

/* Lists s (which has a buffer) in the calling thread's pool, if any. */
static void link_pool(rt_samples *s)
{
    rt_samples_pool *p = current_pool();
    if (s->pool || !p)
        return;
    s->pool = p;
    s->prev = NULL;
    s->next = p->head;
    if (p->head)
        p->head->prev = s;
    p->head = s;
    p->bytes += s->cap * sizeof *s->buf;
}

static void unlink_pool(rt_samples *s)
{
    rt_samples_pool *p = s->pool;
    if (!p)
        return;
    p->bytes -= s->cap * sizeof *s->buf;
    if (s->prev)
        s->prev->next = s->next;
    else
        p->head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->pool = NULL;
    s->prev = s->next = NULL;
}

/* Gives s's buffer back (its values are in runs, or moved). */
static void release_buf(rt_samples *s)
{
    unlink_pool(s);
    atomic_fetch_sub(&mem_used, s->cap * sizeof *s->buf);
    rt_huge_free(s->buf, s->cap * sizeof *s->buf);
    s->buf = NULL;
    s->cap = 0;
}

static int by_cap_desc(const void *pa, const void *pb)
{
    const rt_samples *a = *(rt_samples *const *)pa;
    const rt_samples *b = *(rt_samples *const *)pb;
    return (a->cap < b->cap) - (a->cap > b->cap);
}

/* The pool's buffers become sorted runs and are given back, the biggest
 * first (fewer, longer runs to read), until the memory in use is half the
 * budget or half of this pool's memory is written, whichever comes
 * first; all in a few writes. Buffers being read are kept. Why half of
 * the pool at most: with two threads each holding half of the budget, a
 * pool had to write everything to bring the total to half, its smallest
 * buffers too, at every spill: the bench's 60 indicators wrote 38,404
 * runs (6,425 of them under a kilobyte), now 21,500. */
static void spill_pool(rt_samples_pool *p)
{
    size_t n = 0, cap = 0, k = 0, m = 0;
    rt_samples **v = NULL;
    for (rt_samples *q = p->head; q; q = q->next)
        if (!q->pins && !q->nospill) {
            rt_grow((void **)&v, &cap, n + 1, sizeof *v);
            v[n++] = q;
        }
    qsort(v, n, sizeof *v, by_cap_desc);
    size_t used = atomic_load(&mem_used);
    size_t want = used > limit() / 2 ? used - limit() / 2 : 0;
    if (want > p->bytes / 2)
        want = p->bytes / 2;
    for (size_t freed = 0; k < n && freed < want;)
        freed += v[k++]->cap * sizeof(rt_sample);
    rt_samples **w = rt_xcalloc(k + 1, sizeof *w); /* those with values */
    for (size_t i = 0; i < k; i++)
        if (v[i]->n) {
            if (!v[i]->lazy)
                rt_samples_sort(v[i]->buf, v[i]->n);
            w[m++] = v[i];
        }
    bool ok = write_runs(w, m);
    for (size_t i = 0; i < m; i++) {
        if (!ok) {
            w[i]->nospill = true; /* no room on disk: memory it is */
            continue;
        }
        w[i]->n = 0;
        if (w[i]->nruns >= MAX_RUNS)
            compact(w[i]);
    }
    for (size_t i = 0; i < k; i++)
        if (v[i]->n == 0)
            release_buf(v[i]);
    free(w);
    free(v);
}

/* The capacity a buffer grows to for need values (doubling from 8). */
static size_t grown(size_t cap, size_t need)
{
    size_t c = cap ? cap : 8;
    while (c < need)
        c *= 2;
    return c;
}

/* Room for extra more values in s's buffer. Why here and not per value:
 * the buffer grows by doubling, so the count of memory in use (and its
 * check against the budget) costs nothing per record. Past the budget,
 * the calling thread's pool goes to disk when it holds a fair part of
 * the memory (else another thread's will, at its next growth), or
 * failing a pool a big group alone; when nothing can be written the run
 * ends. */
static void grow_buf(rt_samples *s, size_t extra)
{
    size_t add = (grown(s->cap, s->n + extra) - s->cap) * sizeof *s->buf;
    if (s->n + extra > s->cap && atomic_load(&mem_used) + add > limit()) {
        rt_samples_pool *p = current_pool();
        if (s->nospill)
            over_limit();
        if (p && p->bytes >= limit() / POOL_SHARE) {
            spill_pool(p);
            if (atomic_load(&temp_errno))
                over_limit();
        } else if (s->n >= EARLY_MIN && !s->pins) {
            spill(s);
            if (s->nospill)
                over_limit();
            release_buf(s);
        }
    }
    if (s->n + extra <= s->cap)
        return;
    size_t old = s->cap;
    size_t cap = old ? old : 8;
    while (cap < s->n + extra)
        cap *= 2;
    s->buf =
        rt_huge_realloc(s->buf, old * sizeof *s->buf, cap * sizeof *s->buf);
    s->cap = cap;
    if (s->pool)
        s->pool->bytes += (s->cap - old) * sizeof *s->buf;
    else
        link_pool(s); /* counts the whole buffer in the pool */
    atomic_fetch_add(&mem_used, (s->cap - old) * sizeof *s->buf);
}

/* ---- values ---- */

rt_samples *rt_samples_new(size_t run)
{
    rt_samples *s = rt_xcalloc(1, sizeof *s);
    s->run = run ? run : 1;
    return s;
}

void rt_samples_unsorted(rt_samples *s)
{
    s->lazy = true;
}

void rt_samples_add(rt_samples **ps, double x, double w)
{
    if (!*ps)
        *ps = rt_samples_new(RT_SAMPLES_RUN);
    rt_samples *s = *ps;
    s->sorted = false;
    if (s->n == s->cap)
        grow_buf(s, 1);
    s->buf[s->n++] = (rt_sample){x, w};
    if (s->n >= s->run && !s->nospill && !s->pins)
        spill(s);
}

void rt_samples_prefetch_end(const rt_samples *s)
{
    if (s->n < s->cap)
        __builtin_prefetch(s->buf + s->n, 1);
}

/* s's buffer, listed in the calling thread's pool (it moves there with
 * its values). */
static void move_to_current_pool(rt_samples *s)
{
    if (!s->buf || s->pool == current_pool())
        return;
    unlink_pool(s);
    link_pool(s);
}

void rt_samples_merge(rt_samples **dst, rt_samples **src)
{
    rt_samples *s = *src;
    *src = NULL;
    if (!s)
        return;
    if (!*dst) {
        *dst = s;
        move_to_current_pool(s);
        return;
    }
    rt_samples *d = *dst;
    d->sorted = false;
    d->lazy = d->lazy && s->lazy;
    for (size_t i = 0; i < s->nruns; i++)
        push_run(d, s->runs[i]);
    s->nruns = 0;
    if (d->n == 0 && !d->pins) { /* take the buffer: no copy */
        release_buf(d);
        unlink_pool(s);
        d->buf = s->buf;
        d->n = s->n;
        d->cap = s->cap;
        s->buf = NULL;
        s->n = s->cap = 0;
        if (d->buf)
            link_pool(d);
    } else if (s->n) {
        grow_buf(d, s->n);
        memcpy(d->buf + d->n, s->buf, s->n * sizeof *s->buf);
        d->n += s->n;
    }
    d->nospill = d->nospill || s->nospill;
    rt_samples_free(s);
    if (d->n >= d->run && !d->nospill && !d->pins)
        spill(d);
    else if (d->nruns >= MAX_RUNS && !d->nospill)
        compact(d);
}

size_t rt_samples_count(const rt_samples *s)
{
    size_t n = s ? s->n : 0;
    for (size_t i = 0; s && i < s->nruns; i++)
        n += s->runs[i].n;
    return n + (s ? s->linked : 0);
}

/* In order, once: a buffer read by several readings (a group's and its
 * roll-ups', on several threads) is sorted before any of them. */
static void sort_buf(rt_samples *s)
{
    if (s->lazy) /* (an ordered reading sorts a copy) */
        return;
    if (!s->sorted)
        rt_samples_sort(s->buf, s->n);
    s->sorted = true;
}

void rt_samples_link(rt_samples **dst, rt_samples *src)
{
    if (!src || rt_samples_count(src) == 0)
        return;
    if (!*dst)
        *dst = rt_samples_new(RT_SAMPLES_RUN);
    rt_samples *d = *dst;
    sort_buf(src);
    for (size_t i = 0; i < src->nkids; i++)
        sort_buf(src->kids[i]);
    rt_grow((void **)&d->kids, &d->capkids, d->nkids + 1, sizeof *d->kids);
    d->kids[d->nkids++] = src;
    d->linked += rt_samples_count(src);
}

size_t rt_samples_runs(const rt_samples *s)
{
    return s ? s->nruns : 0;
}

void rt_samples_free(rt_samples *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nruns; i++)
        spool_release();
    free(s->runs);
    free(s->kids);
    release_buf(s);
    free(s);
}

/* ---- reading in no order ---- */

static void each_run(run_file r, rt_sample *chunk, rt_samples_fn *fn, void *ctx)
{
    long at = r.off;
    size_t bytes = r.n * sizeof *chunk;
    if (spool_map && r.fd == spool_map_fd &&
        (size_t)at + bytes <= spool_map_len) {
        fn(ctx, (const rt_sample *)(const void *)(spool_map + at), r.n);
        return;
    }
    for (size_t left = r.n; left > 0;) {
        size_t k = left < CHUNK ? left : CHUNK;
        if (pread(r.fd, chunk, k * sizeof *chunk, (off_t)at) !=
            (ssize_t)(k * sizeof *chunk))
            fatal_io("cannot read back");
        fn(ctx, chunk, k);
        at += (long)(k * sizeof *chunk);
        left -= k;
    }
}

static void each(rt_samples *s, rt_sample *chunk, rt_samples_fn *fn, void *ctx)
{
    if (s->n)
        fn(ctx, s->buf, s->n);
    for (size_t i = 0; i < s->nruns; i++)
        each_run(s->runs[i], chunk, fn, ctx);
    for (size_t i = 0; i < s->nkids; i++)
        each(s->kids[i], chunk, fn, ctx);
}

void rt_samples_each(rt_samples *s, rt_samples_fn *fn, void *ctx)
{
    if (!s)
        return;
    rt_sample *chunk = rt_xmalloc(CHUNK * sizeof *chunk);
    each(s, chunk, fn, ctx);
    free(chunk);
}

/* ---- reading in order ---- */

typedef struct source {
    int fd;          /* -1: an array */
    long off;        /* where its run starts in fd */
    size_t n, left;  /* values in all; not yet read from f */
    rt_sample *buf;  /* the array, or CHUNK values read from f */
    size_t pos, len; /* next in buf; values in buf */
    bool own_buf;
} source;

/* A source in the merge's heap, with its next value: comparisons read
 * the heap alone, not each source's buffer. */
typedef struct heap_entry {
    rt_sample v;
    size_t src;
} heap_entry;

struct rt_sorted {
    rt_samples *owner; /* pinned while read, or NULL */
    source *src;
    size_t nsrc;
    heap_entry *heap; /* sources with values left, least head first */
    size_t nheap;
    /* Its own sorted copies of unsorted values (own_buf sources), and
     * past a share of the budget their file: */
    size_t own_kept; /* values of the copies in memory */
    int own_fd;      /* -1: none yet */
    long own_end;
};

/* The next value of a source; false when it has none. */
static bool head(source *s, rt_sample *out)
{
    if (s->pos == s->len) {
        if (s->fd < 0 || s->left == 0)
            return false;
        size_t k = s->left < CHUNK ? s->left : CHUNK;
        long at = s->off + (long)((s->n - s->left) * sizeof *s->buf);
        size_t bytes = k * sizeof *s->buf;
        if (spool_map && s->fd == spool_map_fd &&
            (size_t)at + bytes <= spool_map_len) {
            memcpy(s->buf, spool_map + at, bytes);
        } else if (pread(s->fd, s->buf, bytes, (off_t)at) != (ssize_t)bytes) {
            fatal_io("cannot read back");
        }
        s->left -= k;
        s->pos = 0;
        s->len = k;
    }
    *out = s->buf[s->pos];
    return true;
}

static bool less(const heap_entry *a, const heap_entry *b)
{
    return cmp_sample(&a->v, &b->v) < 0;
}

/* Moves heap entry i down to its place (the entry held aside, children
 * moved up into the hole). */
static void sift_down(rt_sorted *it, size_t i)
{
    heap_entry *h = it->heap, e = h[i];
    size_t n = it->nheap;
    for (;;) {
        size_t m = 2 * i + 1;
        if (m >= n)
            break;
        if (m + 1 < n && less(&h[m + 1], &h[m]))
            m++;
        if (!less(&h[m], &e))
            break;
        h[i] = h[m];
        i = m;
    }
    h[i] = e;
}

void rt_sorted_rewind(rt_sorted *it)
{
    it->nheap = 0;
    for (size_t i = 0; i < it->nsrc; i++) {
        source *s = &it->src[i];
        if (s->fd >= 0) {
            s->left = s->n;
            s->pos = s->len = 0;
        } else {
            s->pos = 0;
        }
        rt_sample v;
        if (head(s, &v))
            it->heap[it->nheap++] = (heap_entry){v, i};
    }
    for (size_t i = it->nheap; i-- > 0;)
        sift_down(it, i);
}

/* Values of its own copies a reading keeps in memory: past them a copy
 * goes to a file of its own (up to 8 threads read at once). */
static size_t own_max(void)
{
    return limit() / 8 / sizeof(rt_sample);
}

/* n unsorted values (a, the reading's to keep or free) become a sorted
 * source of it: in memory, or written to its own temporary file as a
 * run when its copies in memory are past own_max (or memory it is, when
 * no file can be written). */
static void add_own(rt_sorted *it, rt_sample *a, size_t n)
{
    rt_samples_sort(a, n);
    if (it->own_kept + n > own_max() && it->own_fd < 0)
        it->own_fd = temp_file();
    if (it->own_kept + n > own_max() && it->own_fd >= 0) {
        size_t bytes = n * sizeof *a;
        if (write_at(it->own_fd, a, bytes, it->own_end)) {
            it->src[it->nsrc++] =
                (source){.fd = it->own_fd,
                         .off = it->own_end,
                         .n = n,
                         .buf = rt_xmalloc((n < CHUNK ? n : CHUNK) * sizeof *a),
                         .own_buf = true};
            it->own_end += (long)bytes;
            free(a);
            return;
        }
        temp_failed(errno);
    }
    it->own_kept += n;
    it->src[it->nsrc++] =
        (source){.fd = -1, .n = n, .buf = a, .len = n, .own_buf = true};
}

/* A run's values, read into memory (the caller's). */
static rt_sample *read_run(run_file r)
{
    rt_sample *a = rt_xmalloc((r.n ? r.n : 1) * sizeof *a);
    size_t bytes = r.n * sizeof *a;
    if (spool_map && r.fd == spool_map_fd &&
        (size_t)r.off + bytes <= spool_map_len)
        memcpy(a, spool_map + r.off, bytes);
    else if (pread(r.fd, a, bytes, (off_t)r.off) != (ssize_t)bytes)
        fatal_io("cannot read back");
    return a;
}

/* A reading of runs (sorted or not) and arrays (arrs[i] of lens[i]
 * values, in order when sorted[i]; NULL sorted: all are) merged in
 * order. Unsorted values are read through sorted copies of the
 * reading's own: they are shared (other readings, other threads). */
static rt_sorted *open_all(const run_file *runs, size_t nruns,
                           rt_sample *const *arrs, const size_t *lens,
                           const bool *sorted, size_t narrs)
{
    rt_sorted *it = rt_xcalloc(1, sizeof *it);
    it->own_fd = -1;
    it->src = rt_xcalloc(nruns + narrs + 1, sizeof *it->src);
    it->heap = rt_xcalloc(nruns + narrs + 1, sizeof *it->heap);
    for (size_t i = 0; i < nruns; i++) {
        if (!runs[i].sorted) {
            add_own(it, read_run(runs[i]), runs[i].n);
            continue;
        }
        it->src[it->nsrc++] =
            (source){.fd = runs[i].fd,
                     .off = runs[i].off,
                     .n = runs[i].n,
                     .buf = rt_xmalloc((runs[i].n < CHUNK ? runs[i].n : CHUNK) *
                                       sizeof(rt_sample)),
                     .own_buf = true};
    }
    for (size_t i = 0; i < narrs; i++) {
        if (lens[i] && sorted && !sorted[i]) {
            rt_sample *a = rt_xmalloc(lens[i] * sizeof *a);
            memcpy(a, arrs[i], lens[i] * sizeof *a);
            add_own(it, a, lens[i]);
            continue;
        }
        if (lens[i])
            it->src[it->nsrc++] = (source){
                .fd = -1, .n = lens[i], .buf = arrs[i], .len = lens[i]};
    }
    rt_sorted_rewind(it);
    return it;
}

static rt_sorted *open_sources(run_file *runs, size_t nruns, rt_sample *a,
                               size_t na)
{
    return open_all(runs, nruns, &a, &na, NULL, a ? 1 : 0);
}

/* The runs and the buffer of s and of its linked values (each buffer
 * sorted unless lazy). */
static void collect(rt_samples *s, run_file **runs, size_t *nruns, size_t *cap,
                    rt_sample ***arrs, size_t **lens, bool **sorted,
                    size_t *narrs, size_t *capa)
{
    for (size_t i = 0; i < s->nruns; i++) {
        rt_grow((void **)runs, cap, *nruns + 1, sizeof **runs);
        (*runs)[(*nruns)++] = s->runs[i];
    }
    if (s->n) {
        size_t c = *capa, c2 = *capa;
        rt_grow((void **)arrs, capa, *narrs + 1, sizeof **arrs);
        rt_grow((void **)lens, &c, *narrs + 1, sizeof **lens);
        rt_grow((void **)sorted, &c2, *narrs + 1, sizeof **sorted);
        (*arrs)[*narrs] = s->buf;
        (*sorted)[*narrs] = s->sorted;
        (*lens)[(*narrs)++] = s->n;
    }
    for (size_t i = 0; i < s->nkids; i++)
        collect(s->kids[i], runs, nruns, cap, arrs, lens, sorted, narrs, capa);
}

rt_sorted *rt_sorted_open(rt_samples *s)
{
    sort_buf(s);
    run_file *runs = NULL;
    rt_sample **arrs = NULL;
    size_t *lens = NULL, nruns = 0, cap = 0, narrs = 0, capa = 0;
    bool *sorted = NULL;
    collect(s, &runs, &nruns, &cap, &arrs, &lens, &sorted, &narrs, &capa);
    rt_sorted *it = open_all(runs, nruns, arrs, lens, sorted, narrs);
    free(runs);
    free(arrs);
    free(lens);
    free(sorted);
    it->owner = s;
    s->pins++;
    return it;
}

rt_sorted *rt_sorted_of_array(rt_sample *a, size_t n)
{
    rt_samples_sort(a, n);
    return open_sources(NULL, 0, a, n);
}

bool rt_sorted_next(rt_sorted *it, rt_sample *out)
{
    if (it->nheap == 0)
        return false;
    source *s = &it->src[it->heap[0].src];
    *out = it->heap[0].v;
    s->pos++;
    if (!head(s, &it->heap[0].v)) /* exhausted: the last one moves up */
        it->heap[0] = it->heap[--it->nheap];
    sift_down(it, 0);
    return true;
}

void rt_sorted_close(rt_sorted *it)
{
    if (!it)
        return;
    if (it->owner)
        it->owner->pins--;
    for (size_t i = 0; i < it->nsrc; i++)
        if (it->src[i].own_buf)
            free(it->src[i].buf);
    if (it->own_fd >= 0)
        close(it->own_fd);
    free(it->src);
    free(it->heap);
    free(it);
}
