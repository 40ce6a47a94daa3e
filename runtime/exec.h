/* exec.h — running a compiled program over one CSV file: one streaming
 * scan per pass, every aggregate of the pass sharing it, states kept per
 * group of each grouping. Ownership: rt_exec owns its groups and states;
 * rt_exec_free releases them. */
#ifndef SICALC_EXEC_H
#define SICALC_EXEC_H

#include <stdint.h>
#include <stdio.h>

#include "aggstate.h"
#include "csvin.h"
#include "dataerr.h"
#include "program.h"
#include "trace.h"

typedef struct rt_exec_opts {
    char decimal;        /* '.' or ',' */
    bool lenient;        /* a bad value counts as missing, with a warning */
    FILE *warn;          /* where warnings go */
    int max_warnings;    /* individual warnings printed before a summary */
    int threads;         /* scanning threads; 0: one per processor */
    size_t memory_limit; /* bytes of order-statistic values kept in
                            memory (rt_samples_set_limit); 0: default */
    bool as_written;     /* every aggregate as the program has it, not the
                            run's own form (rewrite.h): explain lists what
                            each one counted */
} rt_exec_opts;

typedef struct rt_exec rt_exec;

/* Binds the program's columns to the files' headers (csvs[i] is the file
 * of dataset i) and runs every pass: each pass scans each file that has
 * aggregates in it, all of them feeding one set of groups, so that a
 * numerator from one file and a denominator from another meet in the
 * group of the same period and breakdown values.
 * Returns 0, or 1 on a data error, set in *err (file, line, column and
 * value; free with rt_data_error_clear). *out is set in both cases; free
 * it with rt_exec_free. */
int rt_exec_run(const rt_program *p, rt_csv *const *csvs, const rt_exec_opts *o,
                rt_exec **out, rt_data_error *err);
/* Replays the scans of t's aggregates after a successful run, with the
 * run's own plan, conversion, groups and filters (the workers' recording
 * loop), and records the records of t's group they counted. Returns 0, or
 * 1 with *err set. Free t's recording with rt_trace_free. */
int rt_exec_trace(rt_exec *x, rt_trace *t, rt_data_error *err);
void rt_exec_free(rt_exec *x);

int rt_exec_ngroups(const rt_exec *x, int grouping);
/* The threads the run may use (--threads; one for standard errors). */
int rt_exec_threads(const rt_exec *x);
/* A group's period index (a group of grouping 0). */
int rt_exec_group_period(const rt_exec *x, int grouping, int group);
/* The group's value in dimension d of its grouping; NULL when missing.
 * Valid until rt_exec_free. */
const char *rt_exec_group_dim(const rt_exec *x, int grouping, int group, int d);
/* The period's text ("" when the program has no period). */
const char *rt_exec_period_name(const rt_exec *x, int period);
/* The state of aggregate agg in a group of grouping g. */
rt_aggstate *rt_exec_state(rt_exec *x, int agg, int g, int group);
/* The aggregate as the run computed it (its states' kind; rewrite.h). */
const rt_agg *rt_exec_agg(const rt_exec *x, int agg);
/* The bit of a data file in rt_exec_group_files. */
uint64_t rt_file_bit(int ds);
/* The data files whose rows fall in a group: an indicator shows only the
 * groups of the files it reads. */
uint64_t rt_exec_group_files(const rt_exec *x, int grouping, int group);
/* The overall values of a period (NULL before the first pass ends). */
const rt_value *rt_exec_overall(const rt_exec *x, int period);
/* Rows read, and values counted as missing under --lenient. */
unsigned long long rt_exec_rows(const rt_exec *x);
/* The PSUs of the files with a design (design.h), or NULL when no
 * indicator has a standard error. */
const struct rt_psutab *rt_exec_psus(const rt_exec *x);
unsigned long long rt_exec_bad_values(const rt_exec *x);

#endif
