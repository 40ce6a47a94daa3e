/* report_focus.c — which units a profile compares: the focus, the units
 * above it (its district, its region), the total of all the data, and
 * the other units of its level (the peers).
 *
 * Until the catalogue can declare a hierarchy, the levels are the
 * dimensions named municipality < district < region, and a unit's
 * parents are read from the first data file that has its level's column
 * and the parents' columns (the row of the focus names its district and
 * region). This file is the one place to change when hierarchies are
 * declared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"
#include "report_int.h"
#include "suggest.h"

static const char *const levels[] = {"municipality", "district", "region"};
#define NLEVELS 3

static int dim_of(const rt_result *res, const char *name)
{
    for (int d = 0; d < res->ndims; d++)
        if (strcmp(res->dim_names[d], name) == 0)
            return d;
    return -1;
}

/* The row's one dimension that is neither the period nor a total, or -1
 * when all are totals, -2 when several (or an unknown) are not. */
static int only_dim(const rt_result *res, const rt_outrow *row, int first)
{
    int found = -1;
    for (int d = first; d < res->ndims; d++) {
        if (rt_dim_is_total(row, d))
            continue;
        if (found >= 0 || rt_dim_is_unknown(row, d))
            return -2;
        found = d;
    }
    return found;
}

typedef struct parents {
    int col[NLEVELS]; /* per level, its column in the file; -1 */
    int level;        /* the focus's */
    const char *focus;
    char *found[NLEVELS];
    rt_arena *arena;
} parents;

static int parent_row(void *ctx, const rt_row *row)
{
    parents *p = ctx;
    if (strcmp(row->field[p->col[p->level]], p->focus) != 0)
        return 0;
    for (int k = p->level + 1; k < NLEVELS; k++)
        if (p->col[k] >= 0 && *row->field[p->col[k]])
            p->found[k] = rt_arena_strdup(p->arena, row->field[p->col[k]]);
    return 1;
}

/* The focus's parents from the first file whose header has the focus's
 * level and a parent level. */
static void read_parents(runner_data *in, rt_arena *a, int level,
                         const char *focus, char *found[NLEVELS])
{
    for (int i = 0; i < in->n; i++) {
        parents p = {.level = level, .focus = focus, .arena = a};
        bool any = false;
        for (int k = 0; k < NLEVELS; k++) {
            p.col[k] = rt_csv_find(in->csvs[i], levels[k]);
            any = any || (k > level && p.col[k] >= 0);
        }
        if (p.col[level] < 0 || !any)
            continue;
        if (rt_csv_scan(in->csvs[i], NULL, parent_row, &p) == 1) {
            memcpy(found, p.found, sizeof p.found);
            return;
        }
    }
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

/* Every value of dimension d on rows where it is the only one broken
 * down (heap array of borrowed strings, sorted). */
static const char **values_of(const rt_result *res, int d, int first, int *n)
{
    const char **v = rt_xcalloc(res->nrows + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < res->nrows; i++) {
        const rt_outrow *row = &res->rows[i];
        if (only_dim(res, row, first) != d)
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

/* Whether the highest level in the results has one unit only (one
 * region): then the total of the data is that unit, shown once. */
static bool one_top_unit(const rt_result *res, int first)
{
    for (int k = NLEVELS - 1; k >= 0; k--) {
        int d = dim_of(res, levels[k]), n = 0;
        if (d < 0)
            continue;
        free(values_of(res, d, first, &n));
        return n == 1;
    }
    return false;
}

static int unknown_focus(const report *r, const rt_result *res, int first)
{
    const char **all = rt_xcalloc(1, sizeof *all);
    int nall = 0;
    for (int k = 0; k < NLEVELS; k++) {
        int d = dim_of(res, levels[k]), n = 0;
        if (d < 0)
            continue;
        const char **v = values_of(res, d, first, &n);
        all = rt_xrealloc(all, (size_t)(nall + n + 1) * sizeof *all);
        memcpy(all + nall, v, (size_t)n * sizeof *v);
        nall += n;
        free(v);
    }
    const char *best = suggest_best(r->focus, all, nall);
    fprintf(stderr, "sicalc: error: --focus: no unit '%s' in the results",
            r->focus);
    if (best)
        fprintf(stderr, "; did you mean '%s'?", best);
    fputc('\n', stderr);
    free(all);
    return 2;
}

int report_focus(report *r, const rt_result *res, runner_data *in)
{
    int first = r->has_period ? 1 : 0; /* the period names no unit */
    int level = -1, dim = -1;
    for (int k = 0; k < NLEVELS && level < 0; k++) {
        int d = dim_of(res, levels[k]), n = 0;
        if (d < 0)
            continue;
        const char **v = values_of(res, d, first, &n);
        for (int i = 0; i < n && level < 0; i++)
            if (strcmp(v[i], r->focus) == 0) {
                level = k;
                dim = d;
                r->focus = v[i];
            }
        free(v);
    }
    if (level < 0)
        return unknown_focus(r, res, first);
    add_unit(r, r->focus, dim, levels[level], ROLE_FOCUS);
    char *found[NLEVELS] = {0};
    read_parents(in, r->arena, level, r->focus, found);
    for (int k = level + 1; k < NLEVELS; k++)
        if (found[k] && dim_of(res, levels[k]) >= 0)
            add_unit(r, found[k], dim_of(res, levels[k]), levels[k],
                     ROLE_PARENT);
    if (!one_top_unit(res, first))
        add_unit(r, NULL, -1, "total", ROLE_COUNTRY);
    int n = 0;
    const char **v = values_of(res, dim, first, &n);
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], r->focus) != 0)
            add_unit(r, v[i], dim, levels[level], ROLE_PEER);
    free(v);
    return 0;
}
