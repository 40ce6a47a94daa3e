/* design.h — the sample design of survey microdata as the scan finds it:
 * every PSU (primary sampling unit, a `cluster` value) of every stratum
 * of every period of a data file with a `design`, and the
 * with-replacement (or fpc-corrected) stratified variance of PSU totals,
 * as R survey's svyrecvar computes it for a one-stage design
 * (docs/STATISTICS.md, Design-based variance).
 * Ownership: the table owns its keys and arrays. */
#ifndef SICALC_DESIGN_H
#define SICALC_DESIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"

typedef struct rt_psutab rt_psutab;

rt_psutab *rt_psutab_new(void);
void rt_psutab_free(rt_psutab *t);

/* The PSU of a record of data file ds in the period (its text), stratum
 * and cluster (text; a NULL cluster: the record is its own PSU, told
 * apart by line), created when new. fpc is the record's fpc value (NaN:
 * none). Returns the PSU's id, or -1 when fpc differs from the value
 * the stratum already has (*was set to it). */
int rt_psutab_add(rt_psutab *t, int ds, const char *period, const char *stratum,
                  const char *cluster, unsigned long long line, double fpc,
                  double *was);
int rt_psutab_count(const rt_psutab *t);
/* The first stratum of data file ds with one PSU (in some period): its
 * name, period and first record's line; false when there is none. */
bool rt_psutab_lonely(const rt_psutab *t, int ds, const char **name,
                      const char **period, unsigned long long *line);
/* The first stratum of data file ds whose fpc, a population count of
 * PSUs, is below the PSUs sampled (*n): more than all of them. */
bool rt_psutab_bad_fpc(const rt_psutab *t, int ds, const char **name,
                       const char **period, unsigned long long *line, size_t *n,
                       double *fpc);

/* The variance estimate of a total from its PSU totals u[psu] (indexed by
 * PSU id; PSUs of other files or periods are ignored), over every PSU of
 * data file ds in the period:
 *   V = Σ_h (1 − f_h) n_h/(n_h − 1) Σ_i (u_hi − ū_h)²
 * with n_h the stratum's PSUs in the whole sample (a domain's absent PSUs
 * count as 0) and f_h the sampling fraction (0 without fpc). A stratum
 * with one PSU: with lonely fail, *lonely is set to it (its name) and
 * NaN returned; with adjust, u_h1 is centred on the grand mean of the
 * PSU totals, as survey's "adjust". */
double rt_design_variance(const rt_psutab *t, int ds, const char *period,
                          const double *u, rt_lonely lonely,
                          const char **lonely_stratum);
/* The design's degrees of freedom in a domain: PSUs with a record in it
 * (in[psu] true) minus the strata those PSUs are in (survey's degf). */
int rt_design_df(const rt_psutab *t, int ds, const char *period,
                 const bool *in);

#endif
