/* finish.c — building the output rows of every indicator. */
#include "finish.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "composite.h"
#include "disclosure.h"
#include "eval.h"
#include "interval.h"
#include "linearise.h"
#include "numparse.h"
#include "stats.h"

/* A group with its sort key: period then dimension values in output
 * column order. */
typedef struct sortable {
    int group;
    int nparts;
    const char *parts[RT_MAX_DIMS + 1]; /* the period, then dimensions */
} sortable;

typedef struct rows {
    rt_outrow *v;
    size_t n, cap;
} rows;

static int cmp_sortable(const void *pa, const void *pb)
{
    const sortable *a = pa, *b = pb;
    for (int i = 0; i < a->nparts; i++) {
        int c = rt_dim_compare(a->parts[i], b->parts[i]);
        if (c)
            return c;
    }
    return a->group - b->group;
}

static sortable *sorted_groups(const rt_program *p, rt_exec *x, int g, int *n)
{
    const rt_grouping *gr = &p->groupings[g];
    *n = rt_exec_ngroups(x, g);
    sortable *s = rt_xcalloc((size_t)*n + 1, sizeof *s);
    for (int i = 0; i < *n; i++) {
        s[i].group = i;
        s[i].parts[0] = rt_exec_period_name(x, rt_exec_group_period(x, g, i));
        s[i].nparts = 1;
        /* Dimensions in the order of their output columns. */
        for (int col = 0; col < p->ndims; col++)
            for (int d = 0; d < gr->ndims && d < RT_MAX_DIMS; d++)
                if (gr->outcol[d] == col)
                    s[i].parts[s[i].nparts++] = rt_exec_group_dim(x, g, i, d);
    }
    qsort(s, (size_t)*n, sizeof *s, cmp_sortable);
    return s;
}

static const char *status_of(const rt_indicator *ind, double v)
{
    for (int i = 0; i < ind->nbands; i++) {
        const rt_band *b = &ind->bands[i];
        bool hit = !b->has_cond;
        switch (b->cmp) {
        case RT_CMP_LT: hit = hit || v < b->bound; break;
        case RT_CMP_LE: hit = hit || v <= b->bound; break;
        case RT_CMP_GT: hit = hit || v > b->bound; break;
        case RT_CMP_GE: hit = hit || v >= b->bound; break;
        case RT_CMP_EQ: hit = hit || v == b->bound; break;
        case RT_CMP_NE: hit = hit || v != b->bound; break;
        }
        if (hit)
            return b->label;
    }
    return "";
}

static void add_flag(char *flags, size_t size, const char *f)
{
    if (*flags)
        strncat(flags, ";", size - strlen(flags) - 1);
    strncat(flags, f, size - strlen(flags) - 1);
}

static void set_bit(uint64_t *set, int d)
{
    set[d / 64] |= (uint64_t)1 << (d % 64);
}

/* The row's dimension values, and its total and unknown bit sets: a
 * dimension the grouping does not break down is a total, a group with no
 * value in it an unknown (output.h). */
static void row_dims(const rt_program *p, rt_exec *x, rt_arena *a, int g,
                     int group, rt_outrow *r)
{
    const rt_grouping *gr = &p->groupings[g];
    const char **dims = rt_arena_alloc(a, sizeof(char *) * (p->ndims + 1));
    size_t words = RT_DIMSET_WORDS(p->ndims);
    uint64_t *total = rt_arena_alloc(a, 2 * words * sizeof *total + 1);
    uint64_t *unknown = total + words;
    memset(total, 0, 2 * words * sizeof *total);
    for (int i = 0; i < p->ndims; i++) {
        dims[i] = NULL;
        set_bit(total, i);
    }
    if (p->has_period) {
        /* A file without a period contributes to every period's total. */
        const char *per =
            rt_exec_period_name(x, rt_exec_group_period(x, g, group));
        if (*per) {
            dims[0] = rt_arena_strdup(a, per);
            total[0] &= ~(uint64_t)1;
        }
    }
    for (int d = 0; d < gr->ndims; d++) {
        int col = gr->outcol[d];
        const char *v = rt_exec_group_dim(x, g, group, d);
        dims[col] = v ? rt_arena_strdup(a, v) : NULL;
        total[col / 64] &= ~((uint64_t)1 << (col % 64));
        if (!v)
            set_bit(unknown, col);
    }
    r->dims = dims;
    r->total = total;
    r->unknown = unknown;
}

/* Numerator, denominator and value of one group, before suppression. */
static void compute(const rt_indicator *ind, rt_env *env, rt_outrow *r,
                    char *flags, size_t fsize)
{
    rt_value v = rt_missing();
    if (ind->numerator) { /* a dsr() value has both: its events and
                             population are shown */
        rt_value nu = rt_eval(ind->numerator, env);
        rt_value de = rt_eval(ind->denominator, env);
        r->has_numerator = nu.tag == RT_NUM;
        r->has_denominator = de.tag == RT_NUM;
        r->numerator = nu.num;
        r->denominator = de.num;
        if (!ind->value && nu.tag == RT_NUM && de.tag == RT_NUM) {
            if (de.num == 0)
                env->flags |= RT_EFLAG_ZERO_DIV;
            else
                v = rt_num(nu.num / de.num);
        }
    }
    if (ind->value)
        v = rt_eval(ind->value, env);
    double scaled = v.num * ind->scale;
    r->has_value = v.tag == RT_NUM && isfinite(scaled);
    r->value = r->has_value ? scaled : 0;
    if (env->flags & RT_EFLAG_ZERO_DIV)
        add_flag(flags, fsize, "zero_denominator");
    else if (!r->has_value && r->has_numerator && !ind->value &&
             !r->has_denominator)
        add_flag(flags, fsize, "missing_denominator");
    else if (!r->has_value)
        add_flag(flags, fsize, "no_data");
}

/* Binds the result names (results.def: numerator ... expected, se, cv)
 * for suppress and low_count conditions; the indicator's aggregates are already
 * in env. */
static bool result_holds(const rt_indicator *ind, const rt_expr *cond,
                         rt_env *env, const rt_outrow *r)
{
    if (!cond)
        return false;
    rt_value num = r->has_numerator ? rt_num(r->numerator) : rt_missing();
    rt_value den = r->has_denominator ? rt_num(r->denominator) : rt_missing();
    rt_value none = rt_missing();
    bool direct = ind->std && ind->std->kind == RT_STD_DIRECT;
    rt_value res[RT__NRESULTS] = {
        [RT_RES_NUMERATOR] = num,
        [RT_RES_DENOMINATOR] = den,
        [RT_RES_VALUE] = r->has_value ? rt_num(r->value) : rt_missing(),
        [RT_RES_N] = rt_num((double)r->n),
        [RT_RES_EVENTS] = ind->std ? num : none,
        [RT_RES_POPULATION] = direct ? den : none,
        [RT_RES_EXPECTED] = ind->std && !direct ? den : none,
        [RT_RES_SE] = r->has_se ? rt_num(r->se) : none,
        [RT_RES_CV] = r->has_se && isfinite(r->cv) ? rt_num(r->cv) : none,
    };
    env->result = res;
    bool holds = rt_eval_true(cond, env);
    env->result = NULL;
    return holds;
}

static void apply_suppression(const rt_indicator *ind, rt_env *env,
                              rt_outrow *r, char *flags, size_t fsize)
{
    if (result_holds(ind, ind->low_count, env, r))
        add_flag(flags, fsize, "low_count");
    if (!result_holds(ind, ind->suppress, env, r))
        return;
    rt_hide_row(r);
    add_flag(flags, fsize, "suppressed");
}

/* The dimension columns of each group, made once and shared by the rows
 * of every indicator broken down by the same grouping (they are read,
 * never written): 60 indicators over the same breakdowns used to copy
 * them 60 times. */
typedef struct dimrow {
    const char *const *dims;
    const uint64_t *total, *unknown;
} dimrow;

typedef struct dimcache {
    dimrow **by_grouping; /* [grouping][group], NULL until used */
    int ngroupings;
} dimcache;

static void shared_dims(const rt_program *p, rt_exec *x, rt_arena *a,
                        dimcache *c, int g, int group, rt_outrow *r)
{
    if (!c->by_grouping[g])
        c->by_grouping[g] =
            rt_xcalloc((size_t)rt_exec_ngroups(x, g) + 1, sizeof(dimrow));
    dimrow *d = &c->by_grouping[g][group];
    if (!d->dims) {
        row_dims(p, x, a, g, group, r);
        *d = (dimrow){r->dims, r->total, r->unknown};
    }
    r->dims = d->dims;
    r->total = d->total;
    r->unknown = d->unknown;
}

/* The design-based standard error, its coefficient of variation and,
 * with `ci linearised`, the interval value ± z·se (normal, as R survey's
 * confint) or, with `ci t`, value ± t·se with the design's degrees of
 * freedom in the domain (survey's confint(..., df = degf(design)) and
 * svyciprop(method = "mean")); a quantile takes Woodruff's. */
static void standard_error(const rt_program *p, rt_exec *x,
                           const rt_indicator *ind, int g, int group,
                           rt_env *env, rt_outrow *r)
{
    if (!ind->se || !r->has_value)
        return;
    bool lin = ind->ci == RT_CI_LINEARISED, t = ind->ci == RT_CI_T;
    double level = lin || t ? ind->ci_level : 0.95;
    rt_se s = rt_linearised_se(p, x, ind, g, group, env, level);
    if (!isfinite(s.se))
        return;
    r->se = s.se * fabs(ind->scale);
    r->cv = r->value != 0 ? r->se / fabs(r->value) : NAN;
    r->has_se = true;
    if (!lin && !t)
        return;
    if (isfinite(s.lo) && isfinite(s.hi)) {
        r->ci_low = s.lo * ind->scale;
        r->ci_high = s.hi * ind->scale;
    } else {
        if (t && s.df < 1)
            return; /* one PSU per stratum: no degrees of freedom */
        double q = 1 - (1 - ind->ci_level) / 2;
        double k = t ? rt_qt(q, s.df) : rt_qnorm(q);
        r->ci_low = r->value - k * r->se;
        r->ci_high = r->value + k * r->se;
    }
    r->has_ci = true;
}

static void group_row(const rt_program *p, rt_exec *x, rt_arena *a,
                      dimcache *dc, const rt_indicator *ind, int g, int group,
                      rt_value *vals, rt_outrow *r)
{
    char flags[256] = "";
    bool skipped = false, wholly = false, invalid = false;
    for (int i = 0; i < ind->naggs; i++) {
        int ag = ind->aggs[i];
        rt_aggstate *s = rt_exec_state(x, ag, g, group);
        vals[ag] = rt_aggstate_value(s, rt_exec_agg(x, ag));
        if (s->n > r->n)
            r->n = s->n;
        skipped = skipped || s->skipped > 0;
        wholly = wholly || (s->n == 0 && s->skipped > 0);
        invalid = invalid || s->invalid > 0;
    }
    int period = rt_exec_group_period(x, g, group);
    rt_env env = {.agg = vals};
    env.overall = rt_exec_overall(x, period);
    r->indicator = ind->id;
    r->unit = ind->unit;
    r->title = ind->title;
    r->title_sr = ind->title_sr;
    r->decimals = ind->decimals;
    r->has_decimals = ind->decimals >= 0;
    shared_dims(p, x, a, dc, g, group, r);
    compute(ind, &env, r, flags, sizeof flags);
    r->status = r->has_value ? status_of(ind, r->value) : "";
    rt_interval(p, x, ind, g, group, vals, r);
    standard_error(p, x, ind, g, group, &env, r);
    apply_suppression(ind, &env, r, flags, sizeof flags);
    /* A value lost because an aggregate had only missing values says
     * no_data (or missing_denominator) alone; missing_skipped is for a
     * value computed from the rows that were there. */
    if (skipped && !(wholly && !r->has_value))
        add_flag(flags, sizeof flags, "missing_skipped");
    if (invalid)
        add_flag(flags, sizeof flags, "invalid_values");
    r->flags = *flags ? rt_arena_strdup(a, flags) : "";
}

/* The rows an indicator shows in grouping g: its groups that a file it
 * reads has (an indicator of nothing but constants shows them all). */
static bool shown(rt_exec *x, uint64_t files, int g, int group)
{
    return !files || (rt_exec_group_files(x, g, group) & files);
}

static uint64_t files_of(const rt_program *p, const rt_indicator *ind)
{
    uint64_t files = 0;
    for (int k = 0; k < ind->naggs; k++)
        files |= rt_file_bit(p->aggs[ind->aggs[k]].ds);
    return files;
}

/* Why count first: the rows are allocated once, in the arena, instead of
 * doubling and being copied there (twice the memory at the peak). */
static size_t count_rows(const rt_program *p, rt_exec *x)
{
    size_t n = 0;
    for (int i = 0; i < p->ninds; i++) {
        uint64_t files = files_of(p, &p->inds[i]);
        for (int k = 0; k < p->inds[i].ngroupings; k++) {
            int g = p->inds[i].groupings[k];
            for (int j = 0; j < rt_exec_ngroups(x, g); j++)
                n += shown(x, files, g, j);
        }
    }
    return n;
}

void rt_finish(const rt_program *p, rt_exec *x, rt_arena *a, rt_result *out)
{
    rows rs = {0};
    rs.cap = count_rows(p, x);
    rs.v = rt_arena_alloc(a, (rs.cap + 1) * sizeof *rs.v);
    dimcache dc = {rt_xcalloc((size_t)p->ngroupings + 1, sizeof(dimrow *)),
                   p->ngroupings};
    rt_value *vals = rt_xcalloc((size_t)p->naggs + 1, sizeof *vals);
    /* Why kept per grouping: indicators share groupings (60 indicators
     * by the same three breakdowns sort three times, not 180). */
    sortable **sorted = rt_xcalloc((size_t)p->ngroupings + 1, sizeof *sorted);
    int *nsorted = rt_xcalloc((size_t)p->ngroupings + 1, sizeof *nsorted);
    for (int i = 0; i < p->ninds; i++) {
        const rt_indicator *ind = &p->inds[i];
        size_t first = rs.n;
        uint64_t files = files_of(p, ind);
        for (int k = 0; k < ind->ngroupings; k++) {
            int g = ind->groupings[k];
            if (!sorted[g])
                sorted[g] = sorted_groups(p, x, g, &nsorted[g]);
            const sortable *s = sorted[g];
            for (int j = 0; j < nsorted[g]; j++) {
                if (!shown(x, files, g, s[j].group))
                    continue;
                rt_outrow *r = &rs.v[rs.n++]; /* zeroed by the arena */
                group_row(p, x, a, &dc, ind, g, s[j].group, vals, r);
            }
        }
        if (ind->suppress)
            rt_complementary(rs.v + first, rs.n - first, p->ndims,
                             p->has_period, a);
    }
    free(vals);
    for (int g = 0; g < p->ngroupings; g++)
        free(sorted[g]);
    free(sorted);
    free(nsorted);
    for (int g = 0; g < dc.ngroupings; g++)
        free(dc.by_grouping[g]);
    free(dc.by_grouping);
    rt_outrow *copy = rs.v;
    out->nextra = 0; /* the extra columns: runtime/change.h */
    out->extra_names = NULL;
    out->wide = false;
    /* the hierarchy's columns and layout: cmd/focus.h */
    out->has_level = out->has_members = out->has_source = out->headed = false;
    out->has_ci = p->has_ci;
    out->has_se = p->has_se;
    out->ndims = p->ndims;
    out->dim_names = p->dim_names;
    out->nrows = rs.n;
    out->rows = copy;
    rt_index_rows(p, a, out);
}
