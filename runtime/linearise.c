/* linearise.c — influence values of aggregates and of expressions over
 * them, summed per PSU, into a design-based standard error. */
#include "linearise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggstate.h"
#include "design.h"
#include "stats.h"

/* ---- the expression: its derivative in one aggregate ---- */

static double num_of(const rt_expr *e, rt_env *env)
{
    rt_value v = rt_eval(e, env);
    return v.tag == RT_NUM ? v.num : v.tag == RT_BOOL ? v.b : NAN;
}

/* d e / d agg, at the group's values; NaN where e is not smooth in its
 * aggregates (a comparison, a rounding). An overall value is a constant:
 * its own sampling error is not propagated (docs/STATISTICS.md). */
static double deriv(const rt_expr *e, rt_env *env, int agg)
{
    rt_expr *const *k = e->kids;
    switch (e->op) {
    case RT_CONST:
    case RT_OVERALL: return 0;
    case RT_AGG: return e->slot == agg;
    case RT_NEG: return -deriv(k[0], env, agg);
    case RT_ADD: return deriv(k[0], env, agg) + deriv(k[1], env, agg);
    case RT_SUB: return deriv(k[0], env, agg) - deriv(k[1], env, agg);
    case RT_MUL: {
        double d0 = deriv(k[0], env, agg), d1 = deriv(k[1], env, agg);
        return (d0 ? d0 * num_of(k[1], env) : 0) +
               (d1 ? d1 * num_of(k[0], env) : 0);
    }
    case RT_DIV: {
        double a = num_of(k[0], env), b = num_of(k[1], env);
        double d0 = deriv(k[0], env, agg), d1 = deriv(k[1], env, agg);
        return (d0 ? d0 / b : 0) - (d1 ? a * d1 / (b * b) : 0);
    }
    case RT_POW: {
        double a = num_of(k[0], env), b = num_of(k[1], env);
        double d0 = deriv(k[0], env, agg), d1 = deriv(k[1], env, agg);
        return (d0 ? b * pow(a, b - 1) * d0 : 0) +
               (d1 ? pow(a, b) * log(a) * d1 : 0);
    }
    case RT_SQRT: {
        double d0 = deriv(k[0], env, agg);
        return d0 ? d0 / (2 * sqrt(num_of(k[0], env))) : 0;
    }
    case RT_LOG: {
        double d0 = deriv(k[0], env, agg);
        return d0 ? d0 / num_of(k[0], env) : 0;
    }
    case RT_EXP: {
        double d0 = deriv(k[0], env, agg);
        return d0 ? d0 * exp(num_of(k[0], env)) : 0;
    }
    case RT_ABS: {
        double d0 = deriv(k[0], env, agg);
        return d0 ? (num_of(k[0], env) < 0 ? -d0 : d0) : 0;
    }
    case RT_IF: return deriv(rt_eval_true(k[0], env) ? k[1] : k[2], env, agg);
    default: return NAN;
    }
}

/* ---- a domain's records ---- */

typedef struct domain {
    rt_dsample *v; /* sorted by x, then w */
    size_t n;
    double N, swy, h; /* Σ w, Σ w·x, the kernel bandwidth */
} domain;

static int cmp_ds(const void *pa, const void *pb)
{
    const rt_dsample *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->w > b->w) - (a->w < b->w);
}

/* The state's records, sorted when asked (the order statistics need it),
 * with their totals and convey's bandwidth h = σ / N^(1/5) (N the sum of
 * weights). */
static domain domain_of(const rt_aggstate *s, bool sorted)
{
    domain d = {0};
    if (!s || !s->design)
        return d;
    d.n = s->design->n;
    d.v = rt_xcalloc(d.n + 1, sizeof *d.v);
    memcpy(d.v, s->design->v, d.n * sizeof *d.v);
    if (sorted)
        qsort(d.v, d.n, sizeof *d.v, cmp_ds);
    long double sw = 0, swy = 0, swy2 = 0;
    for (size_t i = 0; i < d.n; i++) {
        sw += d.v[i].w;
        swy += (long double)d.v[i].w * d.v[i].x;
        swy2 += (long double)d.v[i].w * d.v[i].x * d.v[i].x;
    }
    d.N = (double)sw;
    d.swy = (double)swy;
    double var = (double)((swy2 - swy * swy / sw) / sw);
    d.h = sqrt(var) / exp(0.2 * log(d.N));
    return d;
}

static double phi(double u)
{
    return exp(-u * u / 2) / sqrt(2 * M_PI);
}

/* The kernel density of the domain's values at x0 (its own bandwidth). */
static double density(const domain *d, double x0)
{
    long double s = 0;
    for (size_t i = 0; i < d->n; i++)
        s += d->v[i].w * phi((x0 - d->v[i].x) / d->h);
    return (double)(s / (d->N * d->h));
}

/* Σ w·x·φ((x0 − x)/h) / Σ w·φ((x0 − x)/h): S'(x0) / (N f(x0)). */
static double partial_mean(const domain *d, double x0)
{
    long double a = 0, b = 0;
    for (size_t i = 0; i < d->n; i++) {
        double k = d->v[i].w * phi((x0 - d->v[i].x) / d->h);
        a += k * d->v[i].x;
        b += k;
    }
    return (double)(a / b);
}

/* The weighted quantile of the sorted records as laeken takes it (the
 * first value whose cumulative weight share exceeds p). */
static double quantile(const domain *d, double p)
{
    if (d->n == 0)
        return NAN;
    if (p <= 0)
        return d->v[0].x;
    long double cum = 0;
    for (size_t i = 0; i < d->n; i++) {
        cum += d->v[i].w;
        if ((double)cum / d->N > p)
            return d->v[i].x;
    }
    return d->v[d->n - 1].x;
}

/* The laeken median of the values below t (the poor). */
static double poor_median(const domain *d, double t)
{
    long double np = 0, cum = 0;
    for (size_t i = 0; i < d->n && d->v[i].x < t; i++)
        np += d->v[i].w;
    for (size_t i = 0; i < d->n && d->v[i].x < t; i++) {
        cum += d->v[i].w;
        if ((double)cum / (double)np > 0.5)
            return d->v[i].x;
    }
    return NAN;
}

static double share_at_most(const domain *d, double q)
{
    long double s = 0;
    for (size_t i = 0; i < d->n && d->v[i].x <= q; i++)
        s += d->v[i].w;
    return (double)(s / d->N);
}

static double share_below(const domain *d, double t)
{
    long double s = 0;
    for (size_t i = 0; i < d->n && d->v[i].x < t; i++)
        s += d->v[i].w;
    return (double)(s / d->N);
}

/* ---- influence values, added as c·w·z into the PSU totals u ---- */

/* A quantile's: −(1{x ≤ q} − p) / (N f(q)). */
static void add_quantile(double *u, double c, const domain *d, double q,
                         double p)
{
    double nf = d->N * density(d, q);
    for (size_t i = 0; i < d->n; i++)
        u[d->v[i].psu] -= c * d->v[i].w * ((d->v[i].x <= q) - p) / nf;
}

/* The at-risk-of-poverty rate's (convey's svyarpr): the domain's term and
 * the threshold's, estimated on the whole period (tot). */
static void add_arpr(double *u, double c, const domain *d, const domain *tot,
                     double t, double pi)
{
    double r = share_below(d, t);
    for (size_t i = 0; i < d->n; i++)
        u[d->v[i].psu] += c * d->v[i].w * ((d->v[i].x < t) - r) / d->N;
    add_quantile(u, c * pi * density(d, t), tot, quantile(tot, 0.5), 0.5);
}

/* The median of the poor's (convey's svypoormed). */
static void add_poormed(double *u, double c, const domain *d, const domain *tot,
                        double t, double pi, double m)
{
    double f = density(d, m), r = share_below(d, t);
    add_arpr(u, c * 0.5 / f, d, tot, t, pi);
    for (size_t i = 0; i < d->n; i++)
        u[d->v[i].psu] -=
            c * d->v[i].w * ((d->v[i].x <= m) - 0.5 * r) / (d->N * f);
}

/* The Gini coefficient's (convey's svygini): with r_i the cumulative
 * weight, T = Σ w x, A = Σ r_i w_i x_i and
 * a_i = x_i (W(x_i) + w_i) + Σ_{x_j > x_i} w_j x_j,
 * z_i = 2 a_i/(N T) − 2 A x_i/(N T²) − (2A − T)/(N² T). */
static void add_gini(double *u, double c, const domain *d)
{
    long double cum = 0, A = 0;
    for (size_t i = 0; i < d->n; i++) {
        cum += d->v[i].w;
        A += cum * d->v[i].w * d->v[i].x;
    }
    double N = d->N, T = d->swy, a2 = 2 * (double)A;
    long double W = 0, below = 0; /* through the end of the tie group */
    for (size_t i = 0; i < d->n;) {
        size_t j = i;
        long double gw = 0, gwy = 0;
        for (; j < d->n && d->v[j].x == d->v[i].x; j++) {
            gw += d->v[j].w;
            gwy += (long double)d->v[j].w * d->v[j].x;
        }
        W += gw;
        below += gwy;
        double above = (double)((long double)T - below);
        for (size_t k = i; k < j; k++) {
            double x = d->v[k].x;
            double ai = x * ((double)W + d->v[k].w) + above;
            double z = 2 * ai / (N * T) - a2 * x / (N * T * T) -
                       (a2 - T) / (N * N * T);
            u[d->v[k].psu] += c * d->v[k].w * z;
        }
        i = j;
    }
}

/* The quintile share ratio's (convey's svyqsr), with laeken's quantiles. */
static void add_qsr(double *u, double c, const domain *d)
{
    double q20 = quantile(d, 0.2), q80 = quantile(d, 0.8);
    long double s20 = 0, s80 = 0;
    for (size_t i = 0; i < d->n; i++) {
        double wy = d->v[i].w * d->v[i].x;
        s20 += d->v[i].x <= q20 ? wy : 0;
        s80 += d->v[i].x > q80 ? wy : 0;
    }
    double S20 = (double)s20, S80 = (double)s80;
    double m20 = partial_mean(d, q20), m80 = partial_mean(d, q80);
    for (size_t i = 0; i < d->n; i++) {
        double y = d->v[i].x;
        double z20 = (y <= q20 ? y : 0) - m20 * ((y <= q20) - 0.2);
        double z80 = y - ((y <= q80 ? y : 0) - m80 * ((y <= q80) - 0.8));
        double z = z80 / S20 - S80 * z20 / (S20 * S20);
        u[d->v[i].psu] += c * d->v[i].w * z;
    }
}

/* The influence values of aggregate a (its value v) in its group
 * (domain d) and period (tot: the aggregate's total group), times c;
 * false when the kind has none. */
static bool add_agg(double *u, double c, const rt_agg *a, double v,
                    const domain *d, const domain *tot)
{
    switch (a->kind) {
    case RT_AGG_COUNT:
    case RT_AGG_SUM:
        for (size_t i = 0; i < d->n; i++)
            u[d->v[i].psu] +=
                c * d->v[i].w * (a->kind == RT_AGG_COUNT ? 1 : d->v[i].x);
        return true;
    case RT_AGG_MEAN:
    case RT_AGG_SHARE:
        for (size_t i = 0; i < d->n; i++)
            u[d->v[i].psu] += c * d->v[i].w * (d->v[i].x - v) / d->N;
        return true;
    case RT_AGG_MEDIAN: add_quantile(u, c, d, v, 0.5); return true;
    case RT_AGG_QUANTILE: add_quantile(u, c, d, v, a->p); return true;
    case RT_AGG_ARPT:
        add_quantile(u, c * a->p, d, quantile(d, 0.5), 0.5);
        return true;
    case RT_AGG_GINI: add_gini(u, c, d); return true;
    case RT_AGG_QSR: add_qsr(u, c, d); return true;
    case RT_AGG_ARPR:
    case RT_AGG_POORMED:
    case RT_AGG_RMPG: {
        if (!tot || tot->n == 0)
            return false;
        double qt = quantile(tot, 0.5), t = a->p * qt;
        if (a->kind == RT_AGG_ARPR) {
            add_arpr(u, c, d, tot, t, a->p);
            return true;
        }
        double m = poor_median(d, t);
        if (isnan(m))
            return false;
        double cp = a->kind == RT_AGG_POORMED ? c : -c / t;
        add_poormed(u, cp, d, tot, t, a->p, m);
        if (a->kind == RT_AGG_RMPG)
            add_quantile(u, c * m / (t * t) * a->p, tot, qt, 0.5);
        return true;
    }
    default: return false;
    }
}

/* ---- the indicator ---- */

/* The one data file the indicator's aggregates read, or -1. */
static int data_file(const rt_program *p, const rt_indicator *ind)
{
    int ds = -1;
    for (int i = 0; i < ind->naggs; i++) {
        int d = p->aggs[ind->aggs[i]].ds;
        if (ds >= 0 && d != ds)
            return -1;
        ds = d;
    }
    return ds;
}

/* The variance of the PSU totals u, its square root. (A stratum with one
 * PSU under lonely fail stopped the run before: exec.c.) */
static double se_of(const rt_program *p, rt_exec *x, int ds, const char *period,
                    const double *u)
{
    const char *lonely;
    double v = rt_design_variance(rt_exec_psus(x), ds, period, u,
                                  p->datasets[ds].design->lonely, &lonely);
    return isnan(v) ? NAN : sqrt(fabs(v));
}

/* Woodruff's interval of a quantile q at level (R survey's svyquantile,
 * interval.type "mean"): the SE s of the share P at or below q, then
 * [Q(P − t s), Q(P + t s)] with t of the design's degrees of freedom in
 * the domain; the SE is its width / 2t. */
static void woodruff(const rt_program *p, rt_exec *x, int ds,
                     const char *period, const domain *d, double q,
                     double level, double *u, rt_se *r)
{
    int npsu = rt_psutab_count(rt_exec_psus(x));
    double P = share_at_most(d, q);
    bool *in = rt_xcalloc((size_t)npsu + 1, sizeof *in);
    for (size_t i = 0; i < d->n; i++) {
        u[d->v[i].psu] += d->v[i].w * ((d->v[i].x <= q) - P) / d->N;
        in[d->v[i].psu] = true;
    }
    double s = se_of(p, x, ds, period, u);
    int df = rt_design_df(rt_exec_psus(x), ds, period, in);
    free(in);
    r->df = df;
    if (isnan(s) || df < 1)
        return;
    double t = rt_qt(1 - (1 - level) / 2, df);
    r->lo = quantile(d, P - t * s);
    r->hi = quantile(d, P + t * s);
    r->se = (r->hi - r->lo) / (2 * t);
}

rt_se rt_linearised_se(const rt_program *p, rt_exec *x, const rt_indicator *ind,
                       int g, int group, rt_env *env, double level)
{
    rt_se r = {NAN, NAN, NAN, 0};
    int ds = data_file(p, ind);
    if (ds < 0 || !p->datasets[ds].design || !rt_exec_psus(x))
        return r;
    int per = rt_exec_group_period(x, g, group);
    const char *period = rt_exec_period_name(x, per);
    int npsu = rt_psutab_count(rt_exec_psus(x));
    double *u = rt_xcalloc((size_t)npsu + 1, sizeof *u);
    const rt_expr *value = ind->value;
    if (value && value->op == RT_AGG &&
        (p->aggs[value->slot].kind == RT_AGG_MEDIAN ||
         p->aggs[value->slot].kind == RT_AGG_QUANTILE)) {
        domain d = domain_of(rt_exec_state(x, value->slot, g, group), true);
        double q = env->agg[value->slot].num;
        if (d.n && env->agg[value->slot].tag == RT_NUM)
            woodruff(p, x, ds, period, &d, q, level, u, &r);
        free(d.v);
        free(u);
        return r;
    }
    bool ok = true;
    bool *in = rt_xcalloc((size_t)npsu + 1, sizeof *in); /* the domain's PSUs */
    for (int i = 0; ok && i < ind->naggs; i++) {
        int ag = ind->aggs[i];
        double c;
        if (value) {
            c = deriv(value, env, ag);
        } else {
            double a = num_of(ind->numerator, env);
            double b = num_of(ind->denominator, env);
            c = deriv(ind->numerator, env, ag) / b -
                a * deriv(ind->denominator, env, ag) / (b * b);
        }
        if (c == 0)
            continue;
        if (!isfinite(c) || env->agg[ag].tag != RT_NUM) {
            ok = false;
            break;
        }
        rt_aggkind k = p->aggs[ag].kind;
        bool linear = k == RT_AGG_COUNT || k == RT_AGG_SUM ||
                      k == RT_AGG_MEAN || k == RT_AGG_SHARE;
        bool whole = k == RT_AGG_ARPR || k == RT_AGG_POORMED ||
                     k == RT_AGG_RMPG; /* the period's threshold */
        domain d = domain_of(rt_exec_state(x, ag, g, group), !linear);
        domain tot =
            whole ? domain_of(rt_exec_state(x, ag, 0, per), true) : (domain){0};
        ok = d.n > 0 && add_agg(u, c, &p->aggs[ag], env->agg[ag].num, &d, &tot);
        for (size_t j = 0; j < d.n; j++)
            in[d.v[j].psu] = true;
        free(d.v);
        free(tot.v);
    }
    if (ok) {
        r.se = se_of(p, x, ds, period, u);
        r.df = rt_design_df(rt_exec_psus(x), ds, period, in);
    }
    free(in);
    free(u);
    return r;
}
