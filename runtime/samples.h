/* samples.h — the values (and weights) behind an order statistic
 * (median, quantile, gini, qsr) of one group. They stay in memory up to
 * RT_SAMPLES_RUN values; past that each full buffer is sorted and
 * written as a run (unsorted: rt_samples_unsorted) to an unlinked
 * temporary file, so memory stays
 * bounded whatever the size of the data. They are read back as one
 * sorted stream, merging the runs: the order is the same total order as
 * sorting everything at once (by x, ties by w), so every statistic, and
 * every output byte, is the same as without runs.
 * Ownership: an rt_samples owns its buffer and its runs' files; merging
 * moves them; rt_samples_free releases them. */
#ifndef SICALC_SAMPLES_H
#define SICALC_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rt_sample {
    double x, w;
} rt_sample;

/* Values kept in memory per group before a run is written: 4 MB. */
#define RT_SAMPLES_RUN ((size_t)1 << 18)

typedef struct rt_samples rt_samples;

/* Empty values that write a run every run values (tests use small runs;
 * rt_samples_add creates with RT_SAMPLES_RUN). */
rt_samples *rt_samples_new(size_t run);
/* Values read mostly in no order (sums below a line, a quantile of
 * many values by selection): their runs are written unsorted and their
 * buffer is never sorted in place; a reading in order then reads sorted
 * copies of its own (in memory, past an eighth of the budget in a file
 * of its own). Set before any value is added. */
void rt_samples_unsorted(rt_samples *s);
/* Adds (x, w) to *ps, creating it when NULL. */
void rt_samples_add(rt_samples **ps, double x, double w);
/* Asks for the memory the next value added to s goes to (a hint: the
 * caller adds it a little later). */
void rt_samples_prefetch_end(const rt_samples *s);
/* Moves *src's values into *dst (creating it when NULL); *src becomes
 * NULL. */
void rt_samples_merge(rt_samples **dst, rt_samples **src);
size_t rt_samples_count(const rt_samples *s);
/* Makes src's values part of *dst's (creating it when NULL) without
 * copying them: a roll-up's group reads its base groups' runs and
 * buffers. src must outlive *dst and get no more values; it is sorted
 * now, so that readings on several threads only read it. */
void rt_samples_link(rt_samples **dst, rt_samples *src);
/* Runs written to files so far (for tests). */
size_t rt_samples_runs(const rt_samples *s);
void rt_samples_free(rt_samples *s);

/* The memory limit on the values kept in memory by all groups together
 * (--memory-limit). Past it a group's values are written as a run at
 * once; when no temporary file can be written the run ends with a
 * message and exit status 1, instead of being killed for want of memory.
 * Set it before a run's threads start. The default: 32 MiB, or half of the
 * physical memory when that is less. */
size_t rt_samples_default_limit(void);
void rt_samples_set_limit(size_t bytes);
/* Bytes of values in memory now (for tests). */
size_t rt_samples_memory(void);
/* "512M", "2G", "1GiB", "64k", "1000000" (bytes; units of 1024) into
 * *bytes; false for anything else or 0. */
bool rt_samples_parse_size(const char *text, size_t *bytes);
/* The size as "1 GiB", "512 MiB", "1000 bytes" into buf. */
void rt_samples_format_size(size_t bytes, char *buf, size_t n);

/* The memory budget is shared by every order statistic of a thread: its
 * buffers are listed in the thread's pool, and past the budget the whole
 * pool is written out as sorted runs (to one shared spool file), however
 * small each buffer. A worker binds its pool to its thread before it
 * adds or merges values; values added with no pool bound spill group by
 * group. A pool is freed after its values are freed or merged away. */
typedef struct rt_samples_pool rt_samples_pool;
rt_samples_pool *rt_samples_pool_new(void);
void rt_samples_pool_free(rt_samples_pool *p);
/* Binds p (NULL: none) to the calling thread. */
void rt_samples_use_pool(rt_samples_pool *p);
/* Bytes of the pool's buffers (for tests). */
size_t rt_samples_pool_bytes(const rt_samples_pool *p);

/* Maps the runs' file for reading, and unmaps it: between the two no
 * value may be added or merged (a pass's statistics are computed). */
void rt_samples_map_runs(void);
void rt_samples_unmap_runs(void);

/* Sorts by x (LSD radix, 16-bit digits), ties by w. */
void rt_samples_sort(rt_sample *s, size_t n);
/* The order of x as an unsigned key: a < b exactly when key(a) < key(b)
 * (-0 before +0, which compare equal as doubles). */
uint64_t rt_samples_key(double x);

/* Calls fn with s's values a stretch at a time — its buffer, its runs
 * and its linked values' — in no particular order, for what does not
 * need the order (sums below a threshold, a selection's histograms):
 * one read instead of a merge of the runs. No value may be added or
 * merged meanwhile (as between map and unmap). */
typedef void rt_samples_fn(void *ctx, const rt_sample *v, size_t n);
void rt_samples_each(rt_samples *s, rt_samples_fn *fn, void *ctx);

/* A reading of values in sorted order; may be rewound. */
typedef struct rt_sorted rt_sorted;
/* Over s (its in-memory values are sorted in place). */
rt_sorted *rt_sorted_open(rt_samples *s);
/* Over an array (sorted in place). */
rt_sorted *rt_sorted_of_array(rt_sample *a, size_t n);
bool rt_sorted_next(rt_sorted *it, rt_sample *out);
void rt_sorted_rewind(rt_sorted *it);
void rt_sorted_close(rt_sorted *it);

#endif
