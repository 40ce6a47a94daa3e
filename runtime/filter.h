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
 * is not const: the evaluator remembers lets in it). */
void rt_filterset_eval(const rt_filterset *s, rt_env *env, uint64_t *tests,
                       uint64_t *passed);

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

#endif
