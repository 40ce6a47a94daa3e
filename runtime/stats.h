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

#endif
