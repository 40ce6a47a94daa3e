/* student.c — the t distribution by the regularized incomplete beta
 * function (a continued fraction) and Newton's method on it. */
#include "student.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "stats.h"

#define BETA_ITER 10000

/* The continued fraction of I_x(a, b) (modified Lentz). */
static double beta_cfrac(double x, double a, double b)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    d = fabs(d) < tiny ? tiny : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= BETA_ITER; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1 + aa / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1 + aa / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < DBL_EPSILON)
            break;
    }
    return h;
}

/* Stirling's correction lgamma(x) − ((x − ½) ln x − x + ½ ln 2π), for
 * x >= 10 (its series to x^-9 is below 1e-17 there). */
static double stirling_cor(double x)
{
    double x2 = 1 / (x * x);
    return (1.0 / 12 -
            x2 * (1.0 / 360 -
                  x2 * (1.0 / 1260 - x2 * (1.0 / 1680 - x2 / 1188)))) /
           x;
}

/* ln Γ(a + ½) − ln Γ(a): the difference of two large lgammas loses the
 * digits a t with many degrees of freedom needs, so past 10 it is
 * Stirling's form with both corrections, in well-conditioned terms. */
static double lgamma_half_ratio(double a)
{
    if (a < 10)
        return lgamma(a + 0.5) - lgamma(a);
    return a * log1p(0.5 / a) + 0.5 * log(a) - 0.5 + stirling_cor(a + 0.5) -
           stirling_cor(a);
}

/* P(T > |t|) for T ~ t(df): ½ I_x(df/2, ½) with x = df / (df + t²),
 * ln x and ln(1 − x) taken without cancelling. */
static double upper_tail(double t, double df)
{
    double a = df / 2, b = 0.5, t2 = t * t;
    double x = df / (df + t2), y = t2 / (df + t2), lx = -log1p(t2 / df),
           l1x = log(t2) - log(df + t2);
    if (t2 == 0)
        return 0.5;
    double lbt = lgamma_half_ratio(a) - 0.5 * log(M_PI) + a * lx + b * l1x;
    double i;
    if (x < 0.5) /* each continued fraction where it converges fast */
        i = exp(lbt) * beta_cfrac(x, a, b) / a;
    else
        i = 1 - exp(lbt) * beta_cfrac(y, b, a) / b;
    return 0.5 * i;
}

double rt_pt(double t, double df)
{
    double tail = upper_tail(t, df);
    return t > 0 ? 1 - tail : tail;
}

static double density(double t, double df)
{
    return exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * M_PI) -
               (df + 1) / 2 * log1p(t * t / df));
}

double rt_qt(double p, double df)
{
    /* Newton from the normal quantile, on the tail nearer to p for
     * accuracy; the t quantile is farther out, so steps go outwards. */
    bool upper = p > 0.5;
    double q = upper ? 1 - p : p;
    double t = rt_qnorm(q);
    for (int i = 0; i < 100; i++) {
        double f = rt_pt(t, df) - q;
        double step = f / density(t, df);
        t -= step;
        if (fabs(step) <= 1e-15 * fabs(t))
            break;
    }
    return upper ? -t : t;
}
