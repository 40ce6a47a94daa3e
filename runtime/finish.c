/* finish.c — building the output rows of every indicator. */
#include "finish.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "composite.h"
#include "disclosure.h"
#include "eval.h"
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
    rt_value v;
    if (ind->value) {
        v = rt_eval(ind->value, env);
    } else {
        rt_value nu = rt_eval(ind->numerator, env);
        rt_value de = rt_eval(ind->denominator, env);
        r->has_numerator = nu.tag == RT_NUM;
        r->has_denominator = de.tag == RT_NUM;
        r->numerator = nu.num;
        r->denominator = de.num;
        v = rt_missing();
        if (nu.tag == RT_NUM && de.tag == RT_NUM) {
            if (de.num == 0)
                env->flags |= RT_EFLAG_ZERO_DIV;
            else
                v = rt_num(nu.num / de.num);
        }
    }
    double scaled = v.num * ind->scale;
    r->has_value = v.tag == RT_NUM && isfinite(scaled);
    r->value = r->has_value ? scaled : 0;
    if (env->flags & RT_EFLAG_ZERO_DIV)
        add_flag(flags, fsize, "zero_denominator");
    else if (!r->has_value)
        add_flag(flags, fsize, "no_data");
}

/* Binds numerator, denominator, value, n, se and cv for suppress and
 * low_count conditions. */
static bool result_holds(const rt_expr *cond, rt_env *env, const rt_outrow *r)
{
    if (!cond)
        return false;
    bool cv = r->has_se && isfinite(r->cv);
    rt_value res[6] = {r->has_numerator ? rt_num(r->numerator) : rt_missing(),
                       r->has_denominator ? rt_num(r->denominator)
                                          : rt_missing(),
                       r->has_value ? rt_num(r->value) : rt_missing(),
                       rt_num((double)r->n),
                       r->has_se ? rt_num(r->se) : rt_missing(),
                       cv ? rt_num(r->cv) : rt_missing()};
    env->result = res;
    bool holds = rt_eval_true(cond, env);
    env->result = NULL;
    return holds;
}

static void apply_suppression(const rt_indicator *ind, rt_env *env,
                              rt_outrow *r, char *flags, size_t fsize)
{
    if (result_holds(ind->low_count, env, r))
        add_flag(flags, fsize, "low_count");
    if (!result_holds(ind->suppress, env, r))
        return;
    rt_hide_row(r);
    add_flag(flags, fsize, "suppressed");
}

/* Kish's effective sample size of the rows an aggregate counted. */
static double effective_n(const rt_aggstate *s)
{
    double w = rt_xsum_value(&s->wsum);
    double w2 = s->w2sum ? rt_xsum_value(s->w2sum) : 0;
    return w2 > 0 ? w * w / w2 : 0;
}

/* The interval of a ratio indicator: Wilson for a proportion, exact
 * Poisson for a rate. Unweighted, on the numerator and denominator as
 * they are (counts, or sums of counts); weighted, on Kish's effective
 * sample size (docs/LANGUAGE.md). */
static void interval(const rt_program *p, rt_exec *x, const rt_indicator *ind,
                     int g, int group, rt_outrow *r)
{
    if (ind->ci == RT_CI_NONE || ind->ci == RT_CI_LINEARISED || !r->has_value ||
        !r->has_numerator || !r->has_denominator || r->denominator <= 0 ||
        r->numerator < 0)
        return;
    double num = r->numerator, den = r->denominator, lo, hi;
    const rt_aggstate *sn = rt_exec_state(x, ind->num_agg, g, group);
    const rt_aggstate *sd = rt_exec_state(x, ind->den_agg, g, group);
    if (ind->ci == RT_CI_WILSON) {
        if (num > den)
            return;
        double n = p->aggs[ind->den_agg].weight ? effective_n(sd) : den;
        if (n <= 0)
            return;
        rt_wilson(num / den * n, n, ind->ci_level, &lo, &hi);
    } else {
        double k = p->aggs[ind->num_agg].weight ? effective_n(sn) : num;
        double per_event = k > 0 ? num / k : 1;
        rt_poisson_exact(k, ind->ci_level, &lo, &hi);
        lo = lo * per_event / den;
        hi = hi * per_event / den;
    }
    r->ci_low = lo * ind->scale;
    r->ci_high = hi * ind->scale;
    r->has_ci = isfinite(r->ci_low) && isfinite(r->ci_high);
}

/* The design-based standard error, its coefficient of variation and,
 * with `ci linearised`, the interval: value ± z·se (normal, as R survey's
 * confint), or Woodruff's for a quantile. */
static void standard_error(const rt_program *p, rt_exec *x,
                           const rt_indicator *ind, int g, int group,
                           rt_env *env, rt_outrow *r)
{
    if (!ind->se || !r->has_value)
        return;
    double level = ind->ci == RT_CI_LINEARISED ? ind->ci_level : 0.95;
    rt_se s = rt_linearised_se(p, x, ind, g, group, env, level);
    if (!isfinite(s.se))
        return;
    r->se = s.se * fabs(ind->scale);
    r->cv = r->value != 0 ? r->se / fabs(r->value) : NAN;
    r->has_se = true;
    if (ind->ci != RT_CI_LINEARISED)
        return;
    if (isfinite(s.lo) && isfinite(s.hi)) {
        r->ci_low = s.lo * ind->scale;
        r->ci_high = s.hi * ind->scale;
    } else {
        double z = rt_qnorm(1 - (1 - ind->ci_level) / 2);
        r->ci_low = r->value - z * r->se;
        r->ci_high = r->value + z * r->se;
    }
    r->has_ci = true;
}

static void group_row(const rt_program *p, rt_exec *x, rt_arena *a,
                      const rt_indicator *ind, int g, int group, rt_value *vals,
                      rt_outrow *r)
{
    char flags[256] = "";
    bool skipped = false, invalid = false;
    for (int i = 0; i < ind->naggs; i++) {
        int ag = ind->aggs[i];
        rt_aggstate *s = rt_exec_state(x, ag, g, group);
        vals[ag] = rt_aggstate_value(s, &p->aggs[ag]);
        if (s->n > r->n)
            r->n = s->n;
        skipped = skipped || s->skipped > 0;
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
    row_dims(p, x, a, g, group, r);
    compute(ind, &env, r, flags, sizeof flags);
    r->status = r->has_value ? status_of(ind, r->value) : "";
    interval(p, x, ind, g, group, r);
    standard_error(p, x, ind, g, group, &env, r);
    apply_suppression(ind, &env, r, flags, sizeof flags);
    if (skipped)
        add_flag(flags, sizeof flags, "missing_skipped");
    if (invalid)
        add_flag(flags, sizeof flags, "invalid_values");
    r->flags = rt_arena_strdup(a, flags);
}

void rt_finish(const rt_program *p, rt_exec *x, rt_arena *a, rt_result *out)
{
    rows rs = {0};
    rt_value *vals = rt_xcalloc((size_t)p->naggs + 1, sizeof *vals);
    for (int i = 0; i < p->ninds; i++) {
        const rt_indicator *ind = &p->inds[i];
        size_t first = rs.n;
        uint64_t files = 0;
        for (int k = 0; k < ind->naggs; k++)
            files |= rt_file_bit(p->aggs[ind->aggs[k]].ds);
        for (int k = 0; k < ind->ngroupings; k++) {
            int g = ind->groupings[k], n;
            sortable *s = sorted_groups(p, x, g, &n);
            for (int j = 0; j < n; j++) {
                /* Groups only other files have are not this indicator's
                 * (an indicator of nothing but constants shows them all). */
                if (files && !(rt_exec_group_files(x, g, s[j].group) & files))
                    continue;
                rt_grow((void **)&rs.v, &rs.cap, rs.n + 1, sizeof *rs.v);
                rt_outrow *r = memset(&rs.v[rs.n++], 0, sizeof *rs.v);
                group_row(p, x, a, ind, g, s[j].group, vals, r);
            }
            free(s);
        }
        if (ind->suppress)
            rt_complementary(rs.v + first, rs.n - first, p->ndims,
                             p->has_period, a);
    }
    free(vals);
    rt_outrow *copy = rt_arena_alloc(a, (rs.n + 1) * sizeof *copy);
    if (rs.n)
        memcpy(copy, rs.v, rs.n * sizeof *copy);
    free(rs.v);
    out->nextra = 0; /* the extra columns: runtime/change.h */
    out->extra_names = NULL;
    out->wide = false;
    out->has_ci = p->has_ci;
    out->has_se = p->has_se;
    out->ndims = p->ndims;
    out->dim_names = p->dim_names;
    out->nrows = rs.n;
    out->rows = copy;
    rt_index_rows(p, a, out);
}
