/* trace.c — the storage of a scan's recording (trace.h); the recording
 * itself is the worker's separate record loop. */
#include "trace.h"

#include <stdlib.h>

#include "arena.h"

/* Why a copy: the reader's field texts live only during its callback. */
void rt_trace_keep(rt_trace_agg *ta, size_t max_rows, size_t line, double x,
                   double w, const char *const *fields, const int *field_of)
{
    if (ta->nrows >= max_rows)
        return;
    rt_grow((void **)&ta->rows, &ta->cap, ta->nrows + 1, sizeof *ta->rows);
    size_t n = 0;
    while (ta->show[n] >= 0)
        n++;
    rt_trace_row *r = &ta->rows[ta->nrows++];
    r->line = line;
    r->x = x;
    r->w = w;
    r->fields = rt_xcalloc(n + 1, sizeof *r->fields);
    for (size_t i = 0; i < n; i++) {
        const char *f = fields[field_of[ta->show[i]]];
        r->fields[i] = *f ? rt_xstrdup(f) : NULL;
    }
}

/* Why: the request is the caller's, the rows the recording's. */
void rt_trace_free(rt_trace *t)
{
    for (int i = 0; i < t->naggs; i++) {
        rt_trace_agg *ta = &t->aggs[i];
        for (size_t r = 0; r < ta->nrows; r++) {
            for (size_t k = 0; ta->show[k] >= 0; k++)
                free(ta->rows[r].fields[k]);
            free(ta->rows[r].fields);
        }
        free(ta->rows);
        ta->rows = NULL;
        ta->nrows = ta->cap = 0;
    }
}
