/* worker.h — internal to the runtime: the state of one scanning thread
 * (its own groups and aggregate states, merged into the main worker after
 * each pass); the plan it reads is scanplan.h's. */
#ifndef SICALC_WORKER_H
#define SICALC_WORKER_H

#include <stdint.h>
#include <stdio.h>

#include "aggstate.h"
#include "csvin.h"
#include "dataerr.h"
#include "eval.h"
#include "hotcount.h"
#include "idmap.h"
#include "program.h"
#include "scanplan.h"
#include "trace.h"
#include "xalloc.h"

/* The groups of one grouping in one worker. Keys are the period's text
 * and the dimension values, so that workers can be merged by key. */
typedef struct rt_gtable {
    rt_groups *keys;
    int *period;         /* per group: its period (a group of grouping 0) */
    char **dims;         /* per group, ndims values (NULL = missing) */
    rt_aggstate *states; /* per group, nattached states */
    rt_hotcount *hot;    /* per group, the plan's nhot packed counters
                            (empty between scans: folded into states) */
    rt_idmap packed;     /* (period, ids) packed in 64 bits -> group, for
                            groupings of at most two dimensions */
    uint64_t *files;     /* per group, the data files whose rows are in it
                            (bit ds; files past 63 share bit 63) */
    size_t cap;          /* groups allocated */
    /* In front of packed, for groupings of one or two dimensions: a
     * table indexed by (period, ids) while they are small (-1: not
     * known yet; filled from packed as records come). */
    int32_t *dense;
    uint32_t dense_dim[3]; /* its extent in period, first and second id */
} rt_gtable;

/* Values of order statistics a worker holds back at most (a power of
 * two). */
#define RT_PENDING 16

/* Most threads a scan (and the work after it) runs on. */
#define RT_MAX_THREADS 8

/* Entries of a dimension's cache of recent values (a power of two):
 * more than the municipalities of a country. */
#define RT_RECENT 256
/* Entries of the cache of recent periods (a power of two). */
#define RT_RECENT_PERIODS 8

/* Recent values of one dimension: the table's own copy of each text (NULL:
 * empty entry), its length and its id. */
/* Entries of a dimension's cache of interned values by address. */
#define RT_RECENT_PTR 16

typedef struct rt_recent {
    const char *key[RT_RECENT];
    size_t len[RT_RECENT];
    uint32_t id[RT_RECENT];
    const char *ptr[RT_RECENT_PTR]; /* interned texts (allowed values) */
    uint32_t ptr_id[RT_RECENT_PTR];
} rt_recent;

/* Why the gaps: a worker's fields are written on every record, and a
 * worker lies beside what other threads read as often (the plan, in the
 * executor; the next job's worker): a line shared with them would go
 * back and forth between the cores (RT_CACHE_LINE: xalloc.h). */
typedef struct rt_worker {
    char gap_before[RT_CACHE_LINE];
    const rt_plan *plan;
    int pass;
    rt_gtable *g;                /* per grouping */
    rt_value *col_num, *col_str; /* the current record's columns */
    /* The unit of the packed counters' windows (hotcount.h), set by the
     * first weight, and per weight column (+1; 0: the weight 1) the
     * record's weight as their addend, for the record hotadd_row says. */
    int hot_lsb;
    bool hot_unit;
    struct rt_hotadd *hotadd;
    uint64_t *hotadd_row;
    struct rt_hotadd *prodadd; /* per column: weight * value likewise */
    uint64_t *prodadd_row;
    rt_value *run_num, *run_str; /* [RT_ROWS_MAX * ncols]: a run's
                                    records' columns (worker.c: on_rows) */
    uint32_t *run_dim;   /* [ncols * RT_ROWS_MAX]: and the value ids of its
                            scan_dims columns (scanplan.h) */
    uint64_t *run_tests; /* [RT_ROWS_MAX * filter words]: and the tests
                            its scan_masks columns decide */
    struct rt_recent *text_recent; /* per column: texts found valid, and
                                      their value ids in slot text_slot */
    int *text_slot;
    bool *bad_col; /* per column: --lenient made it missing here */
    bool row_bad;
    long row_band;  /* the record's band entry when it takes its scan's band,
                       else -1 (worker.c: banded) */
    int *row_group; /* per grouping: the current record's group, -1 */
    rt_groups **dimtab;       /* per dimension slot: its values, as small ids */
    uint32_t *dim_id;         /* per slot: the current record's value id */
    uint64_t *dim_row;        /* per slot: the record dim_id belongs to */
    struct rt_recent *recent; /* per slot: recent values and their ids */
    uint32_t **key_last;      /* per grouping: the last (period, ids) key */
    int *key_lastidx;         /* and its group, -1 at first */
    struct rt_recent_period { /* recent periods' texts and groups, */
        size_t len;           /* direct-mapped by a hash of the text */
        char text[32];
        int idx; /* -1: none */
    } period_last[RT_RECENT_PERIODS];
    int *per_main; /* per period: the main worker's index, -1 none,
                      -2 not looked up yet */
    size_t nper_main;
    const rt_feed **todo; /* the aggregates the record reaches, */
    void **feed;          /* and their states (packed counters for hot
                             feeds) */
    /* Values of order statistics waiting two records to be stored
     * (worker.c: defer_value), oldest first from pend_at. */
    struct rt_pending {
        struct rt_samples *sp;
        double x, w;
        uint64_t row;
    } pend[RT_PENDING];
    unsigned pend_at, npend;
    uint64_t *tests;  /* the record's results of the scan's filter tests */
    uint64_t *passed; /* and of its compiled wheres */
    rt_value *memo;   /* per let: its value in the current row */
    uint64_t *memo_row;
    rt_env env;
    int psu; /* the current record's PSU (design.h), -1: none */
    char *key;
    size_t keycap;
    /* the scan */
    int ds;
    rt_csv *csv;
    const rt_row *row;
    rt_data_error err;   /* the data error that stopped the scan */
    rt_trace *trace;     /* NULL, or the rows to record (a replay) */
    rt_data_error *warn; /* --lenient warnings of pass 1, kept until the
                            pass ends so that threads print in file order */
    size_t nwarn, capwarn;
    unsigned long long rows, bad;
    struct rt_samples_pool *pool; /* its order statistics' buffers, under
                                     the shared memory budget */
    struct rt_colspool *spool;    /* NULL, or where a first scan keeps the
                                     columns later passes read */
    char gap_after[RT_CACHE_LINE];
} rt_worker;

void rt_worker_init(rt_worker *w, const rt_plan *plan);
void rt_worker_free(rt_worker *w);
/* Scans one range of dataset ds's file with csv (the worker's own
 * handle); returns 0, -1 for a CSV error (rt_csv_take_error), or 1 for a
 * data error (w->err). With w->trace set the records are also recorded
 * (a separate record loop: the plain one carries no trace test). */
int rt_worker_scan(rt_worker *w, int ds, rt_csv *csv, const rt_csv_range *r,
                   size_t line_base);
/* The scan of one range of dataset ds's file in a later pass, from the
 * spool its first scan wrote (colspool.h) instead of the CSV: the same
 * groups, filters and feeding. Returns 0 (a spool holds only records the
 * first scan accepted, so there is no data error to find). */
int rt_worker_replay(rt_worker *w, int ds, rt_csv *csv,
                     struct rt_colspool *spool);
/* The group of the current record in grouping gi (creating it). */
int rt_worker_group_of(rt_worker *w, int gi);
/* The group of (period, values) in grouping gi — period a group of this
 * worker's grouping 0, values NULL where missing — created when new. */
int rt_worker_group_by_values(rt_worker *w, int gi, int period,
                              const char *const *vals);
/* The group of grouping gi that holds base group j of grouping base
 * (a roll-up: gi's dimensions are among base's), created when new. */
int rt_worker_rollup_group(rt_worker *w, int base, int j, int gi);
/* The period of that text (a group of grouping 0), created when new. */
int rt_worker_period(rt_worker *w, const char *name);
/* A text key for the per-key tables shared by threads: the period's
 * text and the values; in w's key buffer (its length returned). */
size_t rt_worker_text_key(rt_worker *w, const char *per,
                          const char *const *vals, int n);
/* Adds src's groups and states into dst (key by key); src is emptied. */
void rt_worker_merge(rt_worker *dst, rt_worker *src);
/* Releases every group and state (for reuse in the next pass). */
void rt_worker_clear(rt_worker *w);
int rt_worker_ngroups(const rt_worker *w, int gi);
rt_aggstate *rt_worker_state(const rt_worker *w, int agg, int gi, int group);

#endif
