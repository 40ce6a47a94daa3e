/* student.h — Student's t distribution, for Woodruff's interval of a
 * quantile under a sample design (t with the design's degrees of
 * freedom, as R survey's svyquantile). */
#ifndef SICALC_STUDENT_H
#define SICALC_STUDENT_H

/* P(T <= t) for T ~ t(df) (R's pt), df > 0. */
double rt_pt(double t, double df);
/* Its inverse (R's qt), 0 < p < 1, df > 0; about 1e-14 relative. */
double rt_qt(double p, double df);

#endif
