/* exec.c — the scan driver: plans the passes, runs each pass over each
 * data file (split into ranges scanned by parallel workers, merged in
 * file order), and computes the per-period and per-key values that later
 * passes read. */
#include "exec.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "field.h"
#include "filter.h"
#include "numparse.h"
#include "worker.h"

/* Files smaller than this are scanned by one thread: starting threads
 * and merging would cost more than they save. */
#define PARALLEL_MIN_BYTES (4L << 20)
/* Most scanning threads. */
#define MAX_THREADS 8

struct rt_exec {
    rt_plan plan;
    worker main; /* range 0 of every scan; holds the merged state */
    rt_csv *const *csvs;
    int nthreads;
    unsigned long long bad;
};

/* A scan that started at a cut inside a quoted field: the run is redone
 * with one thread. */
enum { SPLIT_UNSOUND = 2 };

uint64_t rt_file_bit(int ds)
{
    return 1ull << (ds < 63 ? ds : 63);
}

/* ---- the plan ---- */

static int bind_columns(rt_exec *x, char **errmsg)
{
    const rt_program *p = x->plan.p;
    rt_plan *pl = &x->plan;
    pl->field = rt_xcalloc((size_t)p->ncols + 1, sizeof *pl->field);
    pl->ds_cols = rt_xcalloc((size_t)p->ndatasets + 1, sizeof(int *));
    for (int d = 0; d < p->ndatasets; d++) {
        pl->ds_cols[d] = rt_xcalloc((size_t)p->ncols + 1, sizeof(int));
        int n = 0;
        for (int c = 0; c < p->ncols; c++)
            if (p->cols[c].ds == d)
                pl->ds_cols[d][n++] = c;
        pl->ds_cols[d][n] = -1;
    }
    for (int c = 0; c < p->ncols; c++) {
        rt_csv *csv = x->csvs[p->cols[c].ds];
        pl->field[c] = rt_csv_find(csv, p->cols[c].name);
        if (pl->field[c] < 0) {
            size_t n = strlen(rt_csv_path(csv)) + strlen(p->cols[c].name) + 64;
            *errmsg = rt_xmalloc(n);
            snprintf(*errmsg, n, "%s: error: no column '%s' in the header",
                     rt_csv_path(csv), p->cols[c].name);
            return 1;
        }
    }
    return 0;
}

static void collect_cols(const rt_expr *e, int **v, size_t *n, size_t *cap)
{
    if (!e)
        return;
    if (e->op == RT_COLNUM || e->op == RT_COLSTR) {
        rt_grow((void **)v, cap, *n + 2, sizeof(int));
        (*v)[(*n)++] = e->slot;
    }
    for (int i = 0; i < e->nkids; i++)
        collect_cols(e->kids[i], v, n, cap);
}

/* The columns an aggregate reads (for --lenient's invalid_values). */
static int *columns_read(const rt_agg *a)
{
    int *v = NULL;
    size_t n = 0, cap = 0;
    collect_cols(a->arg, &v, &n, &cap);
    collect_cols(a->where, &v, &n, &cap);
    collect_cols(a->weight, &v, &n, &cap);
    rt_grow((void **)&v, &cap, n + 1, sizeof(int));
    v[n] = -1;
    return v;
}

/* Each scan's wheres compiled into one set (their tests shared). */
static void plan_filters(rt_plan *pl, size_t nslots)
{
    const rt_program *p = pl->p;
    pl->fset = rt_xcalloc(nslots, sizeof *pl->fset);
    pl->fid = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    for (int a = 0; a < p->naggs; a++)
        pl->fid[a] = -1;
    for (size_t k = 0; k < nslots; k++) {
        for (int i = 0; i < pl->npass_aggs[k]; i++) {
            int a = pl->pass_aggs[k][i];
            if (!pl->fset[k])
                pl->fset[k] = rt_filterset_new();
            pl->fid[a] = rt_filterset_add(pl->fset[k], p->aggs[a].where);
        }
        if (!pl->fset[k])
            continue;
        rt_filterset_finish(pl->fset[k]);
        int words = rt_filterset_words(pl->fset[k]);
        int pwords = rt_filterset_pass_words(pl->fset[k]);
        if (words > pl->filter_words)
            pl->filter_words = words;
        if (pwords > pl->filter_words)
            pl->filter_words = pwords;
    }
}

static rt_fastconv fast_kind(const rt_column *col)
{
    if (col->type == RT_COL_TEXT && col->nallowed && !col->as_num)
        return RT_FAST_TEXT;
    if (col->type == RT_COL_BOOL && !col->nallowed && !col->has_range)
        return RT_FAST_BOOL;
    if ((col->type == RT_COL_INT || col->type == RT_COL_NUMBER ||
         (col->type == RT_COL_ANY && col->as_num)) &&
        !col->nallowed)
        return RT_FAST_NUMBER;
    return RT_FAST_NONE;
}

/* Allowed values as lengths and numbers, so that records are checked
 * without strlen or number parsing. */
static void plan_columns(rt_plan *pl)
{
    const rt_program *p = pl->p;
    pl->conv = rt_xcalloc((size_t)p->ncols + 1, sizeof *pl->conv);
    for (int c = 0; c < p->ncols; c++) {
        const rt_column *col = &p->cols[c];
        rt_colconv *cv = &pl->conv[c];
        size_t n = (size_t)col->nallowed + 1;
        cv->allowed_len = rt_xcalloc(n, sizeof(size_t));
        cv->allowed_num = rt_xcalloc(n, sizeof(double));
        cv->allowed_isnum = rt_xcalloc(n, sizeof(bool));
        cv->allowed_utf8 = rt_xcalloc(n, sizeof(bool));
        for (int i = 0; i < col->nallowed; i++) {
            const char *a = col->allowed[i];
            cv->allowed_len[i] = strlen(a);
            cv->allowed_isnum[i] = rt_parse_number(a, cv->allowed_len[i], '.',
                                                   &cv->allowed_num[i]);
            cv->allowed_utf8[i] = rt_valid_utf8(a, cv->allowed_len[i]);
        }
        cv->fast = fast_kind(col);
        cv->hashed = col->nallowed < 255;
        for (int i = 0; i < col->nallowed && cv->hashed; i++) {
            unsigned h = rt_allowed_hash(col->allowed[i], cv->allowed_len[i]);
            cv->hashed = cv->by_hash[h] == 0;
            cv->by_hash[h] = (unsigned char)(i + 1);
        }
    }
}

static void plan_states(rt_plan *pl)
{
    const rt_program *p = pl->p;
    pl->nattached = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(int));
    pl->local = rt_xcalloc((size_t)p->naggs + 1, sizeof *pl->local);
    pl->agg_cols = rt_xcalloc((size_t)p->naggs + 1, sizeof(int *));
    size_t nslots = (size_t)(p->npasses + 1) * p->ndatasets + 1;
    pl->pass_aggs = rt_xcalloc(nslots, sizeof *pl->pass_aggs);
    pl->npass_aggs = rt_xcalloc(nslots, sizeof(int));
    pl->base_slot = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    pl->fed = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(bool));
    bool *reached = rt_xcalloc((size_t)p->ngroupings + 1, sizeof(bool));
    for (int a = 0; a < p->naggs; a++) {
        const rt_agg *ag = &p->aggs[a];
        pl->local[a] = rt_xcalloc((size_t)ag->ngroupings + 1, sizeof(int));
        for (int i = 0; i < ag->ngroupings; i++) {
            pl->local[a][i] = pl->nattached[ag->groupings[i]]++;
            reached[ag->groupings[i]] = true;
            if (ag->groupings[i] == ag->base)
                pl->base_slot[a] = i;
        }
        if (ag->base >= 0)
            pl->fed[ag->base] = true;
        pl->agg_cols[a] = columns_read(ag);
        if (ag->base < 0) /* never fed */
            continue;
        int k = ag->pass * p->ndatasets + ag->ds;
        pl->pass_aggs[k] = rt_xrealloc(
            pl->pass_aggs[k], (size_t)(pl->npass_aggs[k] + 1) * sizeof(int));
        pl->pass_aggs[k][pl->npass_aggs[k]++] = a;
    }
    for (int g = 0; g < p->ngroupings; g++)
        pl->fed[g] = pl->fed[g] || !reached[g];
    free(reached);
    pl->base_local = rt_xcalloc((size_t)p->naggs + 1, sizeof(int));
    for (int a = 0; a < p->naggs; a++)
        pl->base_local[a] = pl->local[a][pl->base_slot[a]];
    plan_filters(pl, nslots);
    plan_columns(pl);
    pl->per_keys = rt_xcalloc((size_t)p->nperaggs + 1, sizeof(rt_groups *));
    pl->per_vals = rt_xcalloc((size_t)p->nperaggs + 1, sizeof(rt_value *));
    pl->periods = rt_groups_new();
}

/* A frozen copy of a table's keys (same indexes), read by every thread. */
static rt_groups *copy_keys(const rt_groups *g)
{
    rt_groups *c = rt_groups_new();
    for (int i = 0; i < rt_groups_count(g); i++) {
        size_t len;
        const char *k = rt_groups_key(g, i, &len);
        rt_groups_intern(c, k, len);
    }
    return c;
}

/* ---- after a pass ---- */

/* Fills an aggregate's breakdowns from its base grouping: each base group
 * adds into the group of the breakdown that holds its values. */
static void roll_up(rt_exec *x, int ai)
{
    const rt_program *p = x->plan.p;
    const rt_agg *a = &p->aggs[ai];
    worker *w = &x->main;
    const rt_grouping *base = &p->groupings[a->base];
    int nbase = rt_worker_ngroups(w, a->base);
    for (int i = 0; i < a->ngroupings; i++) {
        int gi = a->groupings[i];
        if (gi == a->base)
            continue;
        const rt_grouping *to = &p->groupings[gi];
        for (int j = 0; j < nbase; j++) {
            const char *vals[RT_MAX_DIMS];
            for (int d = 0; d < to->ndims && d < RT_MAX_DIMS; d++) {
                vals[d] = NULL;
                for (int k = 0; k < base->ndims; k++)
                    if (base->outcol[k] == to->outcol[d])
                        vals[d] =
                            w->g[a->base].dims[(size_t)j * base->ndims + k];
            }
            int per = w->g[a->base].period[j];
            int t = gi ? rt_worker_group_by_values(w, gi, per, vals) : per;
            w->g[gi].files[t] |= w->g[a->base].files[j];
            rt_aggstate_add_state(rt_worker_state(w, ai, gi, t),
                                  rt_worker_state(w, ai, a->base, j));
        }
    }
}

typedef struct prep_item {
    rt_aggstate *s;
    const rt_agg *a;
} prep_item;

typedef struct prep_job {
    prep_item *items;
    size_t n;
    int start, step;
} prep_job;

static void *prepare_some(void *arg)
{
    prep_job *j = arg;
    for (size_t i = (size_t)j->start; i < j->n; i += (size_t)j->step)
        rt_aggstate_prepare(j->items[i].s, j->items[i].a);
    return NULL;
}

/* The order statistics of this pass (the sort-and-merge work left after
 * the scan), computed on every thread: each state is independent, so
 * the values do not depend on how they are shared out. */
static void prepare_order_stats(rt_exec *x, int pass)
{
    const rt_program *p = x->plan.p;
    prep_item *items = NULL;
    size_t n = 0, cap = 0;
    for (int a = 0; a < p->naggs; a++) {
        if (p->aggs[a].pass != pass || !rt_agg_is_order_stat(p->aggs[a].kind))
            continue;
        for (int i = 0; i < p->aggs[a].ngroupings; i++) {
            int gi = p->aggs[a].groupings[i];
            for (int g = 0; g < rt_worker_ngroups(&x->main, gi); g++) {
                rt_grow((void **)&items, &cap, n + 1, sizeof *items);
                items[n++] = (prep_item){rt_worker_state(&x->main, a, gi, g),
                                         &p->aggs[a]};
            }
        }
    }
    int nt = x->nthreads < MAX_THREADS ? x->nthreads : MAX_THREADS;
    if (nt < 1 || (size_t)nt > n)
        nt = n ? (int)n : 1;
    pthread_t tid[MAX_THREADS];
    prep_job jobs[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    for (int t = 0; t < nt; t++)
        jobs[t] = (prep_job){items, n, t, nt};
    for (int t = 1; t < nt; t++)
        started[t] = pthread_create(&tid[t], NULL, prepare_some, &jobs[t]) == 0;
    prepare_some(&jobs[0]);
    for (int t = 1; t < nt; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            prepare_some(&jobs[t]);
    }
    free(items);
}

/* The per-period values of the overall expressions of this pass. */
static void compute_overalls(rt_exec *x, int pass)
{
    rt_plan *pl = &x->plan;
    const rt_program *p = pl->p;
    int nper = rt_worker_ngroups(&x->main, 0);
    if (nper > pl->noverall_periods) {
        pl->overall = rt_xrealloc(
            pl->overall, ((size_t)nper * p->noveralls + 1) * sizeof(rt_value));
        memset(pl->overall + (size_t)pl->noverall_periods * p->noveralls, 0,
               (size_t)(nper - pl->noverall_periods) * p->noveralls *
                   sizeof(rt_value));
        pl->noverall_periods = nper;
    }
    rt_value *vals = rt_xcalloc((size_t)p->naggs + 1, sizeof(rt_value));
    for (int per = 0; per < nper; per++) {
        for (int a = 0; a < p->naggs; a++) {
            rt_aggstate *s = rt_worker_state(&x->main, a, 0, per);
            vals[a] = s ? rt_aggstate_value(s, &p->aggs[a]) : rt_missing();
        }
        rt_env env = {.agg = vals,
                      .overall = pl->overall + (size_t)per * p->noveralls};
        for (int o = 0; o < p->noveralls; o++)
            if (p->overalls[o].pass == pass)
                pl->overall[(size_t)per * p->noveralls + o] =
                    rt_eval(p->overalls[o].expr, &env);
    }
    free(vals);
}

/* The text keys of a grouping's groups (same indexes), for lookups by
 * any thread. */
static rt_groups *text_keys(rt_exec *x, int gi)
{
    worker *w = &x->main;
    int nd = x->plan.p->groupings[gi].ndims;
    rt_groups *t = rt_groups_new();
    for (int i = 0; i < rt_worker_ngroups(w, gi); i++) {
        const char *vals[RT_MAX_DIMS];
        for (int d = 0; d < nd && d < RT_MAX_DIMS; d++)
            vals[d] = w->g[gi].dims[(size_t)i * nd + d];
        size_t len = rt_worker_text_key(
            w, rt_exec_period_name(x, w->g[gi].period[i]), vals, nd);
        rt_groups_intern(t, w->key, len);
    }
    return t;
}

/* The value of each key of the per-key aggregates of this pass. */
static void compute_peraggs(rt_exec *x, int pass)
{
    rt_plan *pl = &x->plan;
    const rt_program *p = pl->p;
    for (int i = 0; i < p->nperaggs; i++) {
        const rt_peragg *pa = &p->peraggs[i];
        if (p->aggs[pa->agg].pass != pass)
            continue;
        int n = rt_worker_ngroups(&x->main, pa->grouping);
        pl->per_keys[i] = text_keys(x, pa->grouping);
        pl->per_vals[i] = rt_xcalloc((size_t)n + 1, sizeof(rt_value));
        for (int g = 0; g < n; g++)
            pl->per_vals[i][g] = rt_aggstate_value(
                rt_worker_state(&x->main, pa->agg, pa->grouping, g),
                &p->aggs[pa->agg]);
    }
}

/* ---- scanning ---- */

typedef struct job {
    worker w;
    rt_csv *csv;
    rt_csv_range range;
    int ds;
    int rc;
    char *err;
} job;

/* A thread's range: its lines are numbered from its start, and the lines
 * before it counted only if a message needs them (scanning starts at
 * once instead of after reading the first range). */
static void *run_job(void *arg)
{
    job *j = arg;
    j->rc = rt_worker_scan(&j->w, j->ds, j->csv, &j->range, 0);
    return NULL;
}

/* Prints a worker's --lenient warnings (first pass) within the budget. */
static void flush_warnings(rt_exec *x, worker *w)
{
    const rt_exec_opts *o = x->plan.o;
    for (size_t i = 0; i < w->nwarn; i++) {
        if (x->bad < (unsigned long long)o->max_warnings)
            fprintf(o->warn, "%s\n", w->warn[i].text);
        x->bad++;
        free(w->warn[i].text);
    }
    /* Values past a worker's own budget were counted, not kept. */
    if (w->bad > w->nwarn)
        x->bad += w->bad - w->nwarn;
    w->nwarn = 0;
    w->bad = 0;
}

static int scan_error(rt_csv *csv, worker *w, int rc, char **errmsg)
{
    if (rc == -1) {
        *errmsg = rt_xstrdup(rt_csv_error(csv));
    } else {
        *errmsg = w->err;
        w->err = NULL;
    }
    return 1;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/* Opens the extra handles and ranges of a parallel scan; the number of
 * ranges (1: scan alone). */
static int prepare_jobs(rt_exec *x, int ds, job *jobs, rt_csv_range *r)
{
    rt_csv *csv = x->csvs[ds];
    if (x->nthreads < 2 || file_size(rt_csv_path(csv)) < PARALLEL_MIN_BYTES)
        return 1;
    int k = rt_csv_split(csv, x->nthreads, r);
    for (int i = 1; i < k; i++) {
        rt_csv_opts co = {.delimiter = rt_csv_delimiter(csv)};
        char *err = NULL;
        jobs[i].csv = rt_csv_open(rt_csv_path(csv), &co, &err);
        free(err);
        if (!jobs[i].csv) { /* cannot reopen: scan alone */
            for (int j = 1; j < i; j++)
                rt_csv_close(jobs[j].csv);
            return 1;
        }
        rt_worker_init(&jobs[i].w, &x->plan);
        jobs[i].w.pass = x->main.pass;
        jobs[i].range = r[i];
        jobs[i].ds = ds;
    }
    return k;
}

static int scan_parallel(rt_exec *x, int ds, int k, job *jobs,
                         const rt_csv_range *r, char **errmsg)
{
    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    for (int i = 1; i < k; i++)
        started[i] = pthread_create(&tid[i], NULL, run_job, &jobs[i]) == 0;
    for (int i = 1; i < k; i++) /* a thread that did not start: run here */
        if (!started[i])
            run_job(&jobs[i]);
    int rc0 = rt_worker_scan(&x->main, ds, x->csvs[ds], &r[0], 1);
    for (int i = 1; i < k; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
    /* A cut inside a quoted field shows as a range that did not end
     * between records. */
    bool sound = rc0 != 0 || rt_csv_clean_end(x->csvs[ds]);
    for (int i = 1; i < k - 1 && sound; i++)
        sound = jobs[i].rc != 0 || rt_csv_clean_end(jobs[i].csv);
    int rc = 0;
    if (!sound)
        rc = SPLIT_UNSOUND;
    else if (rc0)
        rc = scan_error(x->csvs[ds], &x->main, rc0, errmsg);
    flush_warnings(x, &x->main);
    for (int i = 1; i < k; i++) {
        if (rc == 0 && jobs[i].rc)
            rc = scan_error(jobs[i].csv, &jobs[i].w, jobs[i].rc, errmsg);
        flush_warnings(x, &jobs[i].w);
        if (rc == 0)
            rt_worker_merge(&x->main, &jobs[i].w);
        rt_worker_free(&jobs[i].w);
        rt_csv_close(jobs[i].csv);
    }
    return rc;
}

static void mark_cols(const rt_program *p, const rt_expr *e, int ds, bool *mark)
{
    if (!e)
        return;
    if (e->op == RT_COLNUM || e->op == RT_COLSTR)
        mark[e->slot] = true;
    if (e->op == RT_PERAGG) { /* the key of the per-key lookup */
        const rt_grouping *g = &p->groupings[p->peraggs[e->slot].grouping];
        for (int d = 0; d < g->ndims; d++)
            mark_cols(p, g->dims[ds * g->ndims + d], ds, mark);
    }
    for (int i = 0; i < e->nkids; i++)
        mark_cols(p, e->kids[i], ds, mark);
}

static void mark_grouping(const rt_program *p, int g, int ds, bool *mark)
{
    const rt_grouping *gr = &p->groupings[g];
    for (int d = 0; d < gr->ndims; d++)
        mark_cols(p, gr->dims[ds * gr->ndims + d], ds, mark);
}

/* The groupings and columns of the scan of file ds in this pass. A file's
 * first scan converts all its columns (its contract is checked once) and
 * creates the groups of every breakdown; later scans only what the pass
 * reads, and the groups of breakdowns computable only from now on. */
static void plan_scan(rt_exec *x, int ds, bool first)
{
    rt_plan *pl = &x->plan;
    const rt_program *p = pl->p;
    int pass = x->main.pass, k = pass * p->ndatasets + ds, n = 0;
    bool *mark = rt_xcalloc((size_t)p->ncols + 1, sizeof(bool));
    pl->scan_groupings =
        rt_xrealloc(pl->scan_groupings, sizeof(int) * (p->ngroupings + 1));
    for (int g = 1; g < p->ngroupings; g++) {
        const rt_grouping *gr = &p->groupings[g];
        if (pl->fed[g] && gr->outcol[0] >= 0 && gr->dims[ds * gr->ndims] &&
            gr->pass <= pass && (first || gr->pass == pass)) {
            pl->scan_groupings[n++] = g;
            mark_grouping(p, g, ds, mark);
        }
    }
    pl->scan_groupings[n] = -1;
    for (int i = 0; i < pl->npass_aggs[k]; i++) {
        const rt_agg *a = &p->aggs[pl->pass_aggs[k][i]];
        mark_cols(p, a->arg, ds, mark);
        mark_cols(p, a->where, ds, mark);
        mark_cols(p, a->weight, ds, mark);
        mark_grouping(p, a->base, ds, mark);
    }
    if (p->datasets[ds].period_col >= 0)
        mark[p->datasets[ds].period_col] = true;
    n = 0;
    pl->scan_cols = rt_xrealloc(pl->scan_cols, sizeof(int) * (p->ncols + 1));
    for (const int *c = pl->ds_cols[ds]; *c >= 0; c++)
        if (first || mark[*c])
            pl->scan_cols[n++] = *c;
    pl->scan_cols[n] = -1;
    free(mark);
}

/* Scans one file for the current pass. */
static int scan_file(rt_exec *x, int ds, char **errmsg)
{
    const rt_program *p = x->plan.p;
    if (x->plan.npass_aggs[x->main.pass * p->ndatasets + ds] == 0)
        return 0;
    bool first = true;
    for (int k = 1; k < x->main.pass; k++)
        first = first && x->plan.npass_aggs[k * p->ndatasets + ds] == 0;
    plan_scan(x, ds, first);
    job jobs[MAX_THREADS] = {0};
    rt_csv_range r[MAX_THREADS];
    int k = prepare_jobs(x, ds, jobs, r);
    if (k > 1)
        return scan_parallel(x, ds, k, jobs, r, errmsg);
    rt_csv_range all = {0, -1};
    int rc = rt_worker_scan(&x->main, ds, x->csvs[ds], &all, 1);
    flush_warnings(x, &x->main);
    return rc ? scan_error(x->csvs[ds], &x->main, rc, errmsg) : 0;
}

static int run_passes(rt_exec *x, char **errmsg)
{
    const rt_program *p = x->plan.p;
    for (int pass = 1; pass <= p->npasses; pass++) {
        x->main.pass = pass;
        for (int ds = 0; ds < p->ndatasets; ds++) {
            int rc = scan_file(x, ds, errmsg);
            if (rc)
                return rc;
        }
        for (int a = 0; a < p->naggs; a++)
            if (p->aggs[a].pass == pass && p->aggs[a].base >= 0)
                roll_up(x, a);
        prepare_order_stats(x, pass);
        rt_groups_free(x->plan.periods);
        x->plan.periods = copy_keys(x->main.g[0].keys);
        compute_overalls(x, pass);
        compute_peraggs(x, pass);
    }
    return 0;
}

static rt_exec *new_exec(const rt_program *p, rt_csv *const *csvs,
                         const rt_exec_opts *o, int nthreads)
{
    rt_exec *x = rt_xcalloc(1, sizeof *x);
    x->plan.p = p;
    x->plan.o = o;
    x->csvs = csvs;
    x->nthreads = nthreads;
    return x;
}

static int threads_wanted(const rt_exec_opts *o)
{
    int n = o->threads;
    if (n <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        n = cpus > 0 ? (int)cpus : 1;
    }
    return n > MAX_THREADS ? MAX_THREADS : n;
}

int rt_exec_run(const rt_program *p, rt_csv *const *csvs, const rt_exec_opts *o,
                rt_exec **out, char **errmsg)
{
    int nthreads = threads_wanted(o);
    for (;;) {
        rt_exec *x = new_exec(p, csvs, o, nthreads);
        *out = x;
        *errmsg = NULL;
        if (bind_columns(x, errmsg))
            return 1;
        plan_states(&x->plan);
        rt_worker_init(&x->main, &x->plan);
        int rc = run_passes(x, errmsg);
        if (rc == SPLIT_UNSOUND && nthreads > 1) {
            rt_exec_free(x);
            nthreads = 1;
            continue;
        }
        if (rc == 0 && x->bad > (unsigned long long)o->max_warnings)
            fprintf(o->warn,
                    "sicalc: warning: %llu values in all were counted as "
                    "missing\n",
                    x->bad);
        return rc ? 1 : 0;
    }
}

void rt_exec_free(rt_exec *x)
{
    if (!x)
        return;
    rt_plan *pl = &x->plan;
    const rt_program *p = pl->p;
    rt_worker_free(&x->main);
    for (int a = 0; pl->local && a < p->naggs; a++) {
        free(pl->local[a]);
        free(pl->agg_cols[a]);
    }
    for (int k = 0; pl->pass_aggs && k < (p->npasses + 1) * p->ndatasets; k++)
        free(pl->pass_aggs[k]);
    for (int d = 0; pl->ds_cols && d < p->ndatasets; d++)
        free(pl->ds_cols[d]);
    for (int i = 0; pl->per_keys && i < p->nperaggs; i++) {
        rt_groups_free(pl->per_keys[i]);
        free(pl->per_vals[i]);
    }
    free(pl->per_keys);
    free(pl->per_vals);
    rt_groups_free(pl->periods);
    free(pl->ds_cols);
    free(pl->field);
    free(pl->nattached);
    free(pl->local);
    free(pl->agg_cols);
    free(pl->base_slot);
    free(pl->base_local);
    for (int k = 0; pl->fset && k < (p->npasses + 1) * p->ndatasets + 1; k++)
        rt_filterset_free(pl->fset[k]);
    free(pl->fset);
    free(pl->fid);
    for (int c = 0; pl->conv && c < p->ncols; c++) {
        free(pl->conv[c].allowed_len);
        free(pl->conv[c].allowed_num);
        free(pl->conv[c].allowed_isnum);
        free(pl->conv[c].allowed_utf8);
    }
    free(pl->conv);
    free(pl->scan_cols);
    free(pl->scan_groupings);
    free(pl->fed);
    free(pl->pass_aggs);
    free(pl->npass_aggs);
    free(pl->overall);
    free(x);
}

/* ---- results ---- */

int rt_exec_ngroups(const rt_exec *x, int grouping)
{
    return rt_worker_ngroups(&x->main, grouping);
}

int rt_exec_group_period(const rt_exec *x, int grouping, int group)
{
    return x->main.g[grouping].period[group];
}

const char *rt_exec_group_dim(const rt_exec *x, int grouping, int group, int d)
{
    int nd = x->plan.p->groupings[grouping].ndims;
    return x->main.g[grouping].dims[(size_t)group * nd + d];
}

const char *rt_exec_period_name(const rt_exec *x, int period)
{
    return rt_groups_key(x->main.g[0].keys, period, NULL);
}

rt_aggstate *rt_exec_state(rt_exec *x, int agg, int g, int group)
{
    return rt_worker_state(&x->main, agg, g, group);
}

unsigned long long rt_exec_rows(const rt_exec *x)
{
    return x->main.rows;
}

unsigned long long rt_exec_bad_values(const rt_exec *x)
{
    return x->bad;
}

uint64_t rt_exec_group_files(const rt_exec *x, int grouping, int group)
{
    return x->main.g[grouping].files[group];
}

const rt_value *rt_exec_overall(const rt_exec *x, int period)
{
    if (!x->plan.overall || period >= x->plan.noverall_periods)
        return NULL;
    return x->plan.overall + (size_t)period * x->plan.p->noveralls;
}
