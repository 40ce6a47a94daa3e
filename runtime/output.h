/* output.h — the result table and its writers (CSV contract, aligned
 * table, JSON, Markdown).
 * Ownership: the writer only reads the table. */
#ifndef SICALC_OUTPUT_H
#define SICALC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { RT_FMT_CSV, RT_FMT_TABLE, RT_FMT_JSON, RT_FMT_MD } rt_format;

typedef struct rt_outrow {
    const char *indicator;
    const char *const *dims; /* ndims values; "_T" where not broken down */
    double numerator, denominator, value;
    bool has_numerator, has_denominator, has_value; /* false prints empty */
    const char *unit;   /* e.g. "percent", "per 1000", "RSD" */
    const char *status; /* threshold band, or "" */
    unsigned long long n;
    const char *flags;      /* ";"-separated, or "" */
    double ci_low, ci_high; /* the confidence interval, scaled */
    bool has_ci;
} rt_outrow;

typedef struct rt_result {
    int ndims;
    const char *const *dim_names; /* the period column first, if any */
    size_t nrows;
    const rt_outrow *rows;
    bool has_ci; /* ci_low and ci_high columns after value */
} rt_result;

/* Parses "csv", "table", "json", "md"; false when unknown. */
bool rt_format_parse(const char *name, rt_format *out);
/* Writes the table; returns 0, or -1 on a write error (errno set).
 * Columns: indicator, the dimensions, numerator, denominator, value, unit,
 * status, n, flags. A missing or non-finite number is empty (null in
 * JSON). CSV and JSON numbers are exact (rt_fmt_number). The table and
 * Markdown are for reading: value is rounded to at most 2 decimals when
 * |value| >= 1 ("12.5", "402153") and to 4 significant digits below 1
 * ("0.1235"); numerator, denominator and n stay exact and, with value,
 * are right-aligned. Widths count UTF-8 code points; a control character
 * in a cell shows as a space, and Markdown escapes '|' as "\|". */
int rt_write(FILE *out, const rt_result *r, rt_format fmt);
/* Writes the table to the file path names through rt_write_file
 * (fileio.h: atomic, through links, keeping the file's mode and owner).
 * Returns 0 or -1 (errno set). */
int rt_write_file_atomic(const char *path, const rt_result *r, rt_format fmt);

#endif
