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
#include "units.h"

/* A group with its sort key: period then dimension values in output
 * column order. */
typedef struct sortable {
    int group;
    int nparts;
    const char *parts[RT_MAX_DIMS + 1]; /* the period, then dimensions */
} sortable;

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

/* The dimension columns of each group, made once and shared by the rows
 * of every indicator broken down by the same grouping (they are read,
 * never written): 60 indicators over the same breakdowns used to copy
 * them 60 times. */
typedef struct dimrow {
    const char *const *dims;
    const uint64_t *total, *unknown;
} dimrow;

/* A group's dimension values, and its total and unknown bit sets: a
 * dimension the grouping does not break down is a total, a group with no
 * value in it an unknown (output.h). */
static dimrow group_dims(const rt_program *p, rt_exec *x, rt_arena *a, int g,
                         int group)
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
    return (dimrow){dims, total, unknown};
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
                      const dimrow *dims, const rt_indicator *ind, int g,
                      int group, rt_value *vals, rt_outrow *r)
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
    r->dims = dims->dims;
    r->total = dims->total;
    r->unknown = dims->unknown;
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

/* The rows of the whole table and where each part starts. Why count
 * first: the rows are allocated once, in the arena, instead of doubling
 * and being copied there (twice the memory at the peak), and each thread
 * makes its part of them in place. */
typedef struct table {
    const rt_program *p;
    rt_exec *x;
    rt_outrow *rows;
    size_t nrows;
    int *at;         /* [indicator]: its first part; part at[i] + k holds */
    size_t *first;   /* the rows of its k-th grouping from first[part] */
    uint64_t *files; /* [indicator]: files_of */
    sortable **sorted;
    int *nsorted;        /* [grouping] */
    dimrow **dims;       /* [grouping][group]: NULL for a grouping unused */
    int nthreads;        /* and the thread t's arena for its flags: */
    rt_arena **arenas;   /* [t] (arena 0 is the result's) */
    size_t **shown_upto; /* [t][grouping]: shown groups before its block, */
    uint64_t **upto_of;  /* for files upto_of[t][grouping] (+1: none yet) */
} table;

/* The groups of grouping g, in output order, with their dimensions;
 * made before the rows, on one thread (the arena is not shared). */
static void prepare_grouping(table *t, rt_arena *a, int g)
{
    if (t->sorted[g])
        return;
    t->sorted[g] = sorted_groups(t->p, t->x, g, &t->nsorted[g]);
    int n = rt_exec_ngroups(t->x, g);
    t->dims[g] = rt_xcalloc((size_t)n + 1, sizeof(dimrow));
    for (int j = 0; j < n; j++)
        t->dims[g][j] = group_dims(t->p, t->x, a, g, j);
}

static void count_rows(table *t, rt_arena *a)
{
    const rt_program *p = t->p;
    int parts = 0;
    for (int i = 0; i < p->ninds; i++) {
        t->at[i] = parts;
        parts += p->inds[i].ngroupings;
    }
    t->first = rt_xcalloc((size_t)parts + 1, sizeof(size_t));
    size_t n = 0;
    for (int i = 0; i < p->ninds; i++) {
        t->files[i] = files_of(p, &p->inds[i]);
        for (int k = 0; k < p->inds[i].ngroupings; k++) {
            int g = p->inds[i].groupings[k];
            prepare_grouping(t, a, g);
            t->first[t->at[i] + k] = n;
            for (int j = 0; j < rt_exec_ngroups(t->x, g); j++)
                n += shown(t->x, t->files[i], g, j);
        }
    }
    t->first[parts] = n;
    t->nrows = n;
}

/* Thread u's block of grouping g's groups in output order: each group is
 * one thread's, whatever the indicator, so that a state (its value is
 * made on first reading for some) is read by one thread only. */
static void block_of(const table *t, int g, size_t u, int *lo, int *hi)
{
    size_t n = (size_t)t->nsorted[g], nt = (size_t)t->nthreads;
    *lo = (int)(n * u / nt);
    *hi = (int)(n * (u + 1) / nt);
}

/* The rows of files before thread u's block of g (memoised per grouping:
 * the indicators of a catalogue mostly read the same files). */
static size_t shown_before(table *t, size_t u, uint64_t files, int g, int lo)
{
    if (!files)
        return (size_t)lo;
    if (t->upto_of[u][g] != files + 1) {
        size_t n = 0;
        for (int j = 0; j < lo; j++)
            n += shown(t->x, files, g, t->sorted[g][j].group);
        t->shown_upto[u][g] = n;
        t->upto_of[u][g] = files + 1;
    }
    return t->shown_upto[u][g];
}

/* Thread u's rows of every indicator (rows_in_parallel). */
static void rows_unit(void *ctx, size_t u)
{
    table *t = ctx;
    const rt_program *p = t->p;
    rt_value *vals = rt_xcalloc((size_t)p->naggs + 1, sizeof *vals);
    for (int i = 0; i < p->ninds; i++) {
        const rt_indicator *ind = &p->inds[i];
        for (int k = 0; k < ind->ngroupings; k++) {
            int g = ind->groupings[k], lo, hi;
            block_of(t, g, u, &lo, &hi);
            size_t r =
                t->first[t->at[i] + k] + shown_before(t, u, t->files[i], g, lo);
            for (int j = lo; j < hi; j++) {
                int group = t->sorted[g][j].group;
                if (shown(t->x, t->files[i], g, group))
                    group_row(p, t->x, t->arenas[u], &t->dims[g][group], ind, g,
                              group, vals, &t->rows[r++]);
            }
        }
    }
    free(vals);
}

/* Why on every thread: 60 indicators make 131,400 rows (5,000 medians
 * eleven million), each from its own states; the rows are the same
 * bytes whoever makes them. Standard errors stay on one thread, as their
 * scan does. */
static void rows_in_parallel(table *t, rt_arena *a)
{
    int nt = rt_exec_threads(t->x);
    if (t->p->has_se || nt < 1)
        nt = 1;
    t->nthreads = nt;
    t->arenas = rt_xcalloc((size_t)nt, sizeof *t->arenas);
    t->shown_upto = rt_xcalloc((size_t)nt, sizeof *t->shown_upto);
    t->upto_of = rt_xcalloc((size_t)nt, sizeof *t->upto_of);
    for (int u = 0; u < nt; u++) {
        t->arenas[u] = u ? rt_arena_new() : a;
        t->shown_upto[u] =
            rt_xcalloc((size_t)t->p->ngroupings + 1, sizeof(size_t));
        t->upto_of[u] =
            rt_xcalloc((size_t)t->p->ngroupings + 1, sizeof(uint64_t));
    }
    rt_run_units(rows_unit, t, (size_t)nt, nt);
    for (int u = 0; u < nt; u++) {
        if (u)
            rt_arena_adopt(a, t->arenas[u]);
        free(t->shown_upto[u]);
        free(t->upto_of[u]);
    }
    free(t->arenas);
    free(t->shown_upto);
    free(t->upto_of);
}

/* Suppression of an indicator's rows needs all of them (complementary
 * cells: disclosure.h). */
static void suppress_all(const table *t, rt_arena *a)
{
    const rt_program *p = t->p;
    for (int i = 0; i < p->ninds; i++) {
        if (!p->inds[i].suppress)
            continue;
        size_t from = t->first[t->at[i]];
        size_t to = t->first[t->at[i] + p->inds[i].ngroupings];
        rt_complementary(t->rows + from, to - from, p->ndims, p->has_period, a);
    }
}

void rt_finish(const rt_program *p, rt_exec *x, rt_arena *a, rt_result *out)
{
    table t = {.p = p, .x = x};
    t.at = rt_xcalloc((size_t)p->ninds + 1, sizeof(int));
    t.files = rt_xcalloc((size_t)p->ninds + 1, sizeof(uint64_t));
    /* Why kept per grouping: indicators share groupings (60 indicators
     * by the same three breakdowns sort three times, not 180). */
    t.sorted = rt_xcalloc((size_t)p->ngroupings + 1, sizeof *t.sorted);
    t.nsorted = rt_xcalloc((size_t)p->ngroupings + 1, sizeof *t.nsorted);
    t.dims = rt_xcalloc((size_t)p->ngroupings + 1, sizeof *t.dims);
    count_rows(&t, a);
    t.rows = rt_arena_alloc(a, (t.nrows + 1) * sizeof *t.rows); /* zeroed */
    rows_in_parallel(&t, a);
    suppress_all(&t, a);
    for (int g = 0; g < p->ngroupings; g++) {
        free(t.sorted[g]);
        free(t.dims[g]);
    }
    free(t.sorted);
    free(t.nsorted);
    free(t.dims);
    free(t.at);
    free(t.first);
    free(t.files);
    out->nextra = 0; /* the extra columns: runtime/change.h */
    out->extra_names = NULL;
    out->wide = false;
    /* the hierarchy's columns and layout: cmd/focus.h */
    out->has_level = out->has_members = out->has_source = out->headed = false;
    out->has_ci = p->has_ci;
    out->has_se = p->has_se;
    out->ndims = p->ndims;
    out->dim_names = p->dim_names;
    out->nrows = t.nrows;
    out->rows = t.rows;
    out->threads = rt_exec_threads(x);
    rt_index_rows(p, a, out);
}
