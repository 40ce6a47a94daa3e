/* sql_interval.c — the closed-form intervals besides Wilson's
 * (runtime/interval.c, runtime/stats.c): Wilson's with continuity
 * correction, Byar's for a count over a denominator, Dobson's for a
 * directly standardised rate (Byar's limits of the total events). The
 * ones that need beta or gamma quantiles are refused in sql_emit.c. */
#include "../runtime/stats.h"
#include "sql_int.h"

static const char *z_of(sql_ctx *c, const rt_indicator *ind)
{
    return sql_double(c, rt_qnorm(1 - (1 - ind->ci_level) / 2));
}

/* Byar's limits of a count k (rt_byar), as SQL over the text k. */
static const char *byar(sql_ctx *c, const char *z, const char *k, bool high)
{
    const char *dbl = c->dl->t_double;
    if (high) {
        const char *k1 = sql_fmt(c, "(CAST(%s AS %s) + 1)", k, dbl);
        const char *b =
            sql_fmt(c, "(1 - 1 / (9 * %s) + %s / (3 * SQRT(%s)))", k1, z, k1);
        return sql_fmt(c, "(%s * %s * %s * %s)", k1, b, b, b);
    }
    const char *kd = sql_fmt(c, "CAST(%s AS %s)", k, dbl);
    const char *b = sql_fmt(c,
                            "(1 - 1 / (9 * NULLIF(%s, 0)) - %s / (3 * "
                            "SQRT(NULLIF(%s, 0))))",
                            kd, z, kd);
    const char *l = sql_fmt(c, "(%s * %s * %s * %s)", kd, b, b, b);
    return sql_fmt(c, "(CASE WHEN %s > 0 AND %s > 0 THEN %s ELSE 0 END)", kd, l,
                   l);
}

static void wilson_cc(sql_ctx *c, FILE *f, const rt_indicator *ind,
                      const char *scale)
{
    const char *dbl = c->dl->t_double, *z = z_of(c, ind);
    const char *n = sql_fmt(c, "CAST(ci_n AS %s)", dbl);
    const char *est = sql_fmt(c, "(CAST(numerator AS %s) / denominator)", dbl);
    const char *x = sql_fmt(c, "(%s * %s)", est, n);
    const char *z22n = sql_fmt(c, "(%s * %s / (2 * %s))", z, z, n);
    const char *d = sql_fmt(c, "(%s - %s * 0.5)", x, n);
    const char *yates =
        sql_fmt(c, "(CASE WHEN ABS(%s) < 0.5 THEN ABS(%s) ELSE 0.5 END)", d, d);
    const char *ok =
        "value IS NOT NULL AND numerator IS NOT NULL AND denominator > 0 AND "
        "numerator >= 0 AND numerator <= denominator AND ci_n > 0";
    for (int hi = 0; hi < 2; hi++) {
        const char *pc =
            sql_fmt(c, "(%s %s %s / %s)", est, hi ? "+" : "-", yates, n);
        const char *lim = sql_fmt(
            c,
            "(%s + %s %s %s * SQRT(%s * (1 - %s) / %s + %s / (2 * %s))) / "
            "(1 + 2 * %s)",
            pc, z22n, hi ? "+" : "-", z, pc, pc, n, z22n, n, z22n);
        fprintf(f,
                ",\n    CASE WHEN %s THEN (CASE WHEN %s %s THEN %s ELSE %s "
                "END) * %s END AS %s",
                ok, pc, hi ? ">= 1" : "<= 0", hi ? "1" : "0", lim, scale,
                hi ? "ci_high" : "ci_low");
    }
}

/* A count over a denominator: Byar's limits of the numerator over it. */
static void count(sql_ctx *c, FILE *f, const rt_indicator *ind,
                  const char *scale)
{
    const char *z = z_of(c, ind);
    const char *ok = "value IS NOT NULL AND numerator IS NOT NULL AND "
                     "denominator > 0 AND numerator >= 0";
    for (int hi = 0; hi < 2; hi++)
        fprintf(f, ",\n    CASE WHEN %s THEN %s / denominator * %s END AS %s",
                ok, byar(c, z, "numerator", hi), scale,
                hi ? "ci_high" : "ci_low");
}

/* Dobson: DSR + sqrt(V / O) (O's limit - O), from std_ok, std_o, std_v
 * (sql_interval_sums). */
static void dobson(sql_ctx *c, FILE *f, const rt_indicator *ind,
                   const char *scale)
{
    const char *z = z_of(c, ind);
    const char *dsr = sql_fmt(c, "(value / %s)", scale);
    const char *fac = "SQRT(std_v / std_o)";
    for (int hi = 0; hi < 2; hi++)
        fprintf(f,
                ",\n    CASE WHEN value IS NOT NULL AND std_ok = 1 AND std_o > "
                "0 THEN (%s + %s * (%s - std_o)) * %s END AS %s",
                dsr, fac, byar(c, z, "std_o", hi), scale,
                hi ? "ci_high" : "ci_low");
}

void sql_interval(sql_ctx *c, FILE *f, const rt_indicator *ind)
{
    const char *scale = sql_double(c, ind->scale);
    switch (ind->ci) {
    case RT_CI_WILSON_CC: wilson_cc(c, f, ind, scale); break;
    case RT_CI_BYAR: count(c, f, ind, scale); break;
    case RT_CI_DOBSON: dobson(c, f, ind, scale); break;
    default:
        fprintf(
            f, ",\n    CAST(NULL AS %s) AS ci_low, CAST(NULL AS %s) AS ci_high",
            c->dl->t_double, c->dl->t_double);
        break;
    }
}

void sql_interval_sums(sql_ctx *c, FILE *f, const rt_indicator *ind)
{
    const rt_standard *sd = ind->std;
    if (ind->ci != RT_CI_DOBSON || !sd)
        return;
    const char *ok = "1 = 1", *o = "0", *v = "0";
    for (int i = 0; i < sd->nstrata; i++) {
        const rt_agg *ea = &c->p->aggs[sd->events[i]];
        const rt_agg *na = &c->p->aggs[sd->population[i]];
        const char *e = sql_fmt(c, "p%d.a%d", ea->pass, sd->events[i]);
        const char *n = sql_fmt(c, "p%d.a%d", na->pass, sd->population[i]);
        ok = sql_fmt(c,
                     "%s AND %s IS NOT NULL AND %s IS NOT NULL AND %s > 0 AND "
                     "%s >= 0",
                     ok, e, n, n, e);
        const char *w =
            sql_fmt(c, "(%s / NULLIF(CAST(%s AS %s), 0))",
                    sql_double(c, sd->weight[i]), n, c->dl->t_double);
        o = i ? sql_fmt(c, "%s + %s", o, e) : e;
        v = i ? sql_fmt(c, "%s + %s * %s * %s", v, w, w, e)
              : sql_fmt(c, "%s * %s * %s", w, w, e);
    }
    fprintf(f,
            ",\n    CASE WHEN %s THEN 1 ELSE 0 END AS std_ok,\n    CAST(%s AS "
            "%s) AS std_o,\n    CAST(%s AS %s) AS std_v",
            ok, o, c->dl->t_double, v, c->dl->t_double);
}
