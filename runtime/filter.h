/* filter.h — the `where`s of a scan's aggregates compiled, when each is a
 * conjunction of simple tests of columns against constants (the usual
 * case: `activity == "unemployed" and age in 15..64 and roma`). The
 * distinct tests of all of them are checked once per record into a bit
 * set, without building values or recursing; an aggregate's where then
 * holds when its tests' bits are all set. A test of a missing value is
 * not true, which is what the three-valued `and` and rt_eval_true give
 * together. Ownership: rt_filterset_free releases a set. */
#ifndef SICALC_FILTER_H
#define SICALC_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "eval.h"
#include "program.h"

typedef struct rt_filterset rt_filterset;

rt_filterset *rt_filterset_new(void);
/* Adds a where; its id, or -1 when it is not such a conjunction (then
 * rt_eval_true it is). */
int rt_filterset_add(rt_filterset *s, const rt_expr *where);
/* Called once every where is added: the set is then read-only (shared
 * by the scanning threads). */
void rt_filterset_finish(rt_filterset *s);
/* 64-bit words of a record's test results, and of its filter results. */
int rt_filterset_words(const rt_filterset *s);
int rt_filterset_pass_words(const rt_filterset *s);
/* Checks every test against the record in env into tests, then every
 * where into passed (bit id: exactly rt_eval_true(where of id, env)). */
void rt_filterset_eval(const rt_filterset *s, const rt_env *env,
                       uint64_t *tests, uint64_t *passed);

static inline bool rt_filter_passed(const uint64_t *passed, int id)
{
    return passed[id >> 6] >> (id & 63) & 1;
}

void rt_filterset_free(rt_filterset *s);

#endif
