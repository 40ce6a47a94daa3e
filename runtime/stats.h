/* stats.h — distribution functions behind confidence intervals. */
#ifndef SICALC_STATS_H
#define SICALC_STATS_H

/* The standard normal quantile (R's qnorm), 0 < p < 1. */
double rt_qnorm(double p);
/* The regularized lower incomplete gamma P(a, x) (R's pgamma). */
double rt_pgamma(double x, double a);
/* Its inverse in x (R's qgamma with scale 1), 0 < p < 1, a > 0. */
double rt_qgamma(double p, double a);
/* Wilson score interval for a proportion of x in n (R's prop.test
 * without continuity correction), at the given level (0.95). */
void rt_wilson(double x, double n, double level, double *lo, double *hi);
/* Exact (Garwood) interval for the mean of a Poisson count k (R's
 * poisson.test): qgamma(a/2, k) (0 when k = 0) and qgamma(1 - a/2, k + 1). */
void rt_poisson_exact(double k, double level, double *lo, double *hi);
/* The regularised incomplete beta I_x(a, b) (R's pbeta). */
double rt_pbeta(double x, double a, double b);
/* Its inverse in x (R's qbeta), 0 < p < 1, a, b > 0. */
double rt_qbeta(double p, double a, double b);
/* Student's t distribution function and quantile with df > 0 degrees of
 * freedom (R's pt and qt). */
double rt_pt(double t, double df);
double rt_qt(double p, double df);
/* Wilson's interval with continuity correction exactly as R's
 * prop.test(x, n, correct = TRUE) (correction min(0.5, |x - n/2|)). */
void rt_wilson_cc(double x, double n, double level, double *lo, double *hi);
/* Clopper-Pearson (exact binomial, R's binom.test): qbeta(a/2, x,
 * n-x+1), qbeta(1-a/2, x+1, n-x); 0 at x = 0 and 1 at x = n. */
void rt_clopper_pearson(double x, double n, double level, double *lo,
                        double *hi);
/* Jeffreys: the equal-tailed quantiles of beta(x + 1/2, n - x + 1/2);
 * 0 at x = 0 and 1 at x = n (Brown, Cai and DasGupta 2001). */
void rt_jeffreys(double x, double n, double level, double *lo, double *hi);
/* Byar's approximation to the exact Poisson limits of a count k
 * (Breslow and Day 1987; PHEindicatormethods' byars_lower/upper): k(1 -
 * 1/(9k) - z/(3 sqrt k))^3 (0 when k = 0 or negative) and (k+1)(1 -
 * 1/(9(k+1)) + z/(3 sqrt(k+1)))^3. */
void rt_byar(double k, double level, double *lo, double *hi);
/* mean -+ qt(1 - a/2, df) se. */
void rt_t_interval(double mean, double se, double df, double level, double *lo,
                   double *hi);

#endif
