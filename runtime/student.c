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

/* The regularized incomplete beta I_x(a, b). */
static double ibeta(double x, double a, double b)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    double lbt =
        lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1) / (a + b + 2))
        return exp(lbt) * beta_cfrac(x, a, b) / a;
    return 1 - exp(lbt) * beta_cfrac(1 - x, b, a) / b;
}

double rt_pt(double t, double df)
{
    double tail = 0.5 * ibeta(df / (df + t * t), df / 2, 0.5);
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
