/* stats.c — normal, gamma, beta and t quantiles and the intervals built
 * on them, computed to about 1e-14 relative so intervals agree with R's
 * to 1e-12. */
#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>

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

/* The regularised incomplete beta by Lentz's continued fraction
 * (converges fast for x < (a + 1) / (a + b + 2)). */
static double beta_cfrac(double x, double a, double b)
{
    double tiny = DBL_MIN / DBL_EPSILON;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    if (fabs(d) < tiny)
        d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m < GAMMA_ITER; m++) {
        for (int odd = 0; odd < 2; odd++) {
            double num =
                odd ? -(a + m) * (a + b + m) * x /
                          ((a + 2 * m) * (a + 2 * m + 1))
                    : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + num * d;
            if (fabs(d) < tiny)
                d = tiny;
            c = 1 + num / c;
            if (fabs(c) < tiny)
                c = tiny;
            d = 1 / d;
            h *= d * c;
            if (odd && fabs(d * c - 1) < DBL_EPSILON)
                return h;
        }
    }
    return h;
}

/* Stirling's remainder lgamma(z) - ((z - 1/2) log z - z + log(2 pi)/2),
 * z >= 10, where its series is exact to the last bit. */
static double stirling_rest(double z)
{
    double z2 = 1 / (z * z);
    return (1.0 / 12 -
            z2 * (1.0 / 360 -
                  z2 * (1.0 / 1260 - z2 * (1.0 / 1680 - z2 * (1.0 / 1188))))) /
           z;
}

/* log1p(y) - y without cancellation: -y²/(2+y) + 2(r³/3 + r⁵/5 + ...),
 * r = y/(2+y), for |y| < 1/2. */
static double log1pmx(double y)
{
    if (fabs(y) >= 0.5)
        return log1p(y) - y;
    double r = y / (2 + y), r2 = r * r, term = r * r2, sum = 0;
    for (int k = 3; k < 80 && fabs(term) > 1e-18 * fabs(y * y); k += 2) {
        sum += term / k;
        term *= r2;
    }
    return -y * y / (2 + y) + 2 * sum;
}

/* log(x^a (1-x)^b / B(a, b)), y = 1 - x given as well. lgamma of a
 * large argument has an absolute error that would swamp the small
 * difference wanted, so large a and b go through Stirling's form
 * (the deviance a log1pmx(d/a) + b log1pmx(-d/b), d = x(a+b) - a). */
static double log_beta_front(double x, double y, double a, double b)
{
    double s = a + b;
    if (a >= 10 && b >= 10) {
        double d = fma(x, s, -a);
        return a * log1pmx(d / a) + b * log1pmx(-d / b) +
               0.5 * log(a / s * b / (2 * M_PI)) - stirling_rest(a) -
               stirling_rest(b) + stirling_rest(s);
    }
    if (b >= 10)
        return a * log(x * s) - a + b * (x < 0.5 ? log1p(-x) : log(y)) -
               (b - 0.5) * log1p(-a / s) - lgamma(a) - stirling_rest(b) +
               stirling_rest(s);
    if (a >= 10)
        return log_beta_front(y, x, b, a);
    return lgamma(s) - lgamma(a) - lgamma(b) +
           a * (x > 0.5 ? log1p(-y) : log(x)) +
           b * (x < 0.5 ? log1p(-x) : log(y));
}

/* Both tails of the beta(a, b) distribution at x, each computed where
 * it is the small one, so a quantile near either end keeps its digits. */
static void pbeta_tails(double x, double a, double b, double *lower,
                        double *upper)
{
    if (x <= 0) {
        *lower = 0;
        *upper = 1;
        return;
    }
    if (x >= 1) {
        *lower = 1;
        *upper = 0;
        return;
    }
    double front = exp(log_beta_front(x, 1 - x, a, b));
    if (x < (a + 1) / (a + b + 2)) {
        *lower = front * beta_cfrac(x, a, b) / a;
        *upper = 1 - *lower;
    } else {
        *upper = front * beta_cfrac(1 - x, b, a) / b;
        *lower = 1 - *upper;
    }
}

double rt_pbeta(double x, double a, double b)
{
    double lo, up;
    pbeta_tails(x, a, b, &lo, &up);
    return lo;
}

double rt_qbeta(double p, double a, double b)
{
    /* Bisection on the tail that is small at the answer: P is monotone
     * in x, and 1100 halvings reach the smallest doubles. */
    bool upper = p > 0.5;
    double target = upper ? 1 - p : p;
    double lo = 0, hi = 1;
    for (int i = 0; i < 1100 && hi - lo > 4 * DBL_EPSILON * hi; i++) {
        double mid = lo + (hi - lo) / 2, l, u;
        pbeta_tails(mid, a, b, &l, &u);
        bool below = upper ? u > target : l < target;
        if (below)
            lo = mid;
        else
            hi = mid;
    }
    for (int i = 0; i < 60 && lo < hi; i++) { /* to the last bit */
        double mid = lo + (hi - lo) / 2, l, u;
        if (mid <= lo || mid >= hi)
            break;
        pbeta_tails(mid, a, b, &l, &u);
        if (upper ? u > target : l < target)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}

/* The upper tail P(T > t) of Student's t with df degrees of freedom,
 * t >= 0: half the beta tail I_{df/(df+t²)}(df/2, 1/2), from whichever
 * of df/(df+t²) and t²/(df+t²) is small, so neither end loses digits. */
static double pt_upper(double t, double df)
{
    double t2 = t * t, l, u;
    if (t2 > df) { /* df/(df+t²) small: its lower tail directly */
        pbeta_tails(df / (df + t2), df / 2, 0.5, &l, &u);
        return l / 2;
    }
    pbeta_tails(t2 / (df + t2), 0.5, df / 2, &l, &u);
    return u / 2;
}

double rt_pt(double t, double df)
{
    double upper = pt_upper(fabs(t), df);
    return t < 0 ? upper : 1 - upper;
}

double rt_qt(double p, double df)
{
    if (p == 0.5)
        return 0;
    double tail = p > 0.5 ? 1 - p : p;
    double lo = 0, hi = 1;
    while (pt_upper(hi, df) > tail)
        hi *= 2;
    for (int i = 0; i < 1100 && hi - lo > 2 * DBL_EPSILON * hi; i++) {
        double mid = lo + (hi - lo) / 2;
        if (pt_upper(mid, df) > tail)
            lo = mid;
        else
            hi = mid;
    }
    double t = lo + (hi - lo) / 2;
    return p > 0.5 ? t : -t;
}

static double z_of(double level)
{
    return rt_qnorm(1 - (1 - level) / 2);
}

void rt_wilson_cc(double x, double n, double level, double *lo, double *hi)
{
    /* As R's prop.test(x, n, correct = TRUE): the correction is
     * min(0.5, |x - n/2|) (its null p = 0.5), so it vanishes at x = n/2. */
    double z = z_of(level), z22n = z * z / (2 * n);
    double yates = fmin(0.5, fabs(x - n * 0.5)), est = x / n;
    double pc = est + yates / n;
    *hi = pc >= 1 ? 1
                  : (pc + z22n + z * sqrt(pc * (1 - pc) / n + z22n / (2 * n))) /
                        (1 + 2 * z22n);
    pc = est - yates / n;
    *lo = pc <= 0 ? 0
                  : (pc + z22n - z * sqrt(pc * (1 - pc) / n + z22n / (2 * n))) /
                        (1 + 2 * z22n);
}

void rt_clopper_pearson(double x, double n, double level, double *lo,
                        double *hi)
{
    double alpha = (1 - level) / 2;
    *lo = x > 0 ? rt_qbeta(alpha, x, n - x + 1) : 0;
    *hi = x < n ? rt_qbeta(1 - alpha, x + 1, n - x) : 1;
}

void rt_jeffreys(double x, double n, double level, double *lo, double *hi)
{
    double alpha = (1 - level) / 2;
    *lo = x > 0 ? rt_qbeta(alpha, x + 0.5, n - x + 0.5) : 0;
    *hi = x < n ? rt_qbeta(1 - alpha, x + 0.5, n - x + 0.5) : 1;
}

void rt_byar(double k, double level, double *lo, double *hi)
{
    double z = z_of(level);
    double l = k > 0 ? k * pow(1 - 1 / (9 * k) - z / (3 * sqrt(k)), 3) : 0;
    *lo = l > 0 ? l : 0;
    double k1 = k + 1;
    *hi = k1 * pow(1 - 1 / (9 * k1) + z / (3 * sqrt(k1)), 3);
}

void rt_t_interval(double mean, double se, double df, double level, double *lo,
                   double *hi)
{
    double q = rt_qt(1 - (1 - level) / 2, df);
    *lo = mean - q * se;
    *hi = mean + q * se;
}
