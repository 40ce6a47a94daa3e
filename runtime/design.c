/* design.c — PSUs and strata of the scanned records, and the stratified
 * variance of PSU totals (R survey's svyrecvar, one stage). */
#include "design.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "group.h"

typedef struct stratum {
    int ds;
    char *period, *name;
    double fpc;              /* NaN: none */
    unsigned long long line; /* its first record's */
    int *psus;
    size_t n, cap;
} stratum;

struct rt_psutab {
    rt_groups *psu_keys, *stratum_keys;
    int *psu_stratum;
    size_t cap_psu;
    stratum *strata;
    size_t cap_strata;
};

rt_psutab *rt_psutab_new(void)
{
    rt_psutab *t = rt_xcalloc(1, sizeof *t);
    t->psu_keys = rt_groups_new();
    t->stratum_keys = rt_groups_new();
    return t;
}

void rt_psutab_free(rt_psutab *t)
{
    if (!t)
        return;
    for (int i = 0; i < rt_groups_count(t->stratum_keys); i++) {
        free(t->strata[i].period);
        free(t->strata[i].name);
        free(t->strata[i].psus);
    }
    free(t->strata);
    free(t->psu_stratum);
    rt_groups_free(t->psu_keys);
    rt_groups_free(t->stratum_keys);
    free(t);
}

int rt_psutab_count(const rt_psutab *t)
{
    return rt_groups_count(t->psu_keys);
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(rt_xcalloc(n, 1), s, n);
}

/* The stratum's index, created when new. */
static int stratum_of(rt_psutab *t, int ds, const char *period,
                      const char *name, double fpc, unsigned long long line)
{
    char *key = rt_xcalloc(strlen(period) + strlen(name) + 32, 1);
    int len = sprintf(key, "%d\x1f%s\x1f%s", ds, period, name);
    int before = rt_groups_count(t->stratum_keys);
    int h = rt_groups_intern(t->stratum_keys, key, (size_t)len);
    free(key);
    if (h == before) {
        rt_grow((void **)&t->strata, &t->cap_strata, (size_t)h + 1,
                sizeof *t->strata);
        t->strata[h] = (stratum){.ds = ds,
                                 .period = dup(period),
                                 .name = dup(name),
                                 .fpc = fpc,
                                 .line = line};
    }
    return h;
}

int rt_psutab_add(rt_psutab *t, int ds, const char *period,
                  const char *stratum_name, const char *cluster,
                  unsigned long long line, double fpc, double *was)
{
    const char *sn = stratum_name ? stratum_name : "";
    int h = stratum_of(t, ds, period, sn, fpc, line);
    stratum *s = &t->strata[h];
    if (!(isnan(fpc) && isnan(s->fpc)) && fpc != s->fpc) {
        *was = s->fpc;
        return -1;
    }
    char own[32];
    const char *c = cluster;
    if (!c) {
        snprintf(own, sizeof own, "#%llu", line);
        c = own;
    }
    char *key = rt_xcalloc(strlen(c) + 16, 1);
    int len = sprintf(key, "%d\x1f%s", h, c);
    int before = rt_groups_count(t->psu_keys);
    int id = rt_groups_intern(t->psu_keys, key, (size_t)len);
    free(key);
    if (id == before) {
        rt_grow((void **)&t->psu_stratum, &t->cap_psu, (size_t)id + 1,
                sizeof *t->psu_stratum);
        t->psu_stratum[id] = h;
        rt_grow((void **)&s->psus, &s->cap, s->n + 1, sizeof *s->psus);
        s->psus[s->n++] = id;
    }
    return id;
}

bool rt_psutab_lonely(const rt_psutab *t, int ds, const char **name,
                      const char **period, unsigned long long *line)
{
    for (int h = 0; h < rt_groups_count(t->stratum_keys); h++) {
        const stratum *s = &t->strata[h];
        if (s->ds == ds && s->n == 1) {
            *name = s->name;
            *period = s->period;
            *line = s->line;
            return true;
        }
    }
    return false;
}

bool rt_psutab_bad_fpc(const rt_psutab *t, int ds, const char **name,
                       const char **period, unsigned long long *line, size_t *n,
                       double *fpc)
{
    for (int h = 0; h < rt_groups_count(t->stratum_keys); h++) {
        const stratum *s = &t->strata[h];
        if (s->ds == ds && s->fpc > 1 && s->fpc < (double)s->n) {
            *name = s->name;
            *period = s->period;
            *line = s->line;
            *n = s->n;
            *fpc = s->fpc;
            return true;
        }
    }
    return false;
}

static bool of(const stratum *s, int ds, const char *period)
{
    return s->ds == ds && strcmp(s->period, period) == 0;
}

double rt_design_variance(const rt_psutab *t, int ds, const char *period,
                          const double *u, rt_lonely lonely,
                          const char **lonely_stratum)
{
    int ns = rt_groups_count(t->stratum_keys);
    /* The grand mean of the PSU totals, for lonely PSUs (adjust). */
    long double all = 0;
    size_t npsu = 0;
    for (int h = 0; h < ns; h++) {
        const stratum *s = &t->strata[h];
        if (!of(s, ds, period))
            continue;
        for (size_t i = 0; i < s->n; i++)
            all += u[s->psus[i]];
        npsu += s->n;
    }
    double grand = npsu ? (double)(all / (long double)npsu) : 0;
    long double v = 0;
    for (int h = 0; h < ns; h++) {
        const stratum *s = &t->strata[h];
        if (!of(s, ds, period) || s->n == 0)
            continue;
        double nh = (double)s->n;
        double f = isnan(s->fpc) ? 0 : s->fpc <= 1 ? s->fpc : nh / s->fpc;
        if (s->n == 1) {
            if (lonely == RT_LONELY_FAIL) {
                *lonely_stratum = s->name;
                return NAN;
            }
            double d = u[s->psus[0]] - grand;
            v += (long double)((1 - f) * d * d);
            continue;
        }
        long double sum = 0;
        for (size_t i = 0; i < s->n; i++)
            sum += u[s->psus[i]];
        double mean = (double)(sum / (long double)nh);
        long double ss = 0;
        for (size_t i = 0; i < s->n; i++) {
            double d = u[s->psus[i]] - mean;
            ss += (long double)d * d;
        }
        v += (long double)(1 - f) * nh / (nh - 1) * ss;
    }
    return (double)v;
}

int rt_design_df(const rt_psutab *t, int ds, const char *period, const bool *in)
{
    int ns = rt_groups_count(t->stratum_keys), df = 0;
    for (int h = 0; h < ns; h++) {
        const stratum *s = &t->strata[h];
        if (!of(s, ds, period))
            continue;
        int k = 0;
        for (size_t i = 0; i < s->n; i++)
            k += in[s->psus[i]];
        df += k > 0 ? k - 1 : 0;
    }
    return df;
}
