/* filter.h — the `where`s of a scan's aggregates, each decided once per
 * record whatever the number of aggregates that have it. A where that is
 * a conjunction of simple tests of columns against constants (the usual
 * case: `activity == "unemployed" and age in 15..64 and roma`) is
 * compiled: the distinct tests of all of them are checked once per
 * record into a bit set, without building values or recursing, and the
 * where holds when its tests' bits are all set. A test of a missing
 * value is not true, which is what the three-valued `and` and
 * rt_eval_true give together. Any other where (`or`, arithmetic,
 * overall values) is evaluated by rt_eval_true, once per record. Equal
 * wheres (the same tests, or the same expression) are one where.
 * Ownership: rt_filterset_free releases a set. */
#ifndef SICALC_FILTER_H
#define SICALC_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "eval.h"
#include "program.h"

typedef struct rt_filterset rt_filterset;

rt_filterset *rt_filterset_new(void);
/* Adds a where; its id (an equal where's id when one was added), or -1
 * for NULL (every record). */
int rt_filterset_add(rt_filterset *s, const rt_expr *where);
/* Whether where id was compiled into tests (else rt_eval_true decides
 * it). */
bool rt_filterset_compiled(const rt_filterset *s, int id);
/* Called once every where is added: the set is then read-only (shared
 * by the scanning threads). cols (the program's columns, or NULL) lets
 * the tests of an int column with a small declared range be one table
 * lookup. */
void rt_filterset_finish(rt_filterset *s, const rt_column *cols);
/* The wheres added (distinct ones: ids are 0 .. count - 1). */
int rt_filterset_count(const rt_filterset *s);
/* 64-bit words of a record's test results, and of its filter results. */
int rt_filterset_words(const rt_filterset *s);
int rt_filterset_pass_words(const rt_filterset *s);
/* Checks every test against the record in env into tests, then every
 * where into passed (bit id: exactly rt_eval_true(where of id, env); env
 * is not const: the evaluator remembers lets in it). pre: NULL, or the
 * record's tests of the preclassed columns (rt_filterset_preclassed),
 * decided already. */
void rt_filterset_eval(const rt_filterset *s, rt_env *env, uint64_t *tests,
                       uint64_t *passed, const uint64_t *pre);

/* Only the active wheres (ids below n, rt_filterset_set_active; all when
 * unset) into passed, in rt_filterset_active_words words: the other
 * wheres' bits are left as they were. */
void rt_filterset_eval_active(const rt_filterset *s, rt_env *env,
                              uint64_t *tests, uint64_t *passed,
                              const uint64_t *pre);

/* After rt_filterset_finish. Why: a column loop that converts column col
 * knows which of n values each record has (an allowed text by its index,
 * a boolean by its value) and can decide the column's tests for a whole
 * run, a lookup a record. masks[v * words ..]: the tests that hold for
 * the record whose column col is nums[v] (as a number) and strs[v] (as
 * text), as far as col's value classes decide them. False when no class
 * reads col, or some class needs more than the value (text that is not
 * interned, compared by content). */
bool rt_filterset_class_masks(const rt_filterset *s, int col, int n,
                              const rt_value *nums, const rt_value *strs,
                              uint64_t *masks);
/* The classes of the columns marked in cols are decided by the caller
 * (pre of the evaluations, from rt_filterset_class_masks); a NULL pre
 * still decides them all. */
void rt_filterset_preclassed(rt_filterset *s, const bool *cols);
/* Before rt_filterset_finish: the wheres below n are the active ones. */
void rt_filterset_set_active(rt_filterset *s, int n);
int rt_filterset_active_words(const rt_filterset *s);
/* Before rt_filterset_finish: where i becomes where newid[i] (a
 * permutation of the ids). */
void rt_filterset_order(rt_filterset *s, const int *newid);

static inline bool rt_filter_passed(const uint64_t *passed, int id)
{
    return passed[id >> 6] >> (id & 63) & 1;
}

/* How many tests are decided by their column's value class (one lookup
 * for all the tests of a column): for the tests, which must reach both
 * ways of deciding. */
int rt_filterset_classed(const rt_filterset *s);
/* How many tests, and wheres that are not conjunctions, are decided by
 * a table of their column's values (for the tests, likewise). */
int rt_filterset_tabled(const rt_filterset *s);

void rt_filterset_free(rt_filterset *s);

/* ---- a where's parts, for band.c ---- */

/* A test of number column slot that holds for values in [lo, hi]
 * (outside it, with neg); a missing value fails it either way. */
typedef struct rt_interval {
    int slot;
    double lo, hi;
    bool neg;
} rt_interval;

/* Where id's tests (sorted, distinct) and their number, or -1 when the
 * where is not a conjunction of tests. */
int rt_filterset_tests(const rt_filterset *s, int id, const int **tests);
/* Whether test t is an interval test (out set); before or after
 * rt_filterset_finish. */
bool rt_filterset_test_interval(const rt_filterset *s, int t, rt_interval *out);
/* The where that is the conjunction of tests[0 .. n) (n > 0): an equal
 * where's id, else a new one. Before rt_filterset_finish. */
int rt_filterset_add_tests(rt_filterset *s, const int *tests, int n);
/* Whether column col's values can index a table: an int column whose
 * declared range has whole ends and at most 1024 values. */
bool rt_filterset_tabled_column(const rt_column *col);

/* The entry of v in a table of the n whole numbers from lo, or -1 when
 * v is not one of them. */
static inline long rt_value_entry(double lo, long n, rt_value v)
{
    double d = v.num - lo;
    if (v.tag != RT_NUM || !(d >= 0 && d < (double)n))
        return -1;
    long e = (long)d;
    return (double)e == d ? e : -1;
}

#endif
