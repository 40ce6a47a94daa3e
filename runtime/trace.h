/* trace.h — a recording, taken by the real scan (rt_exec_trace), of the
 * records of one group that reached chosen aggregates and what each one
 * added: `explain` lists exactly what the run counted. */
#ifndef SICALC_TRACE_H
#define SICALC_TRACE_H

#include <stddef.h>

/* One record that an aggregate counted. */
typedef struct rt_trace_row {
    size_t line;   /* physical line where the record starts */
    double x;      /* the value it added (a condition as 0 or 1) */
    double w;      /* its weight (1 unweighted) */
    char **fields; /* [per shown column]: its text as read, NULL if empty */
} rt_trace_row;

/* One aggregate of the request: `agg` and `show` are the caller's, the
 * rest the recording. */
typedef struct rt_trace_agg {
    int agg;         /* the aggregate */
    const int *show; /* program columns whose text rows keep, -1 ended */
    unsigned long long in_group; /* records of the group in its scan */
    unsigned long long counted;  /* of those, the ones it counted */
    unsigned long long skipped;  /* reached, but value or weight missing */
    rt_trace_row *rows;          /* the first max_rows counted */
    size_t nrows, cap;
} rt_trace_agg;

/* The group asked for and its aggregates. The group is named by its
 * texts, as the run's groups are (rt_exec_group_dim). */
typedef struct rt_trace {
    int grouping;            /* the group's grouping */
    const char *period;      /* its period's text ("" without a period) */
    const char *const *dims; /* its value per dimension, NULL missing */
    size_t max_rows;         /* rows kept per aggregate */
    rt_trace_agg *aggs;
    int naggs;
} rt_trace;

/* Keeps a counted record of ta if under max_rows: the text of each shown
 * column c, fields[field_of[c]], is copied. */
void rt_trace_keep(rt_trace_agg *ta, size_t max_rows, size_t line, double x,
                   double w, const char *const *fields, const int *field_of);
/* Releases what the recording allocated (not aggs itself). */
void rt_trace_free(rt_trace *t);

#endif
