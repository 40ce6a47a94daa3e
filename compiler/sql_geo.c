/* sql_geo.c — the hierarchy's part of a run (cmd/focus.c, without
 * --focus) over the finished rows: per indicator and period the units of
 * the lowest level with data, a `partial` flag on a unit above them (or
 * the total) that lacks some of its codelist members, and a district or
 * region row that counts the data rows of its group's total left out.
 * The codelist is written into the script as two small tables. */
#include <string.h>

#include "sql_int.h"

#define COUNTRY (-1) /* every geographic dimension a total */
#define NOLEVEL (-2) /* a geographic value unknown (_U) */

typedef struct geo_cols {
    int *col; /* col[l]: the output column of level l, or -1 */
    int low;  /* the lowest level */
} geo_cols;

/* The code of unit u's ancestor at level l, or NULL. */
static const char *ancestor(const geo_model *g, int u, int l)
{
    for (; u >= 0; u = g->units[u].parent)
        if (g->units[u].level == l)
            return g->units[u].code;
    return NULL;
}

/* geo_low: each unit of the lowest level with its ancestors' codes;
 * geo_members: per unit above (and the total, level -1) how many units
 * of the lowest level the codelist puts under it. */
static void codelist_ctes(sql_ctx *c, FILE *f, const geo_model *g, int low)
{
    sql_cte(c, f, "the codelist's units of the lowest level", "geo_low");
    bool first = true;
    int nlow = 0;
    for (int u = 0; u < g->nunits; u++) {
        if (g->units[u].level != low)
            continue;
        nlow++;
        fprintf(f, "%s\n  SELECT %s AS code", first ? "" : " UNION ALL",
                sql_quote(c, g->units[u].code));
        for (int l = 0; l < low; l++) {
            const char *a = ancestor(g, u, l);
            fprintf(f, ", %s AS a%d",
                    a ? sql_quote(c, a)
                      : sql_fmt(c, "CAST(NULL AS %s)", c->dl->t_text),
                    l);
        }
        first = false;
    }
    if (first) { /* no unit at the lowest level: a row that matches none */
        fprintf(f, "\n  SELECT '' AS code");
        for (int l = 0; l < low; l++)
            fprintf(f, ", '' AS a%d", l);
        fprintf(f, " WHERE 1 = 0");
    }
    fprintf(f, "\n)");
    sql_cte(c, f, "units above the lowest level: their members", "geo_members");
    fprintf(f, "\n  SELECT %d AS glev, '' AS gcode, %d AS members", COUNTRY,
            nlow);
    for (int v = 0; v < g->nunits; v++) {
        if (g->units[v].level >= low)
            continue;
        int m = 0;
        for (int u = 0; u < g->nunits; u++)
            m += g->units[u].level == low &&
                 ancestor(g, u, g->units[v].level) &&
                 strcmp(ancestor(g, u, g->units[v].level), g->units[v].code) ==
                     0;
        fprintf(f, " UNION ALL\n  SELECT %d, %s, %d", g->units[v].level,
                sql_quote(c, g->units[v].code), m);
    }
    fprintf(f, "\n)");
}

/* The row's level (focus.c, place_row) and its unit's code, from the
 * written dimension columns d<col>. */
static void place_cte(sql_ctx *c, FILE *f, const geo_cols *gc, const char *from,
                      const char *cols)
{
    const char *lev = "CASE", *code = "CASE";
    for (int l = gc->low; l >= 0; l--) {
        if (gc->col[l] < 0)
            continue;
        const char *d = sql_fmt(c, "d%d", gc->col[l]);
        lev = sql_fmt(c,
                      "%s WHEN %s <> '_T' THEN CASE WHEN %s = '_U' THEN %d "
                      "ELSE %d END",
                      lev, d, d, NOLEVEL, l);
        code = sql_fmt(c, "%s WHEN %s <> '_T' THEN %s", code, d, d);
    }
    sql_cte(c, f, "the hierarchy (cmd/focus.c): each row's level", "geo_rows");
    fprintf(f,
            "\n  SELECT %s,\n    %s ELSE %d END AS glev,\n    %s ELSE '' "
            "END AS gcode\n  FROM %s\n)",
            cols, lev, COUNTRY, code, from);
}

/* Per indicator and period, the units of the lowest level with data, and
 * how many of them lie under each unit above. */
static void coverage_ctes(sql_ctx *c, FILE *f, const geo_cols *gc)
{
    sql_cte(c, f, NULL, "geo_seen");
    fprintf(f,
            "\n  SELECT DISTINCT ord, period, gcode FROM geo_rows"
            "\n  WHERE glev = %d AND n > 0 AND gcode IN (SELECT code FROM "
            "geo_low)\n)",
            gc->low);
    sql_cte(c, f, NULL, "geo_present");
    fprintf(f,
            "\n  SELECT ord, period, %d AS glev, '' AS gcode, COUNT(*) AS "
            "present\n  FROM geo_seen GROUP BY ord, period",
            COUNTRY);
    for (int l = 0; l < gc->low; l++)
        fprintf(f,
                "\n  UNION ALL\n  SELECT s.ord, s.period, %d, u.a%d, COUNT(*)"
                "\n  FROM geo_seen s JOIN geo_low u ON u.code = s.gcode"
                "\n  WHERE u.a%d IS NOT NULL GROUP BY s.ord, s.period, u.a%d",
                l, l, l, l);
    fprintf(f, "\n)");
}

/* Each row's group (indicator and every dimension not of the hierarchy):
 * the n of its total. */
static const char *group_on(sql_ctx *c, const geo_cols *gc, const char *a,
                            const char *b)
{
    const char *on = sql_fmt(c, "%s.ord = %s.ord", a, b);
    for (int col = 0; col < c->p->ndims; col++) {
        bool geo = false;
        for (int l = 0; l <= gc->low; l++)
            geo = geo || gc->col[l] == col;
        if (!geo)
            on = sql_fmt(c, "%s AND %s.d%d = %s.d%d", on, a, col, b, col);
    }
    return on;
}

const char *sql_geo(sql_ctx *c, FILE *f, const geo_model *g, const char *from,
                    const char *cols)
{
    const rt_program *p = c->p;
    if (!g || g->nlevels < 1)
        return from;
    geo_cols gc = {rt_arena_alloc(c->a, sizeof(int) * (size_t)g->nlevels),
                   g->nlevels - 1};
    bool any = false;
    for (int l = 0; l < g->nlevels; l++) {
        gc.col[l] = -1;
        for (int col = sql_first_col(p); col < p->ndims; col++)
            if (strcmp(p->dim_names[col], g->levels[l]) == 0)
                gc.col[l] = col;
        any = any || gc.col[l] >= 0;
    }
    if (!any)
        return from;
    codelist_ctes(c, f, g, gc.low);
    place_cte(c, f, &gc, from, cols);
    coverage_ctes(c, f, &gc);
    sql_cte(c, f, NULL, "geo_total");
    fprintf(f, "\n  SELECT * FROM geo_rows WHERE glev = %d\n)", COUNTRY);
    /* Every column but flags, from r. */
    const char *rcols = "r.ord AS ord"; /* aliased: ClickHouse */
    for (const char *s = strchr(cols, ','); s; s = strchr(s + 1, ',')) {
        const char *e = strchr(s + 1, ',');
        size_t n = e ? (size_t)(e - s - 2) : strlen(s + 2);
        const char *name = sql_fmt(c, "%.*s", (int)n, s + 2);
        if (strcmp(name, "flags") != 0)
            rcols = sql_fmt(c, "%s, r.%s AS %s", rcols, name, name);
    }
    const char *partial = "m.members IS NOT NULL AND a.ord IS NOT NULL AND "
                          "COALESCE(pr.present, 0) < m.members";
    sql_cte(c, f, NULL, "geo_out");
    fprintf(f,
            "\n  SELECT %s,\n    CASE WHEN %s THEN CASE WHEN r.flags = '' "
            "THEN 'partial' ELSE r.flags || ';partial' END ELSE r.flags END "
            "AS flags"
            "\n  FROM geo_rows r"
            "\n  LEFT JOIN geo_members m ON m.glev = r.glev AND m.gcode = "
            "r.gcode"
            "\n  LEFT JOIN (SELECT DISTINCT ord, period FROM geo_seen) a ON "
            "a.ord = r.ord AND a.period = r.period"
            "\n  LEFT JOIN geo_present pr ON pr.ord = r.ord AND pr.period = "
            "r.period AND pr.glev = r.glev AND pr.gcode = r.gcode"
            "\n  LEFT JOIN geo_total t ON %s"
            "\n  WHERE NOT (r.glev >= 0 AND r.glev < %d AND r.n > 0 AND "
            "COALESCE(t.n, -1) = r.n)\n)",
            rcols, partial, group_on(c, &gc, "t", "r"), gc.low);
    return "geo_out";
}
