/* sql_common.c — what the parts of the SQL generator share about the
 * program's passes and groups: CTE headers, the dimension columns of a
 * grouping, sort keys, the join of pass tables, the pass of an
 * indicator of constants. Calls nothing of sql_emit.c, sql_order.c or
 * sql_indicator.c (tests/layout/includes.sh: no call cycle). */
#include <string.h>

#include "sql_int.h"

void sql_cte(sql_ctx *c, FILE *f, const char *comment, const char *name)
{
    fputs(c->ncte++ ? ",\n" : "WITH\n", f);
    if (comment)
        fprintf(f, "-- %s\n", comment);
    fprintf(f, "%s AS (", name);
}

int sql_first_col(const rt_program *p)
{
    return p->has_period ? 1 : 0;
}

bool sql_has_col(const rt_program *p, int g, int col)
{
    const rt_grouping *gr = &p->groupings[g];
    for (int d = 0; d < gr->ndims; d++)
        if (gr->outcol[d] == col)
            return true;
    return false;
}

const char *sql_levels_with(sql_ctx *c, const int *gs, int n, int col)
{
    const char *s = NULL;
    for (int i = 0; i < n; i++)
        if (sql_has_col(c->p, gs[i], col))
            s = s ? sql_fmt(c, "%s, %d", s, gs[i]) : sql_fmt(c, "%d", gs[i]);
    return s;
}

const char *sql_sort_key(sql_ctx *c, const char *x)
{
    const char *num;
    if (c->dl->is_number) {
        num = sql_fmt(c, c->dl->is_number, x);
    } else {
        /* SQLite has no regular expressions: digits, signs only first
         * or after an exponent, at most one point. */
        num =
            sql_fmt(c,
                    "(%s GLOB '*[0-9]*' AND %s NOT GLOB '*[^0-9.eE+-]*' AND "
                    "%s NOT GLOB '*.*.*' AND %s NOT GLOB '*[eE]*[eE]*' AND "
                    "(%s NOT GLOB '?*[+-]*' OR %s GLOB '*[eE][+-][0-9]*') AND "
                    "%s NOT GLOB '*[+-]*[+-]*[+-]*' AND %s NOT GLOB '[eE]*' "
                    "AND %s NOT GLOB '*[eE]')",
                    x, x, x, x, x, x, x, x, x);
    }
    return sql_fmt(c,
                   "CASE WHEN %s THEN CAST(%s AS %s) END NULLS LAST, %s%s "
                   "NULLS LAST",
                   num, x, c->dl->t_double, x, c->dl->collate);
}

static void mark_passes(const rt_program *p, const rt_expr *e,
                        unsigned long long *set)
{
    if (e->op == RT_AGG)
        *set |= 1ull << p->aggs[e->slot].pass;
    for (int i = 0; i < e->nkids; i++)
        mark_passes(p, e->kids[i], set);
}

unsigned long long sql_passes_of(const rt_program *p, const rt_expr *e)
{
    unsigned long long set = 0;
    if (e)
        mark_passes(p, e, &set);
    return set;
}

const char *sql_group_from(sql_ctx *c, int base, unsigned long long passes,
                           unsigned long long ovs)
{
    const rt_program *p = c->p;
    const char *s = sql_fmt(c, "FROM p%d", base);
    for (int k = 1; k <= p->npasses; k++) {
        if (k == base || !(passes >> k & 1))
            continue;
        const char *on =
            sql_fmt(c, "p%d.lvl = p%d.lvl AND p%d.period = p%d.period", k, base,
                    k, base);
        for (int col = sql_first_col(p); col < p->ndims; col++)
            on = sql_fmt(c, "%s AND %s", on,
                         sql_fmt(c, c->dl->ndeq, sql_fmt(c, "p%d.c%d", k, col),
                                 sql_fmt(c, "p%d.c%d", base, col)));
        s = sql_fmt(c, "%s\n  LEFT JOIN p%d ON %s", s, k, on);
    }
    for (int k = 1; k <= p->npasses; k++)
        if (ovs >> k & 1)
            s = sql_fmt(c, "%s\n  LEFT JOIN o%d ON o%d.period = p%d.period", s,
                        k, k, base);
    return s;
}

/* The last pass whose groups include every breakdown of ind, or 0. */
int sql_constants_pass(const rt_program *p, const rt_indicator *ind)
{
    for (int k = p->npasses; k >= 1; k--) {
        bool all = true;
        for (int i = 0; i < ind->ngroupings && all; i++) {
            bool fed = false;
            for (int ai = 0; ai < p->naggs && !fed; ai++)
                for (int j = 0; p->aggs[ai].pass == k &&
                                j < p->aggs[ai].ngroupings && !fed;
                     j++)
                    fed = p->aggs[ai].groupings[j] == ind->groupings[i];
            all = fed;
        }
        if (all)
            return k;
    }
    return 0;
}
