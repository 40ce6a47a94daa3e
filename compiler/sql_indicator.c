/* sql_indicator.c — each indicator's rows as three CTEs (runtime/finish.c
 * step by step: the group's numerator, denominator and value; the scaled
 * value, status and interval; low_count, suppression and the flags), and
 * the final SELECT that puts every indicator's rows in the native order
 * with the totals (`_T`) and unknowns (`_U`) written out. */
#include <string.h>

#include "../runtime/stats.h"
#include "sql_int.h"

/* The columns every indicator's last CTE has, in this order (the final
 * UNION ALL reads them by position). */
static const char *common_cols(sql_ctx *c)
{
    const char *s = "ord, grp, lvl, period";
    for (int col = sql_first_col(c->p); col < c->p->ndims; col++)
        s = sql_fmt(c, "%s, c%d", s, col);
    return sql_fmt(c,
                   "%s, indicator, unit, numerator, denominator, value, "
                   "ci_low, ci_high, status, n, flags",
                   s);
}

static void mark_overalls(const rt_program *p, const rt_expr *e,
                          unsigned long long *set)
{
    if (!e)
        return;
    if (e->op == RT_OVERALL)
        *set |= 1ull << p->overalls[e->slot].pass;
    for (int i = 0; i < e->nkids; i++)
        mark_overalls(p, e->kids[i], set);
}

static const char *agg_col(sql_ctx *c, int ai, const char *suffix)
{
    return sql_fmt(c, "p%d.a%d%s", c->p->aggs[ai].pass, ai, suffix);
}

/* Numerator, denominator, value before scaling, the zero-division
 * condition, n and whether a record was skipped, per group. */
static void group_cte(sql_ctx *c, FILE *f, int i, const char *where)
{
    const rt_program *p = c->p;
    const rt_indicator *ind = &p->inds[i];
    unsigned long long passes = 0, ovs = 0, files = 0;
    int base = 1;
    for (int k = 0; k < ind->naggs; k++) {
        const rt_agg *a = &p->aggs[ind->aggs[k]];
        passes |= 1ull << a->pass;
        files |= 1ull << a->ds;
        base = a->pass > base ? a->pass : base;
    }
    if (ind->naggs == 0) {
        /* Constants and overall values only: every group of its
         * breakdowns, from a pass that has them all. */
        base = sql_constants_pass(p, ind);
        passes = 1ull << base;
    }
    mark_overalls(p, ind->value, &ovs);
    mark_overalls(p, ind->numerator, &ovs);
    mark_overalls(p, ind->denominator, &ovs);
    c->place = SQL_IN_GROUP;
    sql_cte(c, f, sql_fmt(c, "indicator %s (%s)", ind->id, where),
            sql_fmt(c, "i%d_g", i));
    const char *grp = "CASE";
    for (int k = 0; k < ind->ngroupings; k++)
        grp = sql_fmt(c, "%s WHEN p%d.lvl = %d THEN %d", grp, base,
                      ind->groupings[k], k);
    fprintf(f,
            "\n  SELECT %d AS ord, %s END AS grp, p%d.lvl AS lvl, "
            "p%d.period AS period",
            i, grp, base, base);
    for (int col = sql_first_col(p); col < p->ndims; col++)
        fprintf(f, ", p%d.c%d AS c%d", base, col, col);
    const char *num, *den, *raw, *zd;
    if (ind->value) {
        /* A standardised rate shows its events and population too. */
        num = ind->numerator ? sql_num(c, ind->numerator)
                             : sql_fmt(c, "CAST(NULL AS %s)", c->dl->t_double);
        den = ind->denominator
                  ? sql_num(c, ind->denominator)
                  : sql_fmt(c, "CAST(NULL AS %s)", c->dl->t_double);
        raw = sql_expr(c, ind->value);
        zd = sql_zerodiv(c, ind->value);
    } else {
        num = sql_num(c, ind->numerator);
        den = sql_num(c, ind->denominator);
        raw = sql_fmt(c, "CAST(%s AS %s) / NULLIF(%s, 0)", num, c->dl->t_double,
                      den);
        const char *z = sql_fmt(c, "(%s IS NOT NULL AND %s = 0)", num, den);
        const char *zn = sql_zerodiv(c, ind->numerator);
        const char *zdn = sql_zerodiv(c, ind->denominator);
        zd = zn ? sql_fmt(c, "%s OR %s", zn, z) : z;
        zd = zdn ? sql_fmt(c, "%s OR %s", zdn, zd) : zd;
    }
    const char *n = "0", *skipped = "0", *wholly = "1 = 0";
    const char **ns =
        rt_arena_alloc(c->a, sizeof(char *) * ((size_t)ind->naggs + 1));
    for (int k = 0; k < ind->naggs; k++) {
        const char *an =
            sql_fmt(c, "COALESCE(%s, 0)", agg_col(c, ind->aggs[k], "_n"));
        const char *as =
            sql_fmt(c, "COALESCE(%s, 0)", agg_col(c, ind->aggs[k], "_s"));
        ns[k] = an;
        skipped = k ? sql_fmt(c, "%s + %s", skipped, as) : as;
        /* An aggregate with only missing inputs (finish.c: wholly). */
        const char *w = sql_fmt(c, "(%s = 0 AND %s > 0)", an, as);
        wholly = k ? sql_fmt(c, "%s OR %s", wholly, w) : w;
    }
    /* n: the greatest, pairwise (a balanced tree, not 36 nested calls:
     * SQLite's parser has a small stack). */
    for (int m = ind->naggs; m > 1; m = (m + 1) / 2)
        for (int k = 0; k < m; k += 2)
            ns[k / 2] = k + 1 < m
                            ? sql_fmt(c, c->dl->greatest, ns[k], ns[k + 1])
                            : ns[k];
    n = ind->naggs ? ns[0] : n;
    fprintf(f, ",\n    %s AS numerator,\n    %s AS denominator", num, den);
    fprintf(f, ",\n    %s AS raw,\n    CASE WHEN %s THEN 1 ELSE 0 END AS zd",
            raw, zd ? zd : "1 = 0");
    fprintf(f,
            ",\n    %s AS n,\n    %s AS skipped,\n    CASE WHEN %s THEN 1 "
            "ELSE 0 END AS wholly",
            n, skipped, wholly);
    /* The interval's sample sizes: Kish's effective n when weighted. */
    sql_interval_sums(c, f, ind);
    if (ind->ci == RT_CI_WILSON || ind->ci == RT_CI_WILSON_CC) {
        const rt_agg *d = &p->aggs[ind->den_agg];
        const char *en = d->weight ? sql_fmt(c, "%s * %s / NULLIF(%s, 0)",
                                             agg_col(c, ind->den_agg, "_ws"),
                                             agg_col(c, ind->den_agg, "_ws"),
                                             agg_col(c, ind->den_agg, "_w2"))
                                   : den;
        fprintf(f, ",\n    %s AS ci_n", en);
    }
    const char *present = ind->naggs ? NULL : "1 = 1";
    for (int ds = 0; ds < p->ndatasets; ds++) {
        if (!(files >> ds & 1))
            continue;
        const char *t = NULL;
        for (int k = 1; k <= p->npasses; k++)
            if (passes >> k & 1)
                t = sql_fmt(c, "%s%sCOALESCE(p%d.f%d, 0) = 1", t ? t : "",
                            t ? " OR " : "", k, ds);
        present = present ? sql_fmt(c, "%s OR %s", present, t) : t;
    }
    const char *lvls = "";
    for (int k = 0; k < ind->ngroupings; k++)
        lvls = sql_fmt(c, "%s%s%d", lvls, k ? ", " : "", ind->groupings[k]);
    fprintf(f, "\n  %s\n  WHERE p%d.lvl IN (%s) AND (%s)\n)",
            sql_group_from(c, base, passes, ovs), base, lvls, present);
}

static const char *status_of(sql_ctx *c, const rt_indicator *ind)
{
    static const char *const cmps[] = {"<", "<=", ">", ">=", "=", "<>"};
    const char *s = "CASE WHEN value IS NULL THEN ''";
    for (int b = 0; b < ind->nbands; b++) {
        const rt_band *band = &ind->bands[b];
        const char *cond = band->has_cond
                               ? sql_fmt(c, "value %s %s", cmps[band->cmp],
                                         sql_double(c, band->bound))
                               : "1 = 1";
        s = sql_fmt(c, "%s WHEN %s THEN %s", s, cond,
                    sql_quote(c, band->label));
    }
    return sql_fmt(c, "%s ELSE '' END", s);
}

/* Wilson's interval (runtime/stats.c, rt_wilson) at n = ci_n, scaled;
 * NULL where finish.c gives none. */
static void wilson(sql_ctx *c, FILE *f, const rt_indicator *ind)
{
    double z = rt_qnorm(1 - (1 - ind->ci_level) / 2), z2 = z * z;
    const char *dbl = c->dl->t_double;
    const char *n = sql_fmt(c, "CAST(ci_n AS %s)", dbl);
    const char *pr = sql_fmt(c, "(CAST(numerator AS %s) / denominator)", dbl);
    const char *x = sql_fmt(c, "(%s * %s)", pr, n);
    const char *centre =
        sql_fmt(c, "((%s + %s / (2 * %s)) / (1 + %s / %s))", pr,
                sql_double(c, z2), n, sql_double(c, z2), n);
    const char *half = sql_fmt(
        c,
        "(%s / (1 + %s / %s) * SQRT(%s * (1 - %s) / %s + %s / (4 * %s * %s)))",
        sql_double(c, z), sql_double(c, z2), n, pr, pr, n, sql_double(c, z2), n,
        n);
    const char *ok =
        sql_fmt(c, "value IS NOT NULL AND numerator IS NOT NULL AND "
                   "denominator > 0 AND numerator >= 0 AND "
                   "numerator <= denominator AND ci_n > 0");
    const char *scale = sql_double(c, ind->scale);
    fprintf(
        f,
        ",\n    CASE WHEN %s THEN (CASE WHEN %s <= 0 THEN 0 WHEN %s - %s < 0 "
        "THEN 0 ELSE %s - %s END) * %s END AS ci_low",
        ok, x, centre, half, centre, half, scale);
    fprintf(
        f,
        ",\n    CASE WHEN %s THEN (CASE WHEN %s >= %s THEN 1 WHEN %s + %s > 1 "
        "THEN 1 ELSE %s + %s END) * %s END AS ci_high",
        ok, x, n, centre, half, centre, half, scale);
}

/* The scaled value, status and interval. */
static void value_cte(sql_ctx *c, FILE *f, int i)
{
    const rt_indicator *ind = &c->p->inds[i];
    sql_cte(c, f, NULL, sql_fmt(c, "i%d_v", i));
    fprintf(f, "\n  SELECT g.*, raw * %s AS value\n  FROM i%d_g g\n)",
            sql_double(c, ind->scale), i);
    sql_cte(c, f, NULL, sql_fmt(c, "i%d_r", i));
    fprintf(f, "\n  SELECT v.*, %s AS status", status_of(c, ind));
    if (ind->ci == RT_CI_WILSON)
        wilson(c, f, ind);
    else
        sql_interval(c, f, ind);
    fprintf(f, "\n  FROM i%d_v v\n)", i);
}

/* low_count and the flags, in finish.c's order. */
static void finish_cte(sql_ctx *c, FILE *f, int i)
{
    const rt_indicator *ind = &c->p->inds[i];
    c->place = SQL_IN_RESULT;
    c->ind = ind;
    const char *low = ind->low_count ? sql_expr(c, ind->low_count) : "1 = 0";
    const char *pre = sql_fmt(
        c,
        "CASE WHEN zd = 1 THEN ';zero_denominator' WHEN value IS NULL AND %s "
        "THEN ';missing_denominator' WHEN value IS NULL THEN ';no_data' ELSE "
        "'' END\n      || CASE WHEN %s THEN ';low_count' ELSE '' END",
        ind->value ? "1 = 0" : "numerator IS NOT NULL AND denominator IS NULL",
        low);
    const char *post = "CASE WHEN skipped > 0 AND NOT (wholly = 1 AND value IS "
                       "NULL) THEN ';missing_skipped' ELSE '' END";
    sql_cte(c, f, NULL, sql_fmt(c, ind->suppress ? "i%d_f" : "i%d", i));
    fprintf(f, "\n  SELECT ord, grp, lvl, period");
    for (int col = sql_first_col(c->p); col < c->p->ndims; col++)
        fprintf(f, ", c%d", col);
    fprintf(f,
            ",\n    %s AS indicator, %s AS unit, numerator, denominator, "
            "value, ci_low, ci_high, status, n",
            sql_quote(c, ind->id), sql_quote(c, ind->unit));
    if (ind->suppress) {
        fprintf(f,
                ",\n    CASE WHEN %s THEN 1 ELSE 0 END AS sup,\n    %s AS "
                "fpre,\n    %s AS fpost",
                sql_expr(c, ind->suppress), pre, post);
        fprintf(f, "\n  FROM i%d_r r\n)", i);
        sql_suppress(c, f, i);
        return;
    }
    fprintf(f, ",\n    SUBSTR(%s\n      || %s, 2) AS flags", pre, post);
    fprintf(f, "\n  FROM i%d_r r\n)", i);
}

void sql_indicator(sql_ctx *c, FILE *f, int i, const char *where)
{
    group_cte(c, f, i, where);
    value_cte(c, f, i);
    finish_cte(c, f, i);
}

/* A value that reads as a marker (backslashes, then _T or _U) gets one
 * more backslash, as runtime/output.c writes it. */
static const char *escaped(sql_ctx *c, const char *x)
{
    const char *bs = sql_quote(c, "\\");
    return sql_fmt(c,
                   "CASE WHEN %s(%s, %s) IN ('_T', '_U') THEN %s || %s ELSE %s "
                   "END",
                   c->dl->ltrim, x, bs, bs, x, x);
}

/* The columns of rows_txt: the sort keys (ord, grp, the period and
 * dimensions as computed), then the row as written (d<col>: a dimension
 * with _T and _U). */
static const char *txt_cols(sql_ctx *c)
{
    const rt_program *p = c->p;
    const char *s = "ord, grp, period";
    for (int col = sql_first_col(p); col < p->ndims; col++)
        s = sql_fmt(c, "%s, c%d", s, col);
    s = sql_fmt(c, "%s, indicator", s);
    for (int col = 0; col < p->ndims; col++)
        s = sql_fmt(c, "%s, d%d", s, col);
    return sql_fmt(c,
                   "%s, numerator, denominator, value, ci_low, ci_high, unit, "
                   "status, n, flags",
                   s);
}

void sql_final(sql_ctx *c, FILE *f, const geo_model *g)
{
    const rt_program *p = c->p;
    int *all = rt_arena_alloc(c->a, sizeof(int) * ((size_t)p->ngroupings + 1));
    for (int g2 = 0; g2 < p->ngroupings; g2++)
        all[g2] = g2;
    if (c->dl->temp_table) /* its CREATE TABLE written before the CTEs */
        fprintf(f, "\n-- every indicator's rows");
    else
        sql_cte(c, f, "every indicator's rows", "rows_all");
    bool first = true;
    for (int i = 0; i < p->ninds; i++) {
        if (c->skip[i])
            continue;
        fprintf(f, "%s\n  SELECT %s FROM i%d", first ? "" : "\n  UNION ALL",
                common_cols(c), i);
        first = false;
    }
    if (c->dl->temp_table) {
        fprintf(f, ";\n");
        c->ncte = 0;
    } else {
        fprintf(f, "\n)");
    }
    sql_cte(c, f, "the rows as written", "rows_txt");
    fprintf(f, "\n  SELECT ord, grp, period");
    for (int col = sql_first_col(p); col < p->ndims; col++)
        fprintf(f, ", c%d", col);
    fprintf(f, ", indicator");
    if (p->has_period)
        fprintf(f, ",\n    CASE WHEN period = '' THEN '_T' ELSE %s END AS d0",
                escaped(c, "period"));
    for (int col = sql_first_col(p); col < p->ndims; col++) {
        const char *in = sql_levels_with(c, all, p->ngroupings, col);
        fprintf(f,
                ",\n    CASE WHEN lvl IN (%s) THEN COALESCE(%s, '_U') ELSE "
                "'_T' END AS d%d",
                in ? in : "-1", escaped(c, sql_fmt(c, "c%d", col)), col);
    }
    fprintf(f, ",\n    numerator, denominator, value, ci_low, ci_high, unit, "
               "status, n, flags\n  FROM rows_all\n)");
    const char *from = sql_geo(c, f, g, "rows_txt", txt_cols(c));
    fprintf(f, "\nSELECT indicator");
    for (int col = 0; col < p->ndims; col++)
        fprintf(f, ", d%d AS %s", col, sql_ident(c, p->dim_names[col]));
    fprintf(f, ",\n  numerator, denominator, value");
    if (p->has_se) /* every indicator with an se is left out */
        fprintf(f, ", CAST(NULL AS %s) AS se, CAST(NULL AS %s) AS cv",
                c->dl->t_double, c->dl->t_double);
    if (p->has_ci)
        fprintf(f, ", ci_low, ci_high");
    fprintf(f, ", unit, status, n, flags\nFROM %s\nORDER BY ord, grp", from);
    if (p->has_period)
        fprintf(f, ",\n  %s", sql_sort_key(c, "period"));
    for (int col = sql_first_col(p); col < p->ndims; col++)
        fprintf(f, ",\n  %s", sql_sort_key(c, sql_fmt(c, "c%d", col)));
    fprintf(f, ";\n");
}
