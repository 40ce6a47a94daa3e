/* sql_order.c — order statistics in SQL: median and quantile by laeken's
 * rule (runtime/aggstate.c, rt_sorted_quantile: ties collapsed, the
 * first value whose cumulative weight over the total is strictly greater
 * than p; p <= 0 the least, p >= 1 the greatest), Gini's coefficient and
 * the quintile share ratio. Window functions over the fanned-out rows
 * of a pass give each row its value's cumulative weight (a RANGE frame:
 * its ties included) and the group's total; the pass's GROUP BY then
 * picks the value. No GROUP BY inside: the rows stay the pass's own. */
#include <string.h>

#include "sql_int.h"

bool sql_is_order_stat(rt_aggkind k)
{
    return k == RT_AGG_MEDIAN || k == RT_AGG_QUANTILE || k == RT_AGG_GINI ||
           k == RT_AGG_QSR || k == RT_AGG_ARPT || sql_is_laeken_rate(k);
}

bool sql_is_laeken_rate(rt_aggkind k)
{
    return k == RT_AGG_ARPR || k == RT_AGG_POORMED || k == RT_AGG_RMPG;
}

const char *sql_sum(sql_ctx *c, const char *x)
{
    return sql_fmt(c, "CAST(COALESCE(%s, 0) AS %s)",
                   sql_fmt(c, c->dl->exact_sum, x), c->dl->t_double);
}

/* The whole partition, said explicitly. */
#define WHOLE "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"

/* A weight per row: the weight, or 1, where the row counts. */
static const char *weight(sql_ctx *c, int ai)
{
    return c->p->aggs[ai].weight
               ? sql_fmt(c, "a%d_w", ai)
               : sql_fmt(c, "CASE WHEN a%d_x IS NOT NULL THEN 1 END", ai);
}

/* SUM(w) OVER (...) with the dialect's exact (or best) sum. */
static const char *window_sum(sql_ctx *c, const char *w, const char *over)
{
    return sql_fmt(c, "CAST(%s OVER (%s) AS %s)",
                   sql_fmt(c, c->dl->exact_sum, w), over, c->dl->t_double);
}

/* Whether pass k has an order statistic (of kind: an order statistic;
 * RT_AGG_QSR; RT_AGG_ARPR: a Laeken rate). */
static bool needed(const rt_program *p, int k, rt_aggkind kind)
{
    for (int ai = 0; ai < p->naggs; ai++) {
        rt_aggkind ak = p->aggs[ai].kind;
        if (p->aggs[ai].pass == k && p->aggs[ai].ngroupings > 0 &&
            (kind == RT_AGG_QSR    ? ak == RT_AGG_QSR
             : kind == RT_AGG_ARPR ? sql_is_laeken_rate(ak)
                                   : sql_is_order_stat(ak)))
            return true;
    }
    return false;
}

/* The value at p of the rule, over the window columns of ai. */
static const char *pick(sql_ctx *c, int ai, double p, bool window,
                        const char *part)
{
    const char *x = sql_fmt(c, "a%d_x", ai);
    const char *over =
        window ? sql_fmt(c, " OVER (PARTITION BY %s %s)", part, WHOLE) : "";
    if (p <= 0)
        return sql_fmt(c, "MIN(%s)%s", x, over);
    if (p >= 1)
        return sql_fmt(c, "MAX(%s)%s", x, over);
    return sql_fmt(c,
                   "COALESCE(MIN(CASE WHEN a%d_cum / NULLIF(a%d_tot, 0) > %s "
                   "THEN %s END)%s, MAX(%s)%s)",
                   ai, ai, sql_double(c, p), x, over, x, over);
}

/* The Laeken rates' threshold (runtime/exec.c, prepare_laeken): p times
 * the median of the period's total group, beside every row; and the
 * cumulative weight of the values below it (poormed, rmpg). */
static const char *laeken(sql_ctx *c, FILE *f, int k, const char *part,
                          const char *from)
{
    const rt_program *p = c->p;
    sql_cte(c, f, "the at-risk-of-poverty threshold of each period",
            sql_fmt(c, "p%d_thr", k));
    fprintf(f, "\n  SELECT period");
    for (int ai = 0; ai < p->naggs; ai++)
        if (p->aggs[ai].pass == k && p->aggs[ai].ngroupings > 0 &&
            sql_is_laeken_rate(p->aggs[ai].kind))
            fprintf(f, ",\n    %s * %s AS a%d_t", sql_double(c, p->aggs[ai].p),
                    pick(c, ai, 0.5, false, NULL), ai);
    fprintf(f, "\n  FROM %s WHERE lvl = 0 GROUP BY period\n)", from);
    sql_cte(c, f, "the weights of the values below the threshold",
            sql_fmt(c, "p%d_lk", k));
    fprintf(f, "\n  SELECT w.*");
    for (int ai = 0; ai < p->naggs; ai++) {
        const rt_agg *a = &p->aggs[ai];
        if (a->pass != k || a->ngroupings == 0 || !sql_is_laeken_rate(a->kind))
            continue;
        fprintf(f, ",\n    t.a%d_t AS a%d_t", ai, ai);
        if (a->kind == RT_AGG_ARPR)
            continue;
        const char *w = sql_fmt(c, "CASE WHEN w.a%d_x < t.a%d_t THEN %s END",
                                ai, ai, weight(c, ai));
        w = sql_fmt(c, "%s", w);
        fprintf(f, ",\n    %s AS a%d_pcum",
                window_sum(c, w,
                           sql_fmt(c,
                                   "%s ORDER BY w.a%d_x RANGE BETWEEN "
                                   "UNBOUNDED PRECEDING AND CURRENT ROW",
                                   part, ai)),
                ai);
        fprintf(f, ",\n    %s AS a%d_ptot",
                window_sum(c, w, sql_fmt(c, "%s %s", part, WHOLE)), ai);
    }
    fprintf(f, "\n  FROM %s w LEFT JOIN p%d_thr t ON t.period = w.period\n)",
            from, k);
    return sql_fmt(c, "p%d_lk", k);
}

const char *sql_windows(sql_ctx *c, FILE *f, int k, const char *keys,
                        const char *from)
{
    const rt_program *p = c->p;
    if (!needed(p, k, RT_AGG_MEDIAN))
        return from;
    const char *part = sql_fmt(c, "PARTITION BY %s", keys);
    sql_cte(c, f,
            "each value's cumulative weight, its ties included, and the "
            "group's total (order statistics)",
            sql_fmt(c, "p%d_win", k));
    fprintf(f, "\n  SELECT *");
    for (int ai = 0; ai < p->naggs; ai++) {
        const rt_agg *a = &p->aggs[ai];
        if (a->pass != k || a->ngroupings == 0 || !sql_is_order_stat(a->kind))
            continue;
        const char *w = weight(c, ai);
        fprintf(f, ",\n    %s AS a%d_cum",
                window_sum(c, w,
                           sql_fmt(c,
                                   "%s ORDER BY a%d_x RANGE BETWEEN UNBOUNDED "
                                   "PRECEDING AND CURRENT ROW",
                                   part, ai)),
                ai);
        fprintf(f, ",\n    %s AS a%d_tot",
                window_sum(c, w, sql_fmt(c, "%s %s", part, WHOLE)), ai);
        if (a->kind == RT_AGG_GINI)
            fprintf(f, ",\n    %s AS a%d_cw",
                    window_sum(c, w,
                               sql_fmt(c,
                                       "%s ORDER BY a%d_x ROWS BETWEEN "
                                       "UNBOUNDED PRECEDING AND CURRENT ROW",
                                       part, ai)),
                    ai);
    }
    fprintf(f, "\n  FROM %s\n)", from);
    if (needed(p, k, RT_AGG_ARPR)) {
        const char *wpart = "PARTITION BY w.lvl";
        for (const char *s = strchr(keys, ','); s; s = strchr(s + 1, ','))
            wpart =
                sql_fmt(c, "%s, w.%.*s", wpart,
                        (int)(strchr(s + 1, ',') ? strchr(s + 1, ',') - s - 2
                                                 : (long)strlen(s + 2)),
                        s + 2);
        from = laeken(c, f, k, wpart, sql_fmt(c, "p%d_win", k));
    } else {
        from = sql_fmt(c, "p%d_win", k);
    }
    if (!needed(p, k, RT_AGG_QSR))
        return from;
    sql_cte(c, f, "the quintiles of each group (quintile share ratio)",
            sql_fmt(c, "p%d_win2", k));
    fprintf(f, "\n  SELECT *");
    for (int ai = 0; ai < p->naggs; ai++) {
        const rt_agg *a = &p->aggs[ai];
        if (a->pass != k || a->ngroupings == 0 || a->kind != RT_AGG_QSR)
            continue;
        fprintf(f, ",\n    %s AS a%d_q20", pick(c, ai, 0.2, true, keys), ai);
        fprintf(f, ",\n    %s AS a%d_q80", pick(c, ai, 0.8, true, keys), ai);
    }
    fprintf(f, "\n  FROM %s\n)", from);
    return sql_fmt(c, "p%d_win2", k);
}

const char *sql_order_value(sql_ctx *c, int ai)
{
    const rt_agg *a = &c->p->aggs[ai];
    const char *w = weight(c, ai);
    const char *x = sql_fmt(c, "a%d_x", ai);
    const char *wx = sql_fmt(c, "%s * %s", w, x);
    const char *value;
    switch (a->kind) {
    case RT_AGG_GINI:
        value = sql_fmt(c, "(2 * %s - %s) / NULLIF(%s * %s, 0) - 1",
                        sql_sum(c, sql_fmt(c, "%s * a%d_cw", wx, ai)),
                        sql_sum(c, sql_fmt(c, "%s * %s", w, wx)), sql_sum(c, w),
                        sql_sum(c, wx));
        break;
    case RT_AGG_QSR:
        value =
            sql_fmt(c, "%s / NULLIF(%s, 0)",
                    sql_sum(c, sql_fmt(c, "CASE WHEN %s > a%d_q80 THEN %s END",
                                       x, ai, wx)),
                    sql_sum(c, sql_fmt(c, "CASE WHEN %s <= a%d_q20 THEN %s END",
                                       x, ai, wx)));
        break;
    case RT_AGG_ARPT:
        value = sql_fmt(c, "%s * %s", sql_double(c, a->p),
                        pick(c, ai, 0.5, false, NULL));
        break;
    case RT_AGG_ARPR:
        value =
            sql_fmt(c, "%s / NULLIF(%s, 0)",
                    sql_sum(c, sql_fmt(c, "CASE WHEN %s < a%d_t THEN %s END", x,
                                       ai, w)),
                    sql_sum(c, w));
        break;
    case RT_AGG_POORMED:
    case RT_AGG_RMPG: {
        /* The median of the values below the threshold, laeken's rule. */
        const char *below =
            sql_fmt(c, "CASE WHEN %s < a%d_t THEN %s END", x, ai, x);
        const char *m = sql_fmt(
            c,
            "COALESCE(MIN(CASE WHEN %s < a%d_t AND a%d_pcum / NULLIF(a%d_ptot, "
            "0) > 0.5 THEN %s END), MAX(%s))",
            x, ai, ai, ai, x, below);
        if (a->kind == RT_AGG_RMPG)
            m = sql_fmt(c, "(MAX(a%d_t) - %s) / MAX(a%d_t)", ai, m, ai);
        value =
            sql_fmt(c, "CASE WHEN %s > 0 THEN %s END",
                    sql_sum(c, sql_fmt(c, "CASE WHEN %s < a%d_t THEN %s END", x,
                                       ai, w)),
                    m);
        break;
    }
    default:
        value = pick(c, ai, a->kind == RT_AGG_MEDIAN ? 0.5 : a->p, false, NULL);
        break;
    }
    return sql_fmt(c, "CASE WHEN COUNT(%s) > 0 AND %s > 0 THEN %s END", x,
                   sql_sum(c, w), value);
}
