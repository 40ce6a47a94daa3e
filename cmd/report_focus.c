/* report_focus.c — which units a profile compares: the focus, the units
 * above it (its district, its region), the total of all the data, and
 * the other units of its level (the peers). The hierarchy is the
 * catalogue's (`hierarchy`, `codelist`: compiler/geo.h), asked through
 * the run's own entry point (cmd/focus.h: focus_apply has kept the
 * focus's rows, its parents', the total's and its peers'; focus_find
 * names the unit and its parents). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"
#include "focus.h"
#include "report_int.h"

static int dim_of(const rt_result *res, const char *name)
{
    for (int d = 0; d < res->ndims; d++)
        if (strcmp(res->dim_names[d], name) == 0)
            return d;
    return -1;
}

static void add_unit(report *r, const char *name, int dim, const char *level,
                     rep_role role)
{
    r->units =
        rt_xrealloc(r->units, (size_t)(r->nunits + 1) * sizeof *r->units);
    r->units[r->nunits++] =
        (rep_unit){.name = name, .dim = dim, .level = level, .role = role};
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The codes of the rows at level (focus_apply's row->level), each once,
 * sorted (heap array of borrowed strings). */
static const char **codes_at(const rt_result *res, const char *level, int d,
                             int *n)
{
    const char **v = rt_xcalloc(res->nrows + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; d >= 0 && i < res->nrows; i++) {
        const rt_outrow *row = &res->rows[i];
        if (row->source || !row->level || strcmp(row->level, level) != 0 ||
            rt_dim_is_total(row, d))
            continue;
        bool seen = false;
        for (int k = 0; k < *n && !seen; k++)
            seen = strcmp(v[k], row->dims[d]) == 0;
        if (!seen)
            v[(*n)++] = row->dims[d];
    }
    qsort(v, (size_t)*n, sizeof *v, cmp_str);
    return v;
}

bool report_one_top(const rt_result *res, const geo_model *g)
{
    int d = g ? dim_of(res, g->levels[0]) : -1;
    const char *first = NULL;
    for (size_t i = 0; d >= 0 && i < res->nrows; i++) {
        const rt_outrow *row = &res->rows[i];
        if (row->source || rt_dim_is_total(row, d) || rt_dim_is_unknown(row, d))
            continue;
        if (first && strcmp(first, row->dims[d]) != 0)
            return false;
        first = row->dims[d];
    }
    return first != NULL;
}

int report_focus(report *r, const geo_model *g)
{
    const rt_result *res = r->res;
    focus_unit u,
        *parents = rt_xcalloc((size_t)g->nlevels + 1, sizeof *parents);
    int np = 0;
    int rc =
        focus_find(g, res, r->has_period, r->arena, r->focus, &u, parents, &np);
    if (rc) {
        free(parents);
        return rc;
    }
    const char *level = g->levels[u.level];
    int dim = dim_of(res, level);
    r->focus = u.code;
    add_unit(r, u.code, dim, level, ROLE_FOCUS);
    for (int i = 0; i < np; i++) {
        const char *pl = g->levels[parents[i].level];
        if (dim_of(res, pl) >= 0)
            add_unit(r, parents[i].code, dim_of(res, pl), pl, ROLE_PARENT);
    }
    free(parents);
    if (!r->one_top)
        add_unit(r, NULL, -1, "total", ROLE_COUNTRY);
    int n = 0;
    const char **v = codes_at(res, level, dim, &n);
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], r->focus) != 0)
            add_unit(r, v[i], dim, level, ROLE_PEER);
    free(v);
    return 0;
}
