/* csvin.h — streaming CSV reader on libcsv.
 * RFC 4180 with a header row; UTF-8 with an optional leading BOM; LF or
 * CRLF; quoted fields may hold delimiters and newlines; the delimiter is
 * detected from the header line (`,` `;` or tab) unless given. Empty lines
 * are skipped. Blanks (space, tab) around unquoted fields are dropped
 * (libcsv's rule; a tab delimiter is never a blank); quoted fields are kept
 * as written. Header names are trimmed of blanks even when quoted; an empty
 * or repeated name is an error. Every problem is a data error (path,
 * line, message; rt_csv_take_error), also as "path:line: message" in
 * rt_csv_error(), where line is the physical line on which the record
 * starts. */
#ifndef SICALC_CSVIN_H
#define SICALC_CSVIN_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "dataerr.h"

typedef struct rt_csv rt_csv;

typedef struct rt_csv_opts {
    char delimiter;   /* 0: detect from the header line */
    bool libcsv_only; /* no fast path for plain lines (tests compare the
                         two) */
} rt_csv_opts;

/* One record. Fields are NUL-terminated and valid only during the
 * callback; fields whose column was not wanted are "" with len 0. A
 * non-empty field has RT_FIELD_SLACK readable bytes past its end, so a
 * short one can be loaded as a machine word (rt_parse_field_number). */
#define RT_FIELD_SLACK 8
typedef struct rt_row {
    size_t line; /* physical line where the record starts (1-based) */
    int nfields; /* always equal to rt_csv_ncols() (ragged rows are errors) */
    const char *const *field;
    const size_t *len;
} rt_row;

/* Return 0 to go on, non-zero to stop the scan (rt_csv_scan returns it). */
typedef int (*rt_row_fn)(void *ctx, const rt_row *row);

/* Most records in a run (rt_csv_scan_rows). */
#define RT_ROWS_MAX 64
/* A run of consecutive records, each a plain line (no quote), valid
 * during the callback: record i's field f is field[i * ncols + f] (len
 * likewise), as an rt_row's (NUL-terminated, RT_FIELD_SLACK readable
 * bytes past a non-empty one, "" when not wanted); line[i] its line. */
typedef struct rt_rows {
    int n;
    int ncols;
    const char *const *field;
    const size_t *len;
    const size_t *line;
} rt_rows;
typedef int (*rt_rows_fn)(void *ctx, const rt_rows *rows);

/* Opens path and reads its header. NULL when the file cannot be opened or
 * its header is bad; then *errmsg (heap string, caller frees) says why,
 * naming the file. The file is opened once: every scan reads that
 * descriptor, whatever happens to the path meanwhile. "-" is standard
 * input (named "(standard input)" in messages). A stream (pipe, FIFO,
 * socket, terminal, standard input) is copied once to a private unlinked
 * temporary file in $TMPDIR (or /tmp), since scans read it more than
 * once; a folder or a device (/dev/zero) is refused. */
rt_csv *rt_csv_open(const char *path, const rt_csv_opts *opts, char **errmsg);
/* As rt_csv_open, the reason as a value (err, cleared first). */
rt_csv *rt_csv_open_err(const char *path, const rt_csv_opts *opts,
                        rt_data_error *err);
void rt_csv_close(rt_csv *c);
/* Another reader of c's file (a descriptor of the same open file, its
 * own position and buffers), for a thread of a parallel scan; NULL with
 * err set when no descriptor is left. */
rt_csv *rt_csv_dup(const rt_csv *c, rt_data_error *err);
/* Whether the file still has the size and modification time it had when
 * opened; false with err set ("changed while it was being read (size A
 * → B); run again when it is complete") otherwise. A copy of a stream
 * never changes. */
bool rt_csv_unchanged(const rt_csv *c, rt_data_error *err);
/* Whether the path now names another file than the one being read
 * (replaced, e.g. by `mv new.csv data.csv`, during the run): 1, or 2
 * when it names none (removed); 0 when it is the same file. */
int rt_csv_replaced(const rt_csv *c);
/* The file's size in bytes when opened (of the copy, for a stream). */
long long rt_csv_size(const rt_csv *c);

const char *rt_csv_path(const rt_csv *c);
int rt_csv_ncols(const rt_csv *c);
const char *rt_csv_colname(const rt_csv *c, int i);
int rt_csv_find(const rt_csv *c, const char *name); /* -1 when absent */
char rt_csv_delimiter(const rt_csv *c);

/* Streams every data record (from the start, so it may be called again
 * for another pass) to fn. wanted[i] false skips copying column i (may be
 * NULL: all). Returns 0 when the whole file was read, -1 on a CSV error
 * (message in rt_csv_error), or fn's non-zero result. */
int rt_csv_scan(rt_csv *c, const bool *wanted, rt_row_fn fn, void *ctx);
/* A byte range of the file for a parallel scan: [start, end), end -1 for
 * the end of the file; the range starting at 0 holds the header. */
typedef struct rt_csv_range {
    long start, end;
} rt_csv_range;

/* Cuts the file into at most n ranges (writes out[0..k), returns k), each
 * starting at the beginning of a physical line. A cut inside a quoted
 * field spanning lines is detected afterwards: see rt_csv_clean_end. */
int rt_csv_split(rt_csv *c, int n, rt_csv_range *out);
/* As rt_csv_scan over one range; line_base is the line number of the
 * range's first line, or 0: numbered from the range's start, the lines
 * before it counted only when a message needs them (rt_csv_line_shift;
 * rows' line fields stay relative). */
int rt_csv_scan_range(rt_csv *c, const rt_csv_range *r, size_t line_base,
                      const bool *wanted, rt_row_fn fn, void *ctx);
/* As rt_csv_scan_range, with runs of plain records given to rows_fn
 * (NULL: none) and the others to fn, all in file order. */
int rt_csv_scan_rows(rt_csv *c, const rt_csv_range *r, size_t line_base,
                     const bool *wanted, rt_row_fn fn, rt_rows_fn rows_fn,
                     void *ctx);
/* A range whose end another thread may move earlier while it is read
 * (a parallel scan's work stealing, exec.c): the reader claims each
 * block under the lock, and a thief cuts only past the claimed bytes.
 * The thief's cut is a line start, checked afterwards as rt_csv_split's
 * are (rt_csv_clean_end). */
typedef struct rt_csv_fence {
    pthread_mutex_t mu;
    long end;     /* the range's end; -1: the end of the file */
    long claimed; /* the bytes before this are read, or being read */
    long size;    /* the file's size (a range to the end: its end) */
    bool done;    /* the reader has stopped */
} rt_csv_fence;

/* The fence of c's next scan (NULL: none); the scan's range end is then
 * the fence's when the scan ends. */
void rt_csv_set_fence(rt_csv *c, rt_csv_fence *f);
/* The start of the first physical line after byte off - 1 (off itself
 * when a line starts there), -1 when none; reads with c's buffer, so
 * not during c's scan. */
long rt_csv_line_start(rt_csv *c, long off);
/* Whether the last scan ended between records (so the next range starts
 * with a record, and the split was sound). */
bool rt_csv_clean_end(const rt_csv *c);
/* What to add to a row's line for the file's own line number: the lines
 * before the range of a scan with line_base 0 (counted once, on first
 * use), else 0. */
size_t rt_csv_line_shift(rt_csv *c);
/* The last error, "path:line: message"; "" when none. */
const char *rt_csv_error(const rt_csv *c);
/* The last error as a value (unset when none), for the caller to move. */
rt_data_error *rt_csv_take_error(rt_csv *c);
/* Records read by the last complete scan. */
size_t rt_csv_rows(const rt_csv *c);

#endif
