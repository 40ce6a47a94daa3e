/* sql_suppress.c — primary and complementary suppression
 * (runtime/disclosure.c) of an indicator whose breakdowns each have at
 * most one dimension besides the period. Then every cell is in one line
 * (its grouping in its period) whose marginal is the period's total, and
 * the native repair is one round: in grouping order, a line with exactly
 * one hidden cell hides its smallest visible cell (denominator, else n;
 * the first in the output order on a tie), or the total when it has no
 * other cell, and a line after that sees its total hidden and is left
 * alone. A breakdown by two or more dimensions (cells in two lines, the
 * repair iterated) is refused in sql_emit.c. */
#include "sql_int.h"

/* The columns of i<n>_f, each after prefix. */
static const char *cols(sql_ctx *c, const char *px)
{
    /* Each aliased: ClickHouse names a column k.ord otherwise. */
    static const char *const names[] = {
        "ord",       "grp",         "lvl",   "period", "indicator", "unit",
        "numerator", "denominator", "value", "ci_low", "ci_high",   "status",
        "n",         "sup",         "fpre",  "fpost"};
    const char *s = "";
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        s = sql_fmt(c, "%s%s%s%s", s, k ? ", " : "", px, names[k]);
        if (*px)
            s = sql_fmt(c, "%s AS %s", s, names[k]);
        for (int col = sql_first_col(c->p); k == 3 && col < c->p->ndims; col++)
            s = *px ? sql_fmt(c, "%s, %sc%d AS c%d", s, px, col, col)
                    : sql_fmt(c, "%s, c%d", s, col);
    }
    return s;
}

/* The index of the indicator's total breakdown among its groupings, or
 * -1. */
static int total_of(const rt_program *p, const rt_indicator *ind)
{
    for (int k = 0; k < ind->ngroupings; k++)
        if (p->groupings[ind->groupings[k]].ndims == 0)
            return k;
    return -1;
}

/* comp: 1 where the repair hides the row. */
static void complementary(sql_ctx *c, FILE *f, int i, int k0)
{
    const char *dbl = c->dl->t_double; /* one type: ClickHouse */
    const char *order = sql_fmt(
        c, "sup, COALESCE(CAST(denominator AS %s), CAST(n AS %s))", dbl, dbl);
    for (int col = sql_first_col(c->p); col < c->p->ndims; col++)
        order = sql_fmt(c, "%s, %s", order,
                        sql_sort_key(c, sql_fmt(c, "c%d", col)));
    sql_cte(c, f, NULL, sql_fmt(c, "i%d_l", i));
    fprintf(f,
            "\n  SELECT grp, period, SUM(sup) AS h, COUNT(*) AS cnt FROM "
            "i%d_f\n  WHERE grp <> %d GROUP BY grp, period\n)",
            i, k0);
    /* The first line that would hide the total: the lines after it see
     * the total hidden. */
    sql_cte(c, f, NULL, sql_fmt(c, "i%d_a", i));
    fprintf(f,
            "\n  SELECT l.grp AS grp, l.period AS period, l.cnt AS cnt "
            "FROM i%d_l l"
            "\n  JOIN i%d_f m ON m.grp = %d AND m.period = l.period"
            "\n  LEFT JOIN (SELECT period, MIN(grp) AS g1 FROM i%d_l WHERE h = "
            "1 AND cnt = 1 GROUP BY period) s ON s.period = l.period"
            "\n  WHERE m.sup = 0 AND l.h = 1 AND (s.g1 IS NULL OR l.grp <= "
            "s.g1)\n)",
            i, i, k0, i);
    sql_cte(c, f, NULL, sql_fmt(c, "i%d_k", i));
    fprintf(f,
            "\n  SELECT %s,\n    ROW_NUMBER() OVER (PARTITION BY grp, period "
            "ORDER BY %s) AS rk\n  FROM i%d_f WHERE grp <> %d\n)",
            cols(c, ""), order, i, k0);
    sql_cte(c, f, NULL, sql_fmt(c, "i%d_c", i));
    fprintf(f,
            "\n  SELECT %s,\n    CASE WHEN a.grp IS NOT NULL AND a.cnt > 1 AND "
            "k.rk = 1 AND k.sup = 0 THEN 1 ELSE 0 END AS comp"
            "\n  FROM i%d_k k LEFT JOIN i%d_a a ON a.grp = k.grp AND a.period "
            "= k.period"
            "\n  UNION ALL"
            "\n  SELECT %s,\n    CASE WHEN s.period IS NOT NULL THEN 1 ELSE 0 "
            "END"
            "\n  FROM i%d_f f LEFT JOIN (SELECT DISTINCT period FROM i%d_a "
            "WHERE cnt = 1) s ON s.period = f.period\n  WHERE f.grp = %d\n)",
            cols(c, "k."), i, i, cols(c, "f."), i, i, k0);
}

void sql_suppress(sql_ctx *c, FILE *f, int i)
{
    const rt_indicator *ind = &c->p->inds[i];
    int k0 = total_of(c->p, ind);
    const char *from = sql_fmt(c, "i%d_f", i), *comp = "0";
    if (k0 >= 0) {
        complementary(c, f, i, k0);
        from = sql_fmt(c, "i%d_c", i);
        comp = "comp";
    }
    const char *hid = sql_fmt(c, "(sup = 1 OR %s = 1)", comp);
    sql_cte(c, f, NULL, sql_fmt(c, "i%d", i));
    fprintf(f, "\n  SELECT ord, grp, lvl, period");
    for (int col = sql_first_col(c->p); col < c->p->ndims; col++)
        fprintf(f, ", c%d", col);
    fprintf(f, ", indicator, unit");
    static const char *const nums[] = {"numerator", "denominator", "value",
                                       "ci_low", "ci_high"};
    for (int k = 0; k < 5; k++)
        fprintf(f, ",\n    CASE WHEN %s THEN NULL ELSE %s END AS %s", hid,
                nums[k], nums[k]);
    fprintf(
        f,
        ",\n    CASE WHEN %s THEN '' ELSE status END AS status, n"
        ",\n    SUBSTR(fpre || CASE WHEN sup = 1 THEN ';suppressed' ELSE '' "
        "END || fpost || CASE WHEN %s = 1 THEN ';suppressed;complementary' "
        "ELSE '' END, 2) AS flags\n  FROM %s\n)",
        hid, comp, from);
}
