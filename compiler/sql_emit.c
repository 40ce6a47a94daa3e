/* sql_emit.c — the script: what the dialect cannot express reported
 * first, then one group of CTEs per pass of the program (its rows, fanned
 * out over the pass's groupings — Malloy's way to totals without
 * GROUPING SETS — and grouped once), the overall values of the pass,
 * then each indicator (sql_indicator.c). */
#include <string.h>

#include "sql_int.h"

/* ---- what a dialect cannot express ---- */

static const char *const agg_names[] = {
#define X(k, name, nargs) name,
#include "../runtime/aggs.def"
#undef X
};

static bool agg_supported(rt_aggkind k)
{
    return k == RT_AGG_COUNT || k == RT_AGG_SUM || k == RT_AGG_MEAN ||
           k == RT_AGG_SHARE || k == RT_AGG_MIN || k == RT_AGG_MAX ||
           k == RT_AGG_DISTINCT || sql_is_order_stat(k);
}

static void check_agg(sql_ctx *c, int ai, int depth);

/* The aggregates e reads, through overall and per-key values. */
static void check_expr(sql_ctx *c, const rt_expr *e, int depth)
{
    if (!e || depth > 64)
        return;
    if (e->op == RT_AGG)
        check_agg(c, e->slot, depth + 1);
    if (e->op == RT_OVERALL)
        check_expr(c, c->p->overalls[e->slot].expr, depth + 1);
    if (e->op == RT_PERAGG)
        check_agg(c, c->p->peraggs[e->slot].agg, depth + 1);
    for (int i = 0; i < e->nkids; i++)
        check_expr(c, e->kids[i], depth + 1);
}

static void check_agg(sql_ctx *c, int ai, int depth)
{
    const rt_agg *a = &c->p->aggs[ai];
    if (!agg_supported(a->kind))
        sql_unsupported(c, sql_fmt(c, "%s()", agg_names[a->kind]));
    bool total = false;
    for (int i = 0; i < a->ngroupings; i++)
        total = total || a->groupings[i] == 0;
    if (sql_is_laeken_rate(a->kind) && a->ngroupings > 0 && !total)
        sql_unsupported(c, sql_fmt(c,
                                   "%s() without the total breakdown (its "
                                   "groups' own thresholds)",
                                   agg_names[a->kind]));
    check_expr(c, a->arg, depth);
    check_expr(c, a->where, depth);
    check_expr(c, a->weight, depth);
    for (int i = 0; i < a->ngroupings; i++) {
        const rt_grouping *gr = &c->p->groupings[a->groupings[i]];
        for (int d = 0; d < gr->ndims; d++)
            check_expr(c, gr->dims[a->ds * gr->ndims + d], depth);
    }
}

static void check_indicator(sql_ctx *c, const rt_indicator *ind)
{
    const rt_program *p = c->p;
    for (int k = 0; k < ind->naggs; k++)
        check_agg(c, ind->aggs[k], 0);
    check_expr(c, ind->value, 0);
    check_expr(c, ind->numerator, 0);
    check_expr(c, ind->denominator, 0);
    if (ind->naggs == 0 && sql_constants_pass(p, ind) == 0)
        sql_unsupported(c, "an indicator of constants only (whose breakdowns "
                           "no aggregate has)");
    for (int k = 0; ind->suppress && k < ind->ngroupings; k++)
        if (p->groupings[ind->groupings[k]].ndims > 1) {
            sql_unsupported(c, "suppress (complementary suppression) over a "
                               "breakdown by two or more dimensions");
            break;
        }
    static const char *const ci_names[] = {
        [RT_CI_CLOPPER_PEARSON] = "clopper_pearson",
        [RT_CI_JEFFREYS] = "jeffreys",
        [RT_CI_POISSON] = "poisson",
        [RT_CI_DOBSON_EXACT] = "dobson_exact",
        [RT_CI_T] = "t",
        [RT_CI_LINEARISED] = "linearised"};
    /* One message for a design's standard error and the interval made
     * from it (ci linearised, ci t over a design). */
    if (ind->se)
        sql_unsupported(
            c, ind->ci == RT_CI_LINEARISED || ind->ci == RT_CI_T
                   ? sql_fmt(c,
                             "a design-based standard error and its '%s' "
                             "interval (se, cv, ci %s)",
                             ci_names[ind->ci], ci_names[ind->ci])
                   : "a design-based standard error (se, cv)");
    else if (ind->ci < (int)(sizeof ci_names / sizeof ci_names[0]) &&
             ci_names[ind->ci])
        sql_unsupported(c, sql_fmt(c, "a '%s' interval (ci %s)",
                                   ci_names[ind->ci], ci_names[ind->ci]));
    if (ind->ci == RT_CI_BYAR && ind->num_agg >= 0 &&
        p->aggs[ind->num_agg].weight)
        sql_unsupported(c, "a 'byar' interval of a weighted count (its "
                           "effective number of events)");
    for (int k = 0; k < ind->naggs; k++) {
        const rt_agg *a = &p->aggs[ind->aggs[k]];
        if (p->has_period && p->datasets[a->ds].period_col < 0) {
            sql_unsupported(c, "a dataset without a period beside periods");
            break;
        }
    }
}

/* The indicator's declaration, for its source line and error locations. */
static const ast_decl *decl_of(const ast_program *prog, const char *id)
{
    for (int i = 0; prog && i < prog->ndecls; i++)
        if (prog->decls[i]->kind == DECL_INDICATOR &&
            strcmp(prog->decls[i]->name, id) == 0)
            return prog->decls[i];
    return NULL;
}

/* ---- one pass ---- */

typedef struct pass {
    int k;
    int pairs[2 * 4096]; /* (ds, grouping) the rows of ds fan out to */
    int npairs;
} pass;

static void add_pair(pass *ps, int ds, int g)
{
    for (int i = 0; i < ps->npairs; i++)
        if (ps->pairs[2 * i] == ds && ps->pairs[2 * i + 1] == g)
            return;
    if (ps->npairs < 4096) {
        ps->pairs[2 * ps->npairs] = ds;
        ps->pairs[2 * ps->npairs + 1] = g;
        ps->npairs++;
    }
}

/* Whether pair i is the first of its grouping. */
static bool first_of(const pass *ps, int i)
{
    for (int j = 0; j < i; j++)
        if (ps->pairs[2 * j + 1] == ps->pairs[2 * i + 1])
            return false;
    return true;
}

static bool has_pair(const pass *ps, int ds, int g)
{
    for (int i = 0; i < ps->npairs; i++)
        if (ps->pairs[2 * i] == ds && ps->pairs[2 * i + 1] == g)
            return true;
    return false;
}

static bool per_key(const rt_program *p, int g)
{
    return p->groupings[g].ndims == 1 && p->groupings[g].outcol[0] < 0;
}

static bool uses(const rt_expr *e, rt_opcode op, int slot)
{
    if (!e)
        return false;
    if (e->op == op && e->slot == slot)
        return true;
    for (int i = 0; i < e->nkids; i++)
        if (uses(e->kids[i], op, slot))
            return true;
    return false;
}

/* The dimension expression of column col for rows of ds in the pass. */
static const rt_expr *dim_expr(const rt_program *p, const pass *ps, int ds,
                               int col)
{
    for (int i = 0; i < ps->npairs; i++) {
        if (ps->pairs[2 * i] != ds)
            continue;
        const rt_grouping *gr = &p->groupings[ps->pairs[2 * i + 1]];
        for (int d = 0; d < gr->ndims; d++)
            if (gr->outcol[d] == col && gr->dims[ds * gr->ndims + d])
                return gr->dims[ds * gr->ndims + d];
    }
    return NULL;
}

/* Whether something the rows of ds read in pass k uses op/slot. */
static bool row_uses(const rt_program *p, const pass *ps, int ds, rt_opcode op,
                     int slot)
{
    for (int a = 0; a < p->naggs; a++) {
        const rt_agg *ag = &p->aggs[a];
        if (ag->pass == ps->k && ag->ds == ds &&
            (uses(ag->arg, op, slot) || uses(ag->where, op, slot) ||
             uses(ag->weight, op, slot)))
            return true;
    }
    for (int i = 0; i < ps->npairs; i++) {
        const rt_grouping *gr = &p->groupings[ps->pairs[2 * i + 1]];
        for (int d = 0; ps->pairs[2 * i] == ds && d < gr->ndims; d++)
            if (uses(gr->dims[ds * gr->ndims + d], op, slot))
                return true;
    }
    return false;
}

static const char *period_of_row(sql_ctx *c, int ds)
{
    int pc = c->p->datasets[ds].period_col;
    if (!c->p->has_period || pc < 0)
        return "''";
    rt_expr e = {.op = RT_COLSTR, .slot = pc};
    return sql_fmt(c, "COALESCE(%s, '')", sql_text(c, &e));
}

/* The joins that bring earlier passes' values into the rows of ds. */
static const char *row_joins(sql_ctx *c, const pass *ps, int ds)
{
    const rt_program *p = c->p;
    const char *s = "";
    const char *per = period_of_row(c, ds);
    for (int k = 1; k < ps->k; k++) {
        bool need = false;
        for (int o = 0; o < p->noveralls; o++)
            need = need || (p->overalls[o].pass == k &&
                            row_uses(p, ps, ds, RT_OVERALL, o));
        if (need)
            s = sql_fmt(c, "%s\n  LEFT JOIN o%d ON o%d.period = %s", s, k, k,
                        per);
    }
    for (int q = 0; q < p->nperaggs; q++) {
        if (!row_uses(p, ps, ds, RT_PERAGG, q))
            continue;
        const rt_peragg *pa = &p->peraggs[q];
        const rt_grouping *gr = &p->groupings[pa->grouping];
        const rt_expr *key = gr->dims[ds * gr->ndims];
        if (!key) {
            sql_unsupported(c, "a per-key value read from another dataset");
            continue;
        }
        s = sql_fmt(
            c,
            "%s\n  LEFT JOIN p%d q%d ON q%d.lvl = %d AND q%d.period = %s "
            "AND %s",
            s, p->aggs[pa->agg].pass, q, q, pa->grouping, q, per,
            sql_fmt(c, c->dl->ndeq, sql_fmt(c, "q%d.k%d", q, pa->grouping),
                    sql_text(c, key)));
    }
    return s;
}

static const char *table_of(sql_ctx *c, const sql_opts *o, int ds)
{
    const char *name = c->p->datasets[ds].name;
    for (int i = 0; i < o->ntables; i++)
        if (strcmp(o->tables[i].dataset, name) == 0)
            return o->tables[i].table;
    return sql_ident(c, name);
}

static bool agg_text(const rt_program *p, const rt_agg *a)
{
    return a->arg && sql_type(p, a->arg) == SQL_STR;
}

/* The inputs of aggregate ai from a row of ds: its value (NULL unless
 * the row reaches it and has value and weight), weight, skipped. */
static void agg_inputs(sql_ctx *c, FILE *f, int ai, int ds)
{
    const rt_agg *a = &c->p->aggs[ai];
    const char *tx = agg_text(c->p, a) ? c->dl->t_text : c->dl->t_double;
    if (a->ds != ds) {
        fprintf(f, ",\n    CAST(NULL AS %s) AS a%d_x", tx, ai);
        if (a->weight)
            fprintf(f, ",\n    CAST(NULL AS %s) AS a%d_w", c->dl->t_double, ai);
        fprintf(f, ",\n    0 AS a%d_s", ai);
        return;
    }
    const char *x = !a->arg             ? "1"
                    : agg_text(c->p, a) ? sql_expr(c, a->arg)
                                        : sql_num(c, a->arg);
    const char *ok = sql_fmt(c, "%s IS NOT NULL", x);
    const char *reach =
        a->where ? sql_fmt(c, "%s AND ", sql_expr(c, a->where)) : "";
    if (c->dl->cast_inputs && !agg_text(c->p, a))
        x = sql_fmt(c, "CAST(%s AS %s)", x, tx);
    const char *w = a->weight ? sql_num(c, a->weight) : NULL;
    if (w && c->dl->cast_inputs)
        w = sql_fmt(c, "CAST(%s AS %s)", w, tx);
    if (w)
        ok = sql_fmt(c, "%s AND %s IS NOT NULL", ok, w);
    fprintf(f, ",\n    CASE WHEN %s%s THEN %s END AS a%d_x", reach, ok, x, ai);
    if (w)
        fprintf(f, ",\n    CASE WHEN %s%s THEN %s END AS a%d_w", reach, ok, w,
                ai);
    fprintf(f, ",\n    CASE WHEN %sNOT (%s) THEN 1 ELSE 0 END AS a%d_s", reach,
            ok, ai);
}

static void rows_cte(sql_ctx *c, FILE *f, const sql_opts *o, const pass *ps)
{
    const rt_program *p = c->p;
    bool first = true;
    if (c->dl->temp_table)
        fprintf(f, "-- pass %d: the rows\n%s", ps->k,
                sql_fmt(c, c->dl->temp_table, sql_fmt(c, "p%d_rows", ps->k)));
    else
        sql_cte(c, f, NULL, sql_fmt(c, "p%d_rows", ps->k));
    for (int ds = 0; ds < p->ndatasets; ds++) {
        bool has = false;
        for (int i = 0; i < ps->npairs; i++)
            has = has || ps->pairs[2 * i] == ds;
        if (!has)
            continue;
        c->place = SQL_IN_ROW;
        c->ds = ds;
        fprintf(f, "%s\n  SELECT %d AS ds, %s AS period",
                first ? "" : "\n  UNION ALL", ds, period_of_row(c, ds));
        first = false;
        for (int col = sql_first_col(p); col < p->ndims; col++) {
            const rt_expr *e = dim_expr(p, ps, ds, col);
            fprintf(f, ",\n    %s AS c%d",
                    e ? sql_text(c, e)
                      : sql_fmt(c, "CAST(NULL AS %s)", c->dl->t_text),
                    col);
        }
        for (int i = 0; i < ps->npairs; i++) {
            int g = ps->pairs[2 * i + 1];
            if (!per_key(p, g) || !first_of(ps, i))
                continue;
            const rt_expr *key =
                has_pair(ps, ds, g) ? p->groupings[g].dims[ds] : NULL;
            fprintf(f, ",\n    %s AS k%d",
                    key ? sql_text(c, key)
                        : sql_fmt(c, "CAST(NULL AS %s)", c->dl->t_text),
                    g);
        }
        for (int ai = 0; ai < p->naggs; ai++)
            if (p->aggs[ai].pass == ps->k && p->aggs[ai].ngroupings > 0)
                agg_inputs(c, f, ai, ds);
        fprintf(f, "\n  FROM %s t%s", table_of(c, o, ds), row_joins(c, ps, ds));
    }
    fprintf(f, c->dl->temp_table ? ";\n" : "\n)");
}

static void levels_cte(sql_ctx *c, FILE *f, const pass *ps)
{
    sql_cte(c, f,
            sql_fmt(c,
                    "pass %d: every row once per grouping it feeds (its "
                    "level), then grouped",
                    ps->k),
            sql_fmt(c, "p%d_levels", ps->k));
    for (int i = 0; i < ps->npairs; i++)
        fprintf(f, "%s\n  SELECT %d AS ds, %d AS lvl", i ? " UNION ALL" : "",
                ps->pairs[2 * i], ps->pairs[2 * i + 1]);
    fprintf(f, "\n)");
}

static void fan_cte(sql_ctx *c, FILE *f, const pass *ps)
{
    const rt_program *p = c->p;
    int gs[4096], n = 0;
    for (int i = 0; i < ps->npairs; i++)
        gs[n++] = ps->pairs[2 * i + 1];
    sql_cte(c, f, NULL, sql_fmt(c, "p%d_fan", ps->k));
    fprintf(f, "\n  SELECT l.lvl, r.ds, r.period");
    for (int col = sql_first_col(p); col < p->ndims; col++) {
        const char *in = sql_levels_with(c, gs, n, col);
        if (in)
            fprintf(f, ",\n    CASE WHEN l.lvl IN (%s) THEN r.c%d END AS c%d",
                    in, col, col);
        else
            fprintf(f, ",\n    r.c%d AS c%d", col, col);
    }
    for (int i = 0; i < ps->npairs; i++) {
        int g = ps->pairs[2 * i + 1];
        bool again = false;
        for (int j = 0; j < i; j++)
            again = again || ps->pairs[2 * j + 1] == g;
        if (per_key(p, g) && !again)
            fprintf(f, ",\n    CASE WHEN l.lvl = %d THEN r.k%d END AS k%d", g,
                    g, g);
    }
    for (int ai = 0; ai < p->naggs; ai++)
        if (p->aggs[ai].pass == ps->k && p->aggs[ai].ngroupings > 0)
            fprintf(f, ",\n    r.a%d_x,%s r.a%d_s", ai,
                    p->aggs[ai].weight ? sql_fmt(c, " r.a%d_w,", ai) : "", ai);
    fprintf(f, "\n  FROM p%d_rows r JOIN p%d_levels l ON l.ds = r.ds\n)", ps->k,
            ps->k);
}

/* The value of aggregate ai over a group of the fanned-out rows. */
static const char *agg_value(sql_ctx *c, int ai)
{
    const rt_agg *a = &c->p->aggs[ai];
    const char *x = sql_fmt(c, "a%d_x", ai);
    const char *w = a->weight ? sql_fmt(c, "a%d_w", ai) : NULL;
    const char *wx = w ? sql_fmt(c, "%s * %s", w, x) : x;
    const char *sw = w ? sql_sum(c, w) : sql_fmt(c, "COUNT(%s)", x);
    switch (a->kind) {
    case RT_AGG_COUNT: return w ? sw : sql_fmt(c, "COUNT(%s)", x);
    case RT_AGG_SUM: return sql_sum(c, wx);
    case RT_AGG_MEAN:
    case RT_AGG_SHARE:
        return sql_fmt(c, "%s / NULLIF(%s, 0)", sql_sum(c, wx),
                       sql_fmt(c, "CAST(%s AS %s)", sw, c->dl->t_double));
    case RT_AGG_MIN: return sql_fmt(c, "MIN(%s)", x);
    case RT_AGG_MAX: return sql_fmt(c, "MAX(%s)", x);
    case RT_AGG_DISTINCT: return sql_fmt(c, "COUNT(DISTINCT %s)", x);
    case RT_AGG_MEDIAN:
    case RT_AGG_QUANTILE:
    case RT_AGG_GINI:
    case RT_AGG_QSR:
    case RT_AGG_ARPT:
    case RT_AGG_ARPR:
    case RT_AGG_POORMED:
    case RT_AGG_RMPG: return sql_order_value(c, ai);
    default: /* reported by check_indicator */
        return sql_fmt(c, "CAST(NULL AS %s)", c->dl->t_double);
    }
}

static void group_cte(sql_ctx *c, FILE *f, const pass *ps)
{
    const rt_program *p = c->p;
    const char *keys = "lvl, period";
    for (int col = sql_first_col(p); col < p->ndims; col++)
        keys = sql_fmt(c, "%s, c%d", keys, col);
    for (int i = 0; i < ps->npairs; i++) {
        int g = ps->pairs[2 * i + 1];
        bool again = false;
        for (int j = 0; j < i; j++)
            again = again || ps->pairs[2 * j + 1] == g;
        if (per_key(p, g) && !again)
            keys = sql_fmt(c, "%s, k%d", keys, g);
    }
    const char *from =
        sql_windows(c, f, ps->k, keys, sql_fmt(c, "p%d_fan", ps->k));
    if (c->dl->temp_table)
        fputc('\n', f);
    else
        sql_cte(c, f, NULL, sql_fmt(c, "p%d", ps->k));
    fprintf(f, "\n  SELECT %s", keys);
    for (int ai = 0; ai < p->naggs; ai++) {
        const rt_agg *a = &p->aggs[ai];
        if (a->pass != ps->k || a->ngroupings == 0)
            continue;
        fprintf(
            f,
            ",\n    %s AS a%d,\n    COUNT(a%d_x) AS a%d_n, SUM(a%d_s) AS a%d_s",
            agg_value(c, ai), ai, ai, ai, ai, ai);
        if (a->w2 && a->weight)
            fprintf(f, ",\n    %s AS a%d_w2",
                    sql_sum(c, sql_fmt(c, "a%d_w * a%d_w", ai, ai)), ai);
        else if (a->w2)
            fprintf(f, ",\n    CAST(COUNT(a%d_x) AS %s) AS a%d_w2", ai,
                    c->dl->t_double, ai);
        if (a->w2 && a->weight)
            fprintf(f, ",\n    %s AS a%d_ws",
                    sql_sum(c, sql_fmt(c, "a%d_w", ai)), ai);
    }
    for (int ds = 0; ds < p->ndatasets; ds++)
        fprintf(f, ",\n    MAX(CASE WHEN ds = %d THEN 1 ELSE 0 END) AS f%d", ds,
                ds);
    fprintf(f, "\n  FROM %s\n  GROUP BY %s%s", from, keys,
            c->dl->temp_table ? ";\n" : "\n)");
}

/* The overall values ready after pass k, per period. */
static void overall_cte(sql_ctx *c, FILE *f, int k)
{
    const rt_program *p = c->p;
    unsigned long long passes = 1ull << k;
    bool any = false;
    for (int o = 0; o < p->noveralls; o++)
        if (p->overalls[o].pass == k) {
            passes |= sql_passes_of(p, p->overalls[o].expr);
            any = true;
        }
    if (!any)
        return;
    c->place = SQL_IN_GROUP;
    const char *comment =
        sql_fmt(c, "overall values after pass %d, per period", k);
    if (c->dl->temp_table)
        fprintf(f, "-- %s\n%s\n", comment,
                sql_fmt(c, c->dl->temp_table, sql_fmt(c, "o%d", k)));
    else
        sql_cte(c, f, comment, sql_fmt(c, "o%d", k));
    fprintf(f, "\n  SELECT p%d.period", k);
    for (int o = 0; o < p->noveralls; o++)
        if (p->overalls[o].pass == k)
            fprintf(f, ",\n    %s AS ov%d", sql_expr(c, p->overalls[o].expr),
                    o);
    fprintf(f, "\n  %s\n  WHERE p%d.lvl = 0%s", sql_group_from(c, k, passes, 0),
            k, c->dl->temp_table ? ";\n" : "\n)");
}

static void emit_pass(sql_ctx *c, FILE *f, const sql_opts *o, int k)
{
    const rt_program *p = c->p;
    pass *ps = rt_arena_alloc(c->a, sizeof *ps);
    ps->k = k;
    ps->npairs = 0;
    for (int ai = 0; ai < p->naggs; ai++)
        for (int i = 0; p->aggs[ai].pass == k && i < p->aggs[ai].ngroupings;
             i++)
            add_pair(ps, p->aggs[ai].ds, p->aggs[ai].groupings[i]);
    if (c->dl->temp_table) {
        /* The rows (and their joins to earlier passes) a table too:
         * ClickHouse inlines a CTE wherever it is read. */
        rows_cte(c, f, o, ps);
        fprintf(f, "%s\n", sql_fmt(c, c->dl->temp_table, sql_fmt(c, "p%d", k)));
        c->ncte = 0;
        levels_cte(c, f, ps);
    } else {
        levels_cte(c, f, ps);
        rows_cte(c, f, o, ps);
    }
    fan_cte(c, f, ps);
    group_cte(c, f, ps);
    overall_cte(c, f, k);
}

bool sql_emit(FILE *out, diag *d, const rt_program *p, const ast_program *prog,
              const sql_opts *o)
{
    sql_ctx c = {.a = rt_arena_new(),
                 .p = p,
                 .dl = o->dialect,
                 .d = d,
                 .keep_going = o->keep_going};
    c.skip = rt_arena_alloc(c.a, sizeof(bool) * ((size_t)p->ninds + 1));
    int errors = d->errors, kept = 0;
    for (int i = 0; i < p->ninds; i++) {
        const ast_decl *decl = decl_of(prog, p->inds[i].id);
        c.at = decl ? decl->name_at : (loc){0};
        c.what = p->inds[i].id;
        c.left_out = false;
        check_indicator(&c, &p->inds[i]);
        c.skip[i] = c.left_out;
        kept += !c.left_out;
    }
    c.keep_going = false; /* past the indicators: errors */
    for (int i = 0; i < p->nindexes && !o->keep_going; i++)
        diag_plain(d,
                   "index '%s': a composite index cannot be compiled to SQL "
                   "for %s",
                   p->indexes[i].id, o->dialect->name);
    if (kept == 0)
        diag_plain(d, "no indicator to compile to SQL");
    if (d->errors > errors) {
        rt_arena_free(c.a);
        return false;
    }
    fprintf(out, "-- sicalc sql --dialect %s:", o->dialect->name);
    for (int i = 0; i < o->nfiles; i++)
        fprintf(out, " %s", o->files[i]);
    fprintf(out, "\n-- The rows `sicalc run` writes for the same data, in "
                 "the same order.\n");
    if (!o->dialect->sum_exact)
        fprintf(out,
                "-- Sums: exact over integer columns; over decimals a "
                "%s, so the last digits may differ from sicalc's exact "
                "sums (docs/SCALE.md).\n",
                strstr(o->dialect->exact_sum, "SUM(") == o->dialect->exact_sum
                    ? "double-precision sum"
                    : "compensated double-precision sum");
    fputs(o->dialect->prelude, out);
    for (int k = 1; k <= p->npasses; k++)
        emit_pass(&c, out, o, k);
    c.ncte = c.dl->temp_table ? 0 : c.ncte; /* the query proper */
    if (c.dl->temp_table) /* the rows read more than once: a table */
        fprintf(out, "%s\n", sql_fmt(&c, c.dl->temp_table, "rows_all"));
    for (int i = 0; i < p->ninds; i++) {
        if (c.skip[i])
            continue;
        const ast_decl *decl = decl_of(prog, p->inds[i].id);
        c.at = decl ? decl->name_at : (loc){0};
        c.what = p->inds[i].id;
        const char *where = "";
        if (decl && decl->at.file) {
            int line, col;
            source_linecol(decl->at.file, decl->at.start, &line, &col);
            where = sql_fmt(&c, "%s:%d", decl->at.file->path, line);
        }
        sql_indicator(&c, out, i, where);
    }
    sql_final(&c, out, geo_build(c.a, prog));
    rt_arena_free(c.a);
    return d->errors == errors;
}
