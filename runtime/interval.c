/* interval.c — confidence intervals of proportions, rates, standardised
 * rates and means, from the aggregates of an output row. */
#include "interval.h"

#include <math.h>

#include "aggstate.h"
#include "stats.h"

/* Kish's effective sample size of the rows an aggregate counted. */
static double effective_n(const rt_aggstate *s)
{
    double w = rt_xsum_value(&s->wsum);
    double w2 = s->w2sum ? rt_xsum_value(s->w2sum) : 0;
    return w2 > 0 ? w * w / w2 : 0;
}

/* A proportion num/den: unweighted on the counts as they are, weighted
 * on Kish's effective sample size of the denominator's rows. */
static bool proportion(const rt_program *p, rt_exec *x, const rt_indicator *ind,
                       int g, int group, const rt_outrow *r, double *lo,
                       double *hi)
{
    double num = r->numerator, den = r->denominator;
    if (num > den)
        return false;
    const rt_aggstate *sd = rt_exec_state(x, ind->den_agg, g, group);
    double n = p->aggs[ind->den_agg].weight ? effective_n(sd) : den;
    if (n <= 0)
        return false;
    double k = num / den * n, level = ind->ci_level;
    switch (ind->ci) {
    case RT_CI_WILSON: rt_wilson(k, n, level, lo, hi); break;
    case RT_CI_WILSON_CC: rt_wilson_cc(k, n, level, lo, hi); break;
    case RT_CI_CLOPPER_PEARSON: rt_clopper_pearson(k, n, level, lo, hi); break;
    default: rt_jeffreys(k, n, level, lo, hi); break;
    }
    return true;
}

/* A count of events over a denominator (a crude rate, or an indirectly
 * standardised ratio over its expected events): the count's Poisson
 * limits over the denominator. Weighted, on the numerator's effective
 * count, scaled back. */
static bool count(const rt_program *p, rt_exec *x, const rt_indicator *ind,
                  int g, int group, const rt_outrow *r, double *lo, double *hi)
{
    double num = r->numerator, k = num;
    if (ind->num_agg >= 0 && p->aggs[ind->num_agg].weight)
        k = effective_n(rt_exec_state(x, ind->num_agg, g, group));
    double per_event = k > 0 ? num / k : 1;
    if (ind->ci == RT_CI_BYAR)
        rt_byar(k, ind->ci_level, lo, hi);
    else
        rt_poisson_exact(k, ind->ci_level, lo, hi);
    *lo = *lo * per_event / r->denominator;
    *hi = *hi * per_event / r->denominator;
    return true;
}

/* Dobson et al. (1991): DSR + sqrt(V / O) (O_limit - O), O the total
 * events, V = Σ (w_i / n_i)² O_i the variance of the DSR, and O's
 * limits Byar's (PHE's phe_dsr) or exact. */
static bool dobson(const rt_indicator *ind, const rt_value *vals,
                   const rt_outrow *r, double *lo, double *hi)
{
    const rt_standard *sd = ind->std;
    double o = 0, v = 0;
    for (int i = 0; i < sd->nstrata; i++) {
        rt_value e = vals[sd->events[i]], n = vals[sd->population[i]];
        if (e.tag != RT_NUM || n.tag != RT_NUM || n.num <= 0 || e.num < 0)
            return false;
        double w = sd->weight[i] / n.num;
        o += e.num;
        v += w * w * e.num;
    }
    if (o <= 0)
        return false; /* no events: the method has no width to scale */
    double olo, ohi, dsr = r->value / ind->scale;
    if (ind->ci == RT_CI_DOBSON)
        rt_byar(o, ind->ci_level, &olo, &ohi);
    else
        rt_poisson_exact(o, ind->ci_level, &olo, &ohi);
    double f = sqrt(v / o);
    *lo = dsr + f * (olo - o);
    *hi = dsr + f * (ohi - o);
    return true;
}

/* The degrees of freedom of a mean's t interval without a design: n - 1.
 * With a design the interval is the standard error's (finish.c), with
 * the design's degrees of freedom (PSUs minus strata). */
static double t_df(const rt_aggstate *s)
{
    return (double)s->n - 1;
}

/* Student's t for an unweighted mean: s² = (Σx² - (Σx)²/n) / (n - 1)
 * from the exact sums (the rounding of (Σx)²/n is the one error). */
static bool mean_t(rt_exec *x, const rt_indicator *ind, int g, int group,
                   const rt_outrow *r, double *lo, double *hi)
{
    const rt_aggstate *s = rt_exec_state(x, ind->mean_agg, g, group);
    double df = t_df(s), n = (double)s->n;
    if (df < 1 || !s->w2sum)
        return false;
    double sx = rt_xsum_value(&s->sum), sxx = rt_xsum_value(&s->w2sum[1]);
    double ss = fma(-(sx / n), sx, sxx);
    double se = sqrt(fmax(ss, 0) / (n - 1) / n);
    rt_t_interval(sx / n, se, df, ind->ci_level, lo, hi);
    return true;
}

void rt_interval(const rt_program *p, rt_exec *x, const rt_indicator *ind,
                 int g, int group, const rt_value *vals, rt_outrow *r)
{
    /* A linearised interval comes with the standard error (finish.c). */
    if (ind->ci == RT_CI_NONE || ind->ci == RT_CI_LINEARISED ||
        (ind->ci == RT_CI_T && ind->se) || !r->has_value)
        return;
    double lo, hi;
    bool ok;
    switch (ind->ci) {
    case RT_CI_DOBSON:
    case RT_CI_DOBSON_EXACT: ok = dobson(ind, vals, r, &lo, &hi); break;
    case RT_CI_T: ok = mean_t(x, ind, g, group, r, &lo, &hi); break;
    default:
        ok = r->has_numerator && r->has_denominator && r->denominator > 0 &&
             r->numerator >= 0;
        if (ok && (ind->ci == RT_CI_POISSON || ind->ci == RT_CI_BYAR))
            ok = count(p, x, ind, g, group, r, &lo, &hi);
        else if (ok)
            ok = proportion(p, x, ind, g, group, r, &lo, &hi);
        break;
    }
    if (!ok)
        return;
    r->ci_low = lo * ind->scale;
    r->ci_high = hi * ind->scale;
    r->has_ci = isfinite(r->ci_low) && isfinite(r->ci_high);
}
