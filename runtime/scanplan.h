/* scanplan.h — internal to the runtime: the plan every scanning thread
 * reads and nobody writes during a pass (columns bound to fields, state
 * slots, compiled filters, column contracts), built by rt_plan_build. */
#ifndef SICALC_SCANPLAN_H
#define SICALC_SCANPLAN_H

#include <stdint.h>

#include "csvin.h"
#include "dataerr.h"
#include "group.h"
#include "program.h"
#include "value.h"

/* Slots of the allowed-value hash (a power of two). */
#define RT_ALLOWED_HASH 64

/* A cheap hash of short text: length and the first and last bytes. */
static inline unsigned rt_allowed_hash(const char *s, size_t len)
{
    unsigned h = (unsigned)len * 7u;
    if (len)
        h += (unsigned char)s[0] * 3u + (unsigned char)s[len - 1];
    return h & (RT_ALLOWED_HASH - 1);
}

/* The bit of data file ds in a group's file set (files past 63 share bit
 * 63): an indicator shows only the groups of the files it reads. */
static inline uint64_t rt_plan_file_bit(int ds)
{
    return 1ull << (ds < 63 ? ds : 63);
}

/* Shortcuts for the usual values of the usual columns; anything else
 * (and every error) takes the general conversion. */
typedef enum {
    RT_FAST_NONE,
    RT_FAST_TEXT,   /* text with allowed values: the interned one */
    RT_FAST_BOOL,   /* boolean: 0 or 1 */
    RT_FAST_NUMBER, /* int or number, no allowed list: a plain number */
    RT_FAST_PLAIN,  /* text without a contract: valid UTF-8 */
} rt_fastconv;

/* How a record updates one aggregate's state: the usual kinds (a count,
 * a sum of a column, weighted by a column or not) read their inputs
 * straight from the record; the others go through the evaluator. */
typedef enum {
    RT_FEED_ANY,   /* rt_aggstate_add after evaluating value and weight */
    RT_FEED_COUNT, /* count(), weight wslot (-1: 1) */
    RT_FEED_SUM,   /* sum(column xslot), weight wslot (-1: 1) */
    RT_FEED_VALUE, /* an order statistic of column xslot: the value kept */
} rt_feedop;

/* One aggregate a scan feeds, with what its update needs. */
typedef struct rt_feed {
    int agg;
    int base;  /* its base grouping: the state rows update */
    int local; /* its state's slot in a group of base */
    rt_feedop op;
    int xslot, wslot; /* RT_FEED_SUM's column, the weight column; -1 */
    int hot;          /* RT_FEED_COUNT: its packed counter's slot in a
                         group of base (hotcount.h); else -1 */
    bool unsorted;    /* RT_FEED_VALUE: values read in no order by every
                         reader (rt_samples_unsorted) */
    int hsum;         /* RT_FEED_SUM: its two packed counters' first slot
                         in a group of base (rt_hotsum_add), read by the
                         ranges layout only; else -1 */
    int band;         /* RT_FEED_COUNT: its where's index in the scan's
                         band (countband.h), whose counters it is; else -1 */
    int hval;         /* RT_FEED_VALUE: two packed counters' first slot in a
                         group of base, read by the ranges layout only: the
                         rows and weight it counts, then its group's value
                         buffer's address (the state's, cached) and the
                         rows skipped for a missing value; else -1 */
    int rows_local;   /* RT_FEED_SUM: the state slot of the count whose
                         rows are this sum's (rt_plan: rows_of); -1 */
    bool by_sum;      /* RT_FEED_COUNT: its rows come from a sum's
                         counters, so the ranges layout does not feed it */
    int part_where;   /* RT_FEED_VALUE: the where of the feed that keeps
                         this one's values of the records that pass it
                         (rt_plan: part); -1 */
} rt_feed;

/* The aggregates of one scan by where: a record that passes where f
 * feeds feed[first[f] .. first[f + 1]); those without a where are
 * feed[0 .. first[0]). */
typedef struct rt_feedplan {
    rt_feed *feed;
    int *first; /* [nfilters + 1] */
    int nfilters;
    /* Why a second layout: when every packed counter of the scan is in
     * one base grouping and has one weight (the usual case), a where's
     * counters are consecutive slots of a group's, so a record adds its
     * weight to each range without a list of feeds. Key 0 is no where,
     * key f + 1 where f: counters hot_at[key] .. hot_at[key + 1], the
     * other feeds cold[cold_at[key] .. cold_at[key + 1]). hot_base -1:
     * no such layout (every record takes feed and first). */
    int hot_base, hot_wslot;
    int *hot_at, *cold_at; /* [nfilters + 2] */
    rt_feed *cold;
    int *hsum_at;   /* [nfilters + 2]: the sums with packed counters, */
    rt_feed *hsums; /* hsums[hsum_at[key] .. hsum_at[key + 1]) */
    int *hval_at;   /* [nfilters + 2]: the order statistics with packed */
    rt_feed *hvals; /* counters, hvals[hval_at[key] .. hval_at[key + 1]) */
    uint64_t *rich; /* [words of wheres]: those with sums, order statistics
                       or cold feeds (the others have ranges only) */
    /* The scan's banded counts (countband.h; NULL: none) in the same base
     * grouping and weight: counters band_at .. of a group's, and each
     * banded where's state slot. */
    const struct rt_countband *band;
    int band_base, band_at;
    int prefetch_bytes; /* the first bytes of a group's counters a record
                           asks for once its group is known (12 lines at
                           most: worker.c prefetch_row) */
    int active_words;   /* words of the wheres the ranges layout reads (a
                           band's records decide only those) */
    int *band_local;    /* [band->nwheres] */
} rt_feedplan;

/* A column's contract, prepared once for the per-record check. */
typedef struct rt_colconv {
    size_t *allowed_len; /* [nallowed]: byte lengths */
    double *allowed_num; /* [nallowed]: as numbers, for numeric values */
    bool *allowed_isnum; /* [nallowed]: the text is a number */
    bool *allowed_utf8;  /* [nallowed]: the text is valid UTF-8 */
    /* Text to the allowed value it can only be, by rt_allowed_hash: 1 +
     * its index, 0 none; unusable (hashed false) when two collide. */
    unsigned char by_hash[RT_ALLOWED_HASH];
    bool hashed;
    rt_fastconv fast; /* the shortcut its usual values take */
} rt_colconv;

/* What all workers read and nobody writes during a pass. */
typedef struct rt_plan {
    const rt_program *p;
    char decimal;     /* '.' or ',' */
    bool lenient;     /* a bad value counts as missing, with a warning */
    bool no_bands;    /* counts are not banded (countband.h): a witness */
    bool no_rows_of;  /* no count takes a sum's rows (rows_of): a witness */
    int max_warnings; /* --lenient warnings kept before a summary */
    int **ds_cols;    /* [ds]: its columns, -1 ended */
    /* the current scan (set by rt_plan_scan before it starts): */
    int *scan_cols;      /* columns converted, -1 ended: all the file's in its
                            first scan (the contract is checked once), then
                            only those the pass reads */
    int *scan_groupings; /* groupings whose groups records create, -1 ended */
    int *scan_dims;      /* per column: the dimension slot whose value is its
                            text as it stands (a text column with no
                            contract), for a run to convert to value ids
                            (worker.c convert_run_dims); -1 none */
    int *scan_dim_cols;  /* those columns, -1 ended */

    /* Per column: NULL, or the scan's tests its values decide
     * (rt_filterset_class_masks), by value: [0] missing, [1 + what its
     * shortcut returns] (worker.c convert_run_as), scan_words words each
     * (0: no column has masks). */
    uint64_t **scan_masks;
    int scan_words;
    int *field;      /* program column -> field of its file */
    int *nattached;  /* per grouping: states per group */
    int **local;     /* [agg][i]: its state slot in agg->groupings[i] */
    int **agg_cols;  /* [agg]: the columns it reads, -1 ended */
    int *base_slot;  /* [agg]: the index of its base in agg->groupings */
    int *base_local; /* [agg]: its state slot in its base grouping */
    int *nhot;       /* per grouping: packed counters per group */
    int **hot_local; /* [grouping][h]: the state counter h folds into;
                        -1: a band's (folded by its wheres) */
    struct rt_countband **band; /* [pass * ndatasets + ds]: its banded counts */
    struct rt_filterset **fset; /* [pass * ndatasets + ds]: the scan's
                                   compiled wheres */
    int *band_of;               /* [agg]: its index in its scan's band; -1 */
    int *fid;                   /* [agg]: its where in its scan's set; -1:
                                   none (every record) */
    int filter_words;           /* most words of a set's test or where
                                   results */
    rt_colconv *conv;           /* [column] */
    bool *fed;       /* [grouping]: some aggregate's base, or reached by
                        no roll-up: rows create its groups */
    int *share;      /* [agg]: the order statistic over the same value,
                        weight, where and groups whose values it reads, or -1
                        (its own); one that shares is not fed (rt_aggstate_share
                        fills it after the pass) */
    bool *unsorted;  /* [agg]: its values are read in no order by every
                        reader (arpr's and shares' sums below a line,
                        arpt's period median by selection) */
    int *rows_of;    /* [agg]: the sum whose rows count a counts (a is
                        count(where x is not missing and c), the sum
                        sum(x where c)), -1 (scanplan.c plan_rows_of) */
    int *part;       /* [agg]: the aggregate that keeps a's values of the
                        records that pass its where, linked into a's after
                        the pass (scanplan.c plan_parts); -1 */
    int **pass_aggs; /* [pass * ndatasets + ds]: aggregates that scan feeds */
    rt_feedplan *feeds; /* [pass * ndatasets + ds]: the same, by where */
    int *npass_aggs;
    rt_value *overall;      /* [period * noveralls + slot], by main periods */
    int noverall_periods;   /* periods with overall values */
    rt_groups **per_keys;   /* [peragg]: frozen keys of its grouping */
    rt_value **per_vals;    /* [peragg][group of per_keys] */
    rt_groups *periods;     /* frozen copy of the main worker's periods */
    struct rt_psutab *psus; /* the PSUs of files with a design, when some
                               indicator has a standard error (the scan
                               is then one thread: design.h); else NULL */
} rt_plan;

/* Builds the plan of p over the files csvs (csvs[i] the file of dataset
 * i), binding every column to its header field. Returns 0, or 1 when a
 * column is missing from its header (err says which). pl is
 * freed by rt_plan_free in both cases. */
int rt_plan_build(rt_plan *pl, const rt_program *p, rt_csv *const *csvs,
                  rt_data_error *err);
void rt_plan_free(rt_plan *pl);

/* Whether the scan of file ds in pass is the file's first (it converts
 * every column, checking the whole contract once). */
bool rt_plan_first_scan(const rt_plan *pl, int pass, int ds);
/* Sets the groupings and columns of the scan of file ds in pass: a
 * file's first scan converts all its columns and creates the groups of
 * every breakdown; later scans only what the pass reads, and the groups
 * of breakdowns computable only from then on. */
void rt_plan_scan(rt_plan *pl, int pass, int ds, bool first);
/* The columns the scans of file ds after pass convert (-1 ended, the
 * file's order; the caller frees it), or NULL when no later pass scans
 * the file: what a first scan's spool keeps (colspool.h). Resets the
 * current scan: call rt_plan_scan after it. */
int *rt_plan_later_cols(rt_plan *pl, int pass, int ds);
/* Whether the scan of file ds in pass feeds any aggregate. */
bool rt_plan_has_scan(const rt_plan *pl, int pass, int ds);

#endif
