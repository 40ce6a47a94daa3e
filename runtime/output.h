/* output.h — the result table and its writers (CSV contract, aligned
 * table, JSON, Markdown).
 * Ownership: the writer only reads the table. */
#ifndef SICALC_OUTPUT_H
#define SICALC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "labels.h"

typedef enum { RT_FMT_CSV, RT_FMT_TABLE, RT_FMT_JSON, RT_FMT_MD } rt_format;

/* Why the fields are in this order: the words first, then the 4-byte
 * fields, then the flags, so that a row has no holes (192 bytes, not
 * 216; a run can make millions of rows). */
typedef struct rt_outrow {
    const char *indicator;
    /* ndims data values; NULL where the dimension is a total or unknown */
    const char *const *dims;
    /* (has_numerator ... below: false prints empty) */
    double numerator, denominator, value;
    const char *unit;   /* e.g. "percent", "per 1000", "RSD" */
    const char *status; /* threshold band, or "" */
    unsigned long long n;
    const char *flags;      /* ";"-separated, or "" */
    double ci_low, ci_high; /* the confidence interval, scaled (has_ci) */
    /* Bit sets over the dimensions, RT_DIMSET_WORDS(ndims) words each
     * (NULL: no bit set): bit d of total when dimension d is not broken
     * down, of unknown when its value was missing. Only the writers turn
     * them into the markers "_T" and "_U" (rt_dim_text). */
    const uint64_t *total, *unknown;
    const char *title, *title_sr; /* the indicator's; NULL: none */
    const double *extra; /* rt_result's nextra extra columns (NaN: empty),
                            or NULL (all empty) */
    /* A catalogue's hierarchy (cmd/focus.h): the row's geographic level
     * (NULL: none), how many units of the lowest level its unit has and
     * how many of them the data cover (n_members 0: not known), and the
     * source of a published reference value (NULL: a computed row). */
    const char *level;
    const char *source;
    /* The design-based standard error, scaled like the value, and
     * se / |value| (a fraction); has_se below. */
    double se, cv;
    const char *source_area; /* a reference row: its area as the file names
                                it (the country's own name); NULL */
    unsigned n_members, n_present; /* (with level, above) */
    unsigned rank; /* an index's or area's rank, 1 = best; 0: none */
    int decimals;  /* places of the rounded value (rt_round_decimal) */
    bool has_numerator, has_denominator, has_value, has_ci, has_se;
    bool has_decimals; /* false: the readable default of table and md */
} rt_outrow;

/* (The layout's point, where pointers are 8 bytes.) */
_Static_assert(sizeof(void *) != 8 || sizeof(rt_outrow) == 192,
               "rt_outrow has holes again");

#define RT_DIMSET_WORDS(ndims) (((size_t)(ndims) + 63) / 64)

/* The text dimension d of a row shows in every format, in two parts so
 * that nothing is copied: escape is one backslash or "", text the rest. A total
 * shows "_T", an unknown "_U"; a data value that reads as a marker
 * (backslashes, then "_T" or "_U") gets one more backslash in front, so
 * the value _T shows as \_T and never merges with the total. */
typedef struct rt_dimtext {
    const char *escape, *text;
} rt_dimtext;

/* How the writers show a table beyond the codes (NULL in rt_result: the
 * defaults, all false and English). */
typedef struct rt_outopts {
    bool labels; /* title and unit_label columns in every format */
    rt_lang lang;
    bool round; /* CSV and JSON values rounded to an indicator's decimals */
    bool excel; /* CSV for a spreadsheet: UTF-8 BOM, ';', decimal comma,
                   CRLF, rounded values, labels, formula prefixes
                   neutralised (docs/ROBUSTNESS.md) */
    /* The label of value of dimension dim in lang, or NULL for none: the
     * hook a codelist fills (cmd/focus.h), used with labels; NULL:
     * dimension values show as codes. */
    const char *(*dim_label)(void *ctx, const char *dim, const char *value,
                             rt_lang lang);
    void *dim_label_ctx;
} rt_outopts;

typedef struct rt_result {
    int ndims;
    const char *const *dim_names; /* the period column first, if any */
    size_t nrows;
    rt_outrow *rows;        /* its own (in the arena of whoever made it): the
                               steps after rt_finish (--only, --wide, composites)
                               edit them in place; writers only read them */
    bool has_ci;            /* ci_low and ci_high columns after value */
    bool has_rank;          /* a rank column after flags (the catalogue has an
                               index, runtime/index.h) */
    const rt_outopts *opts; /* NULL: the defaults */
    /* Numeric columns after value (and the interval): change, change_pct
     * (runtime/change.h); in the wide layout the periods. */
    int nextra;
    const char *const *extra_names;
    bool wide;      /* only indicator, dimensions, unit and the extra columns */
    bool has_level; /* a level column after the dimensions */
    bool has_members; /* n_members and n_present in JSON */
    bool has_source;  /* a source column (reference values) */
    bool headed;      /* table and Markdown: a table per indicator under its
                         title, id and unit (--focus) */
    bool has_se;      /* se and cv columns after value, before the interval */
    int threads;      /* the CSV writer's (--threads); 0: one */
} rt_result;

/* Whether dimension d of r is a total (not broken down), an unknown (the
 * data had no value): what "_T" and "_U" say, asked without strings. */
bool rt_dim_is_total(const rt_outrow *r, int d);
bool rt_dim_is_unknown(const rt_outrow *r, int d);
/* See rt_dimtext: for the writers and for labels in diff and explain. */
rt_dimtext rt_dim_text(const rt_outrow *r, int d);
/* Whether dimension d of r shows as text: how a group named on a command
 * line or in a test (_T, \_T, F) picks rows. */
bool rt_dim_shows(const rt_outrow *r, int d, const char *text);

/* Parses "csv", "table", "json", "md"; false when unknown. */
bool rt_format_parse(const char *name, rt_format *out);
/* Writes the table; returns 0, or -1 on a write error (errno set).
 * Columns: indicator, the dimensions, numerator, denominator, value, unit,
 * status, n, flags. A missing or non-finite number is empty (null in
 * JSON). CSV and JSON numbers are exact (rt_fmt_number). The table and
 * Markdown are for reading: value is rounded to at most 2 decimals when
 * |value| >= 1 ("12.5", "402153") and to 4 significant digits below 1
 * ("0.1235"), or to the indicator's `decimals` (rt_round_decimal);
 * numerator, denominator and n stay exact and, with value,
 * are right-aligned. The table and Markdown end with a title column when
 * some row has a title; --labels (opts) adds title and unit_label to
 * every format, in opts->lang. Widths count UTF-8 code points; a control
 * character in a cell shows as a space, and Markdown escapes '|' as "\|". */
int rt_write(FILE *out, const rt_result *r, rt_format fmt);
/* Writes the table to the file path names through rt_write_file
 * (fileio.h: atomic, through links, keeping the file's mode and owner).
 * Returns 0 or -1 (errno set). */
int rt_write_file_atomic(const char *path, const rt_result *r, rt_format fmt);

#endif
