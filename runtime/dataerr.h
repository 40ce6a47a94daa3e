/* dataerr.h — a data error (or a --lenient warning) as a value: the file,
 * line, column and value it is about and what is wrong with it, made by
 * the CSV reader, the conversion and the scan, printed in one format. */
#ifndef SICALC_DATAERR_H
#define SICALC_DATAERR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Every string is owned (heap); rt_data_error_clear releases them. */
typedef struct rt_data_error {
    char *path;   /* the data file; NULL: not about one file */
    size_t line;  /* its physical line; 0: the file as a whole */
    char *column; /* the column's name, or NULL */
    int field;    /* the column's 1-based field in the file */
    char *value;  /* the value's first RT_DATA_ERROR_VALUE_MAX bytes, or NULL */
    size_t value_len; /* the whole value's length in bytes */
    char *message;    /* what is wrong */
} rt_data_error;

/* How much of a value a message shows: a 10 MB bad field must not give
 * a 10 MB message. A longer value is cut there (at a character start)
 * and followed by "… (N bytes)". */
#define RT_DATA_ERROR_VALUE_MAX 200

/* Fills e (cleared first); column and value may be NULL. The value is
 * kept raw (cut as above); it is escaped when the text is composed. */
void rt_data_error_set(rt_data_error *e, const char *path, size_t line,
                       const char *column, int field, const char *value,
                       const char *message);
/* Moves src into dst (src left empty). */
void rt_data_error_move(rt_data_error *dst, rt_data_error *src);
void rt_data_error_clear(rt_data_error *e);
/* Whether e holds an error. */
bool rt_data_error_isset(const rt_data_error *e);

/* The one text of a data message (heap): "path:line: SEVERITY: column
 * 'c' (field N): 'value' message", the parts that are absent left out;
 * every control character (C0, DEL, C1) and every byte that is not UTF-8
 * is written \xNN (C1 as \u0080..\u009F), so data cannot drive the
 * terminal through a message;
 * severity NULL leaves it out too (the reader's own "path:line: message"
 * form); without a path it reads "sicalc: SEVERITY: message". */
char *rt_data_error_text(const rt_data_error *e, const char *severity);
/* Prints e as an error line on f: how every command reports bad data. */
void rt_data_error_print(FILE *f, const rt_data_error *e);

#endif
