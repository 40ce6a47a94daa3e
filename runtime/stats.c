/* stats.c — normal and gamma quantiles (for intervals), computed to about
 * 1e-14 relative so intervals agree with R's to 1e-9 or better. */
#include "stats.h"

#include <float.h>
#include <math.h>

/* Iterations of the series and continued fraction; they converge long
 * before this for the shapes counts give. */
#define GAMMA_ITER 100000

double rt_qnorm(double p)
{
    /* Acklam's rational approximation, then Halley steps on erfc. */
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                               2.445134137142996e+00, 3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
             c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
        double q = sqrt(-2 * log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
              c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r +
             a[5]) *
            q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    for (int i = 0; i < 3; i++) {
        double e = 0.5 * erfc(-x / sqrt(2)) - p;
        double u = e * sqrt(2 * M_PI) * exp(x * x / 2);
        x = x - u / (1 + x * u / 2);
    }
    return x;
}

static double gamma_series(double x, double a)
{
    double ap = a, del = 1 / a, sum = del;
    for (int n = 0; n < GAMMA_ITER; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (fabs(del) < fabs(sum) * DBL_EPSILON)
            break;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Q(a, x) by Lentz's continued fraction. */
static double gamma_cfrac(double x, double a)
{
    double tiny = DBL_MIN / DBL_EPSILON;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < GAMMA_ITER; i++) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < DBL_EPSILON)
            break;
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

double rt_pgamma(double x, double a)
{
    if (x <= 0)
        return 0;
    return x < a + 1 ? gamma_series(x, a) : 1 - gamma_cfrac(x, a);
}

double rt_qgamma(double p, double a)
{
    /* Bracket, then bisect: slow but sure, and P is monotone in x. */
    double lo = 0, hi = a + 10 * sqrt(a) + 10;
    while (rt_pgamma(hi, a) < p)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (rt_pgamma(mid, a) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

void rt_wilson(double x, double n, double level, double *lo, double *hi)
{
    double z = rt_qnorm(1 - (1 - level) / 2), z2 = z * z;
    double p = x / n;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    /* At 0 and n the bound is exactly 0 or 1 (rounding would leave a
     * trace of 1e-17). */
    *lo = x <= 0 ? 0 : fmax(0, centre - half);
    *hi = x >= n ? 1 : fmin(1, centre + half);
}

void rt_poisson_exact(double k, double level, double *lo, double *hi)
{
    double alpha = (1 - level) / 2;
    *lo = k > 0 ? rt_qgamma(alpha, k) : 0;
    *hi = rt_qgamma(1 - alpha, k + 1);
}
