/* samples.c — order-statistic values: in memory, then sorted runs in
 * temporary files, read back through a k-way merge. */
#include "samples.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"

/* Runs of one group before they are merged into one (open files). */
#define MAX_RUNS 64
/* Values read from a run file at a time: 64 KB. */
#define CHUNK 4096

typedef struct run_file {
    FILE *f;
    size_t n;
} run_file;

struct rt_samples {
    rt_sample *buf; /* unsorted, in memory */
    size_t n, cap;
    run_file *runs; /* each sorted, in its own file */
    size_t nruns, capruns;
    size_t run;     /* values in memory before a run is written */
    bool nospill;   /* a temporary file failed: everything stays in memory */
    bool has_value; /* value is a statistic of exactly these values */
    double value;
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
static uint64_t order_key(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return (b >> 63) ? ~b : b | (1ull << 63);
}

/* Below this, sorting by comparison is cheaper than radix passes. */
#define RADIX_MIN 4096

void rt_samples_sort(rt_sample *s, size_t n)
{
    if (n < RADIX_MIN) {
        qsort(s, n, sizeof *s, cmp_sample);
        return;
    }
    rt_sample *tmp = rt_xmalloc(n * sizeof *s);
    size_t *count = rt_xmalloc(65536 * sizeof *count);
    rt_sample *from = s, *to = tmp;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(order_key(from[i].x) >> shift) & 0xffff]++;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(order_key(from[i].x) >> shift) & 0xffff]++] = from[i];
        rt_sample *t = from;
        from = to;
        to = t;
    }
    /* Four passes: the sorted data is back in s. */
    free(tmp);
    free(count);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && s[j].x == s[i].x; j++)
            ;
        if (j - i > 1)
            qsort(s + i, j - i, sizeof *s, cmp_sample);
    }
}

/* ---- runs ---- */

static void fatal_io(const char *what)
{
    fprintf(stderr, "sicalc: error: %s a temporary file: %s\n", what,
            strerror(errno));
    exit(1);
}

/* An unlinked file in $TMPDIR (or /tmp): gone when closed, or when the
 * process ends however it ends. NULL when none can be made. */
static FILE *temp_file(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/sicalc-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    unlink(path);
    FILE *f = fdopen(fd, "w+b");
    if (!f)
        close(fd);
    return f;
}

static void push_run(rt_samples *s, run_file r)
{
    rt_grow((void **)&s->runs, &s->capruns, s->nruns + 1, sizeof *s->runs);
    s->runs[s->nruns++] = r;
}

/* Writes n sorted values (from an array or a reading) as a new run;
 * false, with nothing kept, when the file cannot be made or written. */
static bool write_run(rt_samples *s, const rt_sample *a, rt_sorted *it,
                      size_t n)
{
    FILE *f = temp_file();
    if (!f)
        return false;
    bool ok = true;
    if (a) {
        ok = fwrite(a, sizeof *a, n, f) == n;
    } else {
        rt_sample v;
        while (ok && rt_sorted_next(it, &v))
            ok = fwrite(&v, sizeof v, 1, f) == 1;
    }
    if (!ok || fflush(f) != 0) {
        fclose(f);
        return false;
    }
    push_run(s, (run_file){f, n});
    return true;
}

static rt_sorted *open_sources(run_file *runs, size_t nruns, rt_sample *a,
                               size_t na);

/* Too many runs: merged into one (bounds the open files). */
static void compact(rt_samples *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nruns; i++)
        n += s->runs[i].n;
    run_file *old = s->runs;
    size_t nold = s->nruns;
    s->runs = NULL;
    s->nruns = s->capruns = 0;
    rt_sorted *it = open_sources(old, nold, NULL, 0);
    bool ok = write_run(s, NULL, it, n);
    rt_sorted_close(it);
    if (!ok) { /* keep the old runs */
        free(s->runs);
        s->runs = old;
        s->nruns = s->capruns = nold;
        s->nospill = true;
        return;
    }
    for (size_t i = 0; i < nold; i++)
        fclose(old[i].f);
    free(old);
}

/* The in-memory values become a sorted run (memory is reused). */
static void spill(rt_samples *s)
{
    rt_samples_sort(s->buf, s->n);
    if (!write_run(s, s->buf, NULL, s->n)) {
        s->nospill = true; /* no room on disk: memory it is */
        return;
    }
    s->n = 0;
    if (s->nruns >= MAX_RUNS)
        compact(s);
}

/* ---- values ---- */

rt_samples *rt_samples_new(size_t run)
{
    rt_samples *s = rt_xcalloc(1, sizeof *s);
    s->run = run ? run : 1;
    return s;
}

void rt_samples_add(rt_samples **ps, double x, double w)
{
    if (!*ps)
        *ps = rt_samples_new(RT_SAMPLES_RUN);
    rt_samples *s = *ps;
    s->has_value = false;
    rt_grow((void **)&s->buf, &s->cap, s->n + 1, sizeof *s->buf);
    s->buf[s->n++] = (rt_sample){x, w};
    if (s->n >= s->run && !s->nospill)
        spill(s);
}

void rt_samples_merge(rt_samples **dst, rt_samples **src)
{
    rt_samples *s = *src;
    *src = NULL;
    if (!s)
        return;
    if (!*dst) {
        *dst = s;
        return;
    }
    rt_samples *d = *dst;
    d->has_value = false;
    for (size_t i = 0; i < s->nruns; i++)
        push_run(d, s->runs[i]);
    s->nruns = 0;
    if (d->n == 0) { /* take the buffer: no copy */
        free(d->buf);
        d->buf = s->buf;
        d->n = s->n;
        d->cap = s->cap;
        s->buf = NULL;
        s->n = s->cap = 0;
    } else if (s->n) {
        rt_grow((void **)&d->buf, &d->cap, d->n + s->n, sizeof *d->buf);
        memcpy(d->buf + d->n, s->buf, s->n * sizeof *s->buf);
        d->n += s->n;
    }
    d->nospill = d->nospill || s->nospill;
    rt_samples_free(s);
    if (d->n >= d->run && !d->nospill)
        spill(d);
    else if (d->nruns >= MAX_RUNS && !d->nospill)
        compact(d);
}

size_t rt_samples_count(const rt_samples *s)
{
    size_t n = s ? s->n : 0;
    for (size_t i = 0; s && i < s->nruns; i++)
        n += s->runs[i].n;
    return n;
}

bool rt_samples_cached(const rt_samples *s, double *v)
{
    if (s && s->has_value)
        *v = s->value;
    return s && s->has_value;
}

void rt_samples_cache(rt_samples *s, double v)
{
    s->value = v;
    s->has_value = true;
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
        fclose(s->runs[i].f);
    free(s->runs);
    free(s->buf);
    free(s);
}

/* ---- reading in order ---- */

typedef struct source {
    FILE *f;         /* NULL: an array */
    size_t n, left;  /* values in all; not yet read from f */
    rt_sample *buf;  /* the array, or CHUNK values read from f */
    size_t pos, len; /* next in buf; values in buf */
    bool own_buf;
} source;

struct rt_sorted {
    source *src;
    size_t nsrc;
    size_t *heap; /* sources with values left, least head first */
    size_t nheap;
};

/* The next value of a source; false when it has none. */
static bool head(source *s, rt_sample *out)
{
    if (s->pos == s->len) {
        if (!s->f || s->left == 0)
            return false;
        size_t k = s->left < CHUNK ? s->left : CHUNK;
        if (fread(s->buf, sizeof *s->buf, k, s->f) != k)
            fatal_io("cannot read back");
        s->left -= k;
        s->pos = 0;
        s->len = k;
    }
    *out = s->buf[s->pos];
    return true;
}

static bool less(const rt_sorted *it, size_t a, size_t b)
{
    const source *sa = &it->src[a], *sb = &it->src[b];
    return cmp_sample(&sa->buf[sa->pos], &sb->buf[sb->pos]) < 0;
}

static void sift_down(rt_sorted *it, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < it->nheap && less(it, it->heap[l], it->heap[m]))
            m = l;
        if (r < it->nheap && less(it, it->heap[r], it->heap[m]))
            m = r;
        if (m == i)
            return;
        size_t t = it->heap[i];
        it->heap[i] = it->heap[m];
        it->heap[m] = t;
        i = m;
    }
}

void rt_sorted_rewind(rt_sorted *it)
{
    it->nheap = 0;
    for (size_t i = 0; i < it->nsrc; i++) {
        source *s = &it->src[i];
        if (s->f) {
            if (fseek(s->f, 0, SEEK_SET) != 0)
                fatal_io("cannot rewind");
            s->left = s->n;
            s->pos = s->len = 0;
        } else {
            s->pos = 0;
        }
        rt_sample v;
        if (head(s, &v))
            it->heap[it->nheap++] = i;
    }
    for (size_t i = it->nheap; i-- > 0;)
        sift_down(it, i);
}

static rt_sorted *open_sources(run_file *runs, size_t nruns, rt_sample *a,
                               size_t na)
{
    rt_sorted *it = rt_xcalloc(1, sizeof *it);
    it->src = rt_xcalloc(nruns + 1, sizeof *it->src);
    it->heap = rt_xcalloc(nruns + 1, sizeof *it->heap);
    for (size_t i = 0; i < nruns; i++)
        it->src[it->nsrc++] =
            (source){.f = runs[i].f,
                     .n = runs[i].n,
                     .buf = rt_xmalloc(CHUNK * sizeof(rt_sample)),
                     .own_buf = true};
    if (na)
        it->src[it->nsrc++] = (source){.n = na, .buf = a, .len = na};
    rt_sorted_rewind(it);
    return it;
}

rt_sorted *rt_sorted_open(rt_samples *s)
{
    rt_samples_sort(s->buf, s->n);
    return open_sources(s->runs, s->nruns, s->buf, s->n);
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
    source *s = &it->src[it->heap[0]];
    *out = s->buf[s->pos++];
    rt_sample v;
    if (!head(s, &v)) /* exhausted: the last source takes its place */
        it->heap[0] = it->heap[--it->nheap];
    sift_down(it, 0);
    return true;
}

void rt_sorted_close(rt_sorted *it)
{
    if (!it)
        return;
    for (size_t i = 0; i < it->nsrc; i++)
        if (it->src[i].own_buf)
            free(it->src[i].buf);
    free(it->src);
    free(it->heap);
    free(it);
}
