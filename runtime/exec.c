/* exec.c — the scan driver: plans the passes, runs each pass over each
 * data file (split into ranges scanned by parallel workers, merged in
 * file order), and computes the per-period and per-key values that later
 * passes read. */
#include "exec.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "colspool.h"
#include "design.h"
#include "prepare.h"
#include "rewrite.h"
#include "samples.h"
#include "scanplan.h"
#include "timing.h"
#include "worker.h"

/* Files smaller than this are scanned by one thread: starting threads
 * and merging would cost more than they save. */
#define PARALLEL_MIN_BYTES (4L << 20)

/* The spools of one file's first scan, one per range (colspool.h); n
 * 0: its later scans read the CSV. */
typedef struct file_spools {
    rt_colspool *seg[RT_MAX_THREADS];
    int n;
} file_spools;

struct rt_exec {
    rt_plan plan;
    rt_program *own;     /* the run's own form of the program (rewrite.h), or
                            NULL: the program as written */
    file_spools *spools; /* [ds] */
    const rt_exec_opts *o;
    rt_worker main; /* range 0 of every scan; holds the merged state */
    rt_csv *const *csvs;
    int nthreads;
    int nranges;    /* the ranges of the last scan (SICALC_SCAN_STATS) */
    double merge_s; /* and the time their merge took */
    unsigned long long bad;
};

/* A scan that started at a cut inside a quoted field: the run is redone
 * with one thread. */
enum { SPLIT_UNSOUND = 2 };

uint64_t rt_file_bit(int ds)
{
    return rt_plan_file_bit(ds);
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
/* The groups of grouping gi that base's groups roll up to, looked up
 * once for all the aggregates with that base and grouping (by their
 * values: some 240 instructions each) and extended when base has grown
 * since; the first lookup creates them, in base's order. */
typedef struct rollmap {
    int *to;
    int n;
} rollmap;

static const int *rolled(rt_exec *x, rollmap *maps, int base, int gi)
{
    rt_worker *w = &x->main;
    rollmap *m = &maps[base * x->plan.p->ngroupings + gi];
    int nbase = rt_worker_ngroups(w, base);
    if (m->n < nbase) {
        m->to = rt_xrealloc(m->to, (size_t)nbase * sizeof *m->to);
        for (int j = m->n; j < nbase; j++)
            m->to[j] = rt_worker_rollup_group(w, base, j, gi);
        m->n = nbase;
    }
    return m->to;
}

static void roll_up(rt_exec *x, int ai, rollmap *maps)
{
    const rt_agg *a = &x->plan.p->aggs[ai];
    rt_worker *w = &x->main;
    int nbase = rt_worker_ngroups(w, a->base);
    for (int i = 0; i < a->ngroupings; i++) {
        int gi = a->groupings[i];
        if (gi == a->base)
            continue;
        const int *to = rolled(x, maps, a->base, gi);
        for (int j = 0; j < nbase; j++) {
            int t = to[j];
            w->g[gi].files[t] |= w->g[a->base].files[j];
            rt_aggstate_add_state(rt_worker_state(w, ai, gi, t),
                                  rt_worker_state(w, ai, a->base, j));
        }
    }
}

/* The values an aggregate's part kept (plan.part) made part of its own,
 * in each base group, before roll-ups and readers read them. */
static void join_parts(rt_exec *x, int pass)
{
    const rt_program *p = x->plan.p;
    for (int a = 0; a < p->naggs; a++) {
        int b = x->plan.part[a], base = p->aggs[a].base;
        for (int g = 0; b >= 0 && p->aggs[a].pass == pass &&
                        g < rt_worker_ngroups(&x->main, base);
             g++)
            rt_aggstate_join(rt_worker_state(&x->main, a, base, g),
                             rt_worker_state(&x->main, b, base, g));
    }
}

/* Every aggregate of pass rolled up from its base groups. */
static void roll_ups(rt_exec *x, int pass)
{
    const rt_program *p = x->plan.p;
    size_t n = (size_t)p->ngroupings * (size_t)p->ngroupings;
    rollmap *maps = rt_xcalloc(n + 1, sizeof *maps);
    for (int a = 0; a < p->naggs; a++)
        if (p->aggs[a].pass == pass && p->aggs[a].base >= 0 &&
            x->plan.share[a] < 0)
            roll_up(x, a, maps);
    for (size_t k = 0; k < n; k++)
        free(maps[k].to);
    free(maps);
}

/* The states of aggregates that share another's values (plan.share):
 * filled from it once its roll-ups are done. */
static void share_states(rt_exec *x, int pass)
{
    const rt_program *p = x->plan.p;
    for (int a = 0; a < p->naggs; a++) {
        int from = x->plan.share[a];
        if (p->aggs[a].pass != pass || from < 0)
            continue;
        for (int i = 0; i < p->aggs[a].ngroupings; i++) {
            int gi = p->aggs[a].groupings[i];
            for (int g = 0; g < rt_worker_ngroups(&x->main, gi); g++)
                rt_aggstate_share(rt_worker_state(&x->main, a, gi, g),
                                  rt_worker_state(&x->main, from, gi, g),
                                  &p->aggs[a]);
        }
    }
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
    rt_worker *w = &x->main;
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
    rt_worker w;
    rt_csv *csv;
    rt_colspool *spool; /* a replay's range, else NULL (read csv) */
    rt_csv_range range;
    int ds;
    int rc;
    /* a parallel scan's range (scan_parallel): */
    rt_worker *wp;      /* w, or the main worker for range 0 */
    struct ranges *rs;  /* all the scan's ranges */
    rt_csv_fence fence; /* its end, which a thief may move */
    bool clean;         /* the range ended between records */
    bool lent_csv;      /* csv is another range's (not closed here) */
} job;

/* Why steal: the ranges of a file take unequal times when the machine
 * gives its cores unequal shares (seen here: one half of a file 60%
 * slower than the other); a thread that is done takes the second half
 * of the unread part of the range with the most left, a range of its
 * own with a worker of its own, merged in file order like the others. */
#define RT_MAX_RANGES 64
#define STEAL_MIN                                                              \
    (16L << 20) /* bytes: a smaller part is not worth a                        \
                  worker's setup and merge */

typedef struct ranges {
    pthread_mutex_t mu;
    rt_exec *x;
    int ds;
    bool steal; /* false: the ranges as split (a scan writing spools) */
    long least; /* the least part cut: STEAL_MIN, or SICALC_STEAL_MIN's
                   bytes (tests) */
    job *all[RT_MAX_RANGES]; /* in order of creation */
    int n;
} ranges;

/* A thread's range: its lines are numbered from its start, and the lines
 * before it counted only if a message needs them (scanning starts at
 * once instead of after reading the first range). */
static void *run_job(void *arg)
{
    job *j = arg;
    j->rc = j->spool ? rt_worker_replay(&j->w, j->ds, j->csv, j->spool)
                     : rt_worker_scan(&j->w, j->ds, j->csv, &j->range, 0);
    return NULL;
}

/* Prints a worker's --lenient warnings (first pass) within the budget. */
static void flush_warnings(rt_exec *x, rt_worker *w)
{
    const rt_exec_opts *o = x->o;
    for (size_t i = 0; i < w->nwarn; i++) {
        if (x->bad < (unsigned long long)o->max_warnings) {
            char *text = rt_data_error_text(&w->warn[i], "warning");
            fprintf(o->warn, "%s\n", text);
            free(text);
        }
        x->bad++;
        rt_data_error_clear(&w->warn[i]);
    }
    /* Values past a worker's own budget were counted, not kept. */
    if (w->bad > w->nwarn)
        x->bad += w->bad - w->nwarn;
    w->nwarn = 0;
    w->bad = 0;
}

static int scan_error(rt_csv *csv, rt_worker *w, int rc, rt_data_error *err)
{
    if (rc == -1)
        rt_data_error_move(err, rt_csv_take_error(csv));
    else
        rt_data_error_move(err, &w->err);
    return 1;
}

/* Opens the extra handles and ranges of a parallel scan; the number of
 * ranges (1: scan alone). */
static int prepare_jobs(rt_exec *x, int ds, job *jobs, rt_csv_range *r)
{
    rt_csv *csv = x->csvs[ds];
    if (x->nthreads < 2 || rt_csv_size(csv) < PARALLEL_MIN_BYTES)
        return 1;
    int k = rt_csv_split(csv, x->nthreads, r);
    for (int i = 1; i < k; i++) {
        rt_data_error err = {0};
        jobs[i].csv = rt_csv_dup(csv, &err);
        rt_data_error_clear(&err);
        if (!jobs[i].csv) { /* no descriptor left: scan alone */
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

static void init_fence(job *j, long size)
{
    pthread_mutex_init(&j->fence.mu, NULL);
    j->fence.end = j->range.end;
    j->fence.claimed = j->range.start;
    j->fence.size = size;
    j->fence.done = false;
}

/* Scans job j's range (its end as the fence left it, afterwards). */
static void scan_job(job *j)
{
    bool main = j->wp == &j->rs->x->main;
    rt_csv_set_fence(j->csv, j->rs->steal ? &j->fence : NULL);
    j->rc = rt_worker_scan(j->wp, j->ds, j->csv, &j->range, main ? 1 : 0);
    rt_csv_set_fence(j->csv, NULL);
    j->clean = rt_csv_clean_end(j->csv);
    if (j->rs->steal)
        j->range.end = j->fence.end;
}

/* A new range cut from v's unread part (left bytes of it), read with
 * csv (the thief's, done with its own range: its outcome is kept in its
 * job), or NULL. */
static job *cut_range(ranges *rs, job *v, long left, rt_csv *csv)
{
    rt_exec *x = rs->x;
    rt_csv_fence *f = &v->fence;
    pthread_mutex_lock(&f->mu);
    long from = f->claimed;
    pthread_mutex_unlock(&f->mu);
    long cut = rt_csv_line_start(csv, from + left / 2);
    pthread_mutex_lock(&f->mu);
    long end = f->end;
    bool ok = !f->done && cut > f->claimed && cut < (end < 0 ? f->size : end);
    if (ok)
        f->end = cut;
    pthread_mutex_unlock(&f->mu);
    if (!ok)
        return NULL;
    job *t = rt_xcalloc(1, sizeof *t);
    t->csv = csv;
    t->lent_csv = true;
    t->wp = &t->w;
    rt_worker_init(&t->w, &x->plan);
    t->w.pass = x->main.pass;
    t->ds = rs->ds;
    t->rs = rs;
    t->range = (rt_csv_range){cut, end};
    init_fence(t, f->size);
    rs->all[rs->n++] = t;
    return t;
}

/* A range for the thread that has just scanned done: cut from the range
 * with the most left to read; NULL when none has enough, or when done
 * stopped (its reader's state is kept for the error). */
static job *steal(ranges *rs, const job *done)
{
    if (!rs->steal || done->rc)
        return NULL;
    pthread_mutex_lock(&rs->mu);
    job *v = NULL;
    long most = 2 * rs->least;
    for (int i = 0; i < rs->n; i++) {
        rt_csv_fence *f = &rs->all[i]->fence;
        pthread_mutex_lock(&f->mu);
        long left = (f->end < 0 ? f->size : f->end) - f->claimed;
        bool open = !f->done;
        pthread_mutex_unlock(&f->mu);
        if (open && left > most) {
            most = left;
            v = rs->all[i];
        }
    }
    job *t =
        v && rs->n < RT_MAX_RANGES ? cut_range(rs, v, most, done->csv) : NULL;
    pthread_mutex_unlock(&rs->mu);
    return t;
}

static void *run_ranges(void *arg)
{
    job *j = arg;
    scan_job(j);
    for (job *t; (t = steal(j->rs, j)) != NULL; j = t)
        scan_job(t);
    return NULL;
}

static int by_start(const void *a, const void *b)
{
    long x = (*(job *const *)a)->range.start,
         y = (*(job *const *)b)->range.start;
    return (x > y) - (x < y);
}

/* The ranges' outcome in file order: soundness (every range but the
 * last ended between records), the first error, the warnings, and the
 * workers merged into the main one. */
static int merge_ranges(rt_exec *x, ranges *rs, rt_data_error *err)
{
    qsort(rs->all, (size_t)rs->n, sizeof *rs->all, by_start);
    bool sound = true;
    for (int i = 0; i < rs->n - 1; i++)
        sound &= rs->all[i]->rc != 0 || rs->all[i]->clean;
    int rc = sound ? 0 : SPLIT_UNSOUND;
    for (int i = 0; i < rs->n; i++) {
        job *j = rs->all[i];
        if (rc == 0 && j->rc)
            rc = scan_error(j->csv, j->wp, j->rc, err);
        flush_warnings(x, j->wp);
        if (rc == 0 && j->wp != &x->main)
            rt_worker_merge(&x->main, j->wp);
    }
    return rc;
}

static void free_ranges(rt_exec *x, ranges *rs, job *jobs, int k)
{
    for (int i = 0; i < rs->n; i++) {
        job *j = rs->all[i];
        pthread_mutex_destroy(&j->fence.mu);
        if (j->wp == &x->main)
            continue;
        rt_worker_free(j->wp);
        if (!j->lent_csv)
            rt_csv_close(j->csv);
        if (j < jobs || j >= jobs + k) /* a stolen range's */
            free(j);
    }
    pthread_mutex_destroy(&rs->mu);
}

static int scan_parallel(rt_exec *x, int ds, int k, job *jobs,
                         const rt_csv_range *r, rt_data_error *err)
{
    const char *least = getenv("SICALC_STEAL_MIN");
    ranges rs = {.x = x,
                 .ds = ds,
                 .steal = !x->main.spool,
                 .least = least ? atol(least) : STEAL_MIN};
    pthread_mutex_init(&rs.mu, NULL);
    long size = (long)rt_csv_size(x->csvs[ds]);
    jobs[0] = (job){.csv = x->csvs[ds], .range = r[0], .ds = ds};
    jobs[0].wp = &x->main;
    for (int i = 0; i < k; i++) {
        if (i > 0)
            jobs[i].wp = &jobs[i].w;
        jobs[i].rs = &rs;
        init_fence(&jobs[i], size);
        rs.all[rs.n++] = &jobs[i];
    }
    pthread_t tid[RT_MAX_THREADS];
    bool started[RT_MAX_THREADS] = {false};
    for (int i = 1; i < k; i++)
        started[i] = pthread_create(&tid[i], NULL, run_ranges, &jobs[i]) == 0;
    for (int i = 1; i < k; i++) /* a thread that did not start: run here */
        if (!started[i])
            scan_job(&jobs[i]);
    run_ranges(&jobs[0]);
    for (int i = 1; i < k; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
    double t0 = rt_timing_now();
    int rc = merge_ranges(x, &rs, err);
    x->merge_s = rt_timing_now() - t0;
    x->nranges = rs.n;
    free_ranges(x, &rs, jobs, k);
    return rc;
}

/* ---- the column spool ---- */

static void drop_spools(file_spools *sp)
{
    for (int i = 0; i < sp->n; i++)
        rt_colspool_free(sp->seg[i]);
    sp->n = 0;
}

/* A first scan that later passes will scan again: a spool per range
 * (the workers write them), of the columns those passes read, and each
 * record's PSU when a standard error reads the file's design (the
 * replay does not find it again: it would be the same). None when
 * turned off or when a temporary file cannot be made. */
static void start_spools(rt_exec *x, int ds, const int *keep, int k, job *jobs)
{
    file_spools *sp = &x->spools[ds];
    bool psus = x->plan.psus && x->plan.p->datasets[ds].design;
    if (!keep || !rt_colspool_enabled())
        return;
    int pc = x->plan.p->datasets[ds].period_col;
    for (sp->n = 0; sp->n < k; sp->n++)
        if (!(sp->seg[sp->n] = rt_colspool_new(x->plan.p, keep, pc, psus))) {
            drop_spools(sp);
            return;
        }
    x->main.spool = sp->seg[0];
    for (int i = 1; i < k; i++)
        jobs[i].w.spool = sp->seg[i];
}

/* After the first scan: the spools are kept when every one was written
 * whole. */
static void end_spools(rt_exec *x, int ds, int rc)
{
    file_spools *sp = &x->spools[ds];
    x->main.spool = NULL;
    bool ok = rc == 0;
    for (int i = 0; i < sp->n; i++)
        ok &= rt_colspool_finish(sp->seg[i]);
    if (!ok)
        drop_spools(sp);
}

/* A later scan of file ds from its spools: range i's on thread i, merged
 * in file order as a parallel scan is. */
static int replay_file(rt_exec *x, int ds, rt_data_error *err)
{
    file_spools *sp = &x->spools[ds];
    job jobs[RT_MAX_THREADS] = {0};
    pthread_t tid[RT_MAX_THREADS];
    bool started[RT_MAX_THREADS] = {false};
    for (int i = 1; i < sp->n; i++) {
        rt_worker_init(&jobs[i].w, &x->plan);
        jobs[i].w.pass = x->main.pass;
        jobs[i].csv = x->csvs[ds];
        jobs[i].ds = ds;
        jobs[i].spool = sp->seg[i];
        started[i] = pthread_create(&tid[i], NULL, run_job, &jobs[i]) == 0;
    }
    for (int i = 1; i < sp->n; i++) /* a thread that did not start */
        if (!started[i])
            run_job(&jobs[i]);
    int rc = rt_worker_replay(&x->main, ds, x->csvs[ds], sp->seg[0]);
    if (rc)
        scan_error(x->csvs[ds], &x->main, rc, err);
    for (int i = 1; i < sp->n; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        if (rc == 0 && jobs[i].rc)
            rc = scan_error(x->csvs[ds], &jobs[i].w, jobs[i].rc, err);
        if (rc == 0)
            rt_worker_merge(&x->main, &jobs[i].w);
        rt_worker_free(&jobs[i].w);
    }
    return rc ? 1 : 0;
}

/* Scans one file for the current pass: from the CSV, or from the spool
 * of its first scan. */
static int scan_source(rt_exec *x, int ds, rt_data_error *err)
{
    int pass = x->main.pass;
    if (!rt_plan_has_scan(&x->plan, pass, ds))
        return 0;
    bool first = rt_plan_first_scan(&x->plan, pass, ds);
    int *keep = first ? rt_plan_later_cols(&x->plan, pass, ds) : NULL;
    rt_plan_scan(&x->plan, pass, ds, first);
    if (!first && x->spools[ds].n) {
        int rc = replay_file(x, ds, err);
        bool again = false; /* does a later pass read the file? */
        for (int later = pass + 1; later <= x->plan.p->npasses; later++)
            again |= rt_plan_has_scan(&x->plan, later, ds);
        if (!again) /* its disk space back before the output is written */
            drop_spools(&x->spools[ds]);
        return rc;
    }
    job jobs[RT_MAX_THREADS] = {0};
    rt_csv_range r[RT_MAX_THREADS];
    int k = prepare_jobs(x, ds, jobs, r);
    start_spools(x, ds, keep, k, jobs);
    free(keep);
    int rc;
    if (k > 1) {
        rc = scan_parallel(x, ds, k, jobs, r, err);
    } else {
        rt_csv_range all = {0, -1};
        rc = rt_worker_scan(&x->main, ds, x->csvs[ds], &all, 1);
        flush_warnings(x, &x->main);
        if (rc)
            rc = scan_error(x->csvs[ds], &x->main, rc, err);
    }
    end_spools(x, ds, rc);
    return rc;
}

/* With SICALC_SCAN_STATS set (for measuring, docs/PERFORMANCE.md),
 * each scan says on standard error what it read and its wall time. */
static int scan_file(rt_exec *x, int ds, rt_data_error *err)
{
    if (!rt_timing_on() || !rt_plan_has_scan(&x->plan, x->main.pass, ds))
        return scan_source(x, ds, err);
    const file_spools *sp = &x->spools[ds];
    bool replay = sp->n > 0; /* (dropped after its last replay) */
    double t0 = rt_timing_now();
    x->nranges = 1;
    x->merge_s = 0;
    int rc = scan_source(x, ds, err);
    double t1 = rt_timing_now();
    unsigned long long rows = 0;
    long long bytes = 0;
    for (int i = 0; i < sp->n; i++) {
        rows += rt_colspool_rows(sp->seg[i]);
        bytes += rt_colspool_bytes(sp->seg[i]);
    }
    fprintf(x->o->warn,
            "sicalc: scan: pass %d of %s: %s, %.3f s; spool kept: %llu "
            "records, %lld bytes in %d file(s); ranges %d, merged in %.3f s\n",
            x->main.pass, rt_csv_path(x->csvs[ds]), replay ? "spool" : "CSV",
            t1 - t0, rows, bytes, sp->n, x->nranges, x->merge_s);
    return rc;
}

/* Why after each pass: a sum (or count) of finite values can pass the
 * largest double (ten rows of 1e308), and the mean of such a group then
 * printed no_data as if it had no rows. It is a data error naming the
 * file, the column, the aggregate and the period instead. */
static int check_finite(rt_exec *x, int pass, rt_data_error *err)
{
    static const char *const names[] = {
#define X(k, name, nargs) name,
#include "aggs.def"
#undef X
    };
    const rt_program *p = x->plan.p;
    rt_worker *w = &x->main;
    for (int a = 0; a < p->naggs; a++) {
        const rt_agg *ag = &p->aggs[a];
        bool sums = ag->kind == RT_AGG_SUM || ag->kind == RT_AGG_MEAN ||
                    ag->kind == RT_AGG_SHARE;
        for (int i = 0; ag->pass == pass && i < ag->ngroupings; i++) {
            int gi = ag->groupings[i];
            for (int g = 0; g < rt_worker_ngroups(w, gi); g++) {
                rt_aggstate *s = rt_worker_state(w, a, gi, g);
                if (!s->kind || (isfinite(rt_xsum_value(&s->wsum)) &&
                                 (!sums || isfinite(rt_xsum_value(&s->sum)))))
                    continue;
                int c =
                    ag->arg && ag->arg->op == RT_COLNUM ? ag->arg->slot : -1;
                const char *per = rt_exec_period_name(x, w->g[gi].period[g]);
                bool weights = !isfinite(rt_xsum_value(&s->wsum));
                char msg[512];
                snprintf(msg, sizeof msg,
                         "the sum of %s%s%.200s is beyond the range of a "
                         "double (about 1.8e308), so %s() cannot be computed",
                         weights ? "the weights of its rows" : "its values",
                         *per ? " in period " : "", per,
                         ag->kind == RT_AGG_BELOW ? "share" : names[ag->kind]);
                rt_data_error_set(err, rt_csv_path(x->csvs[ag->ds]), 0,
                                  c >= 0 ? p->cols[c].name : NULL,
                                  c >= 0 ? x->plan.field[c] + 1 : 0, NULL, msg);
                return 1;
            }
        }
    }
    return 0;
}

/* For tests only: with SICALC_TEST_PAUSE=PREFIX, pass N ends by reading
 * a line from the FIFO PREFIX.N when it exists, so a test can change a
 * data file between a pass and its check, or between passes, at a known
 * moment. Why a FIFO per pass: a writer for the next pass could reach
 * the reader of the last one before it closed, and its line be lost.
 * Unset, it costs one getenv per pass. */
static void test_pause(int pass)
{
    const char *prefix = getenv("SICALC_TEST_PAUSE");
    if (!prefix || !*prefix)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s.%d", prefix, pass);
    if (access(path, F_OK) != 0)
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[64];
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
}

/* A data file that changed during the pass: its rows may be partial or
 * mixed, so the run stops with a data error naming it. */
static int check_unchanged(rt_exec *x, rt_data_error *err)
{
    for (int ds = 0; ds < x->plan.p->ndatasets; ds++)
        if (!rt_csv_unchanged(x->csvs[ds], err))
            return 1;
    return 0;
}

/* Whether some standard error reads data file ds. */
static bool design_read(const rt_program *p, int ds)
{
    for (int a = 0; a < p->naggs; a++)
        if (p->aggs[a].design && p->aggs[a].ds == ds)
            return true;
    return false;
}

/* The design of a file some standard error reads, checked once its PSUs
 * are known: a stratum with one PSU where the design says lonely fail
 * (the default; R survey stops too), or an fpc below the PSUs sampled
 * ("more than 100% sampling"), is a data error naming the stratum. */
static int check_design(rt_exec *x, rt_data_error *err)
{
    const rt_program *p = x->plan.p;
    for (int ds = 0; x->plan.psus && ds < p->ndatasets; ds++) {
        const rt_design *dg = p->datasets[ds].design;
        if (!dg || !design_read(p, ds))
            continue;
        const char *name, *per;
        unsigned long long line;
        size_t n;
        double fpc;
        char why[300], val[40];
        int c = dg->strata_col;
        if (dg->lonely == RT_LONELY_FAIL &&
            rt_psutab_lonely(x->plan.psus, ds, &name, &per, &line)) {
            snprintf(why, sizeof why,
                     "stratum '%s'%s%s has only one PSU, so its variance "
                     "cannot be estimated; add `lonely adjust` to the design "
                     "to centre it on the grand mean (R survey's "
                     "survey.lonely.psu)",
                     name, *per ? " in period " : "", per);
        } else if (rt_psutab_bad_fpc(x->plan.psus, ds, &name, &per, &line, &n,
                                     &fpc)) {
            snprintf(why, sizeof why,
                     "stratum '%s'%s%s has %zu PSUs in the sample but an fpc "
                     "of %g PSUs in the population",
                     name, *per ? " in period " : "", per, n, fpc);
            c = dg->fpc_col;
            snprintf(val, sizeof val, "%g", fpc);
            name = val;
        } else {
            continue;
        }
        rt_data_error_set(err, rt_csv_path(x->csvs[ds]), line,
                          c >= 0 ? p->cols[c].name : "",
                          c >= 0 ? x->plan.field[c] + 1 : 0, name, why);
        return 1;
    }
    return 0;
}

/* What follows a pass's scans: roll-ups, shared states, the checks of
 * sums, the order statistics, and the values later passes read. With
 * SICALC_SCAN_STATS set, a line says how long each step took ("roll-ups"
 * counts the shared states and the checks of sums too). */
static int after_pass(rt_exec *x, int pass, rt_data_error *err)
{
    bool timed = rt_timing_on();
    double t0 = timed ? rt_timing_now() : 0;
    rt_samples_use_pool(x->main.pool); /* roll-ups add to main's */
    join_parts(x, pass);
    roll_ups(x, pass);
    share_states(x, pass);
    if (check_finite(x, pass, err))
        return 1;
    double t1 = timed ? rt_timing_now() : 0;
    rt_prepare_times pt = {0};
    rt_samples_map_runs(); /* read-only until unmapped */
    rt_prepare_pass(&x->plan, &x->main, pass, x->nthreads, timed ? &pt : NULL);
    rt_samples_unmap_runs();
    rt_groups_free(x->plan.periods);
    x->plan.periods = copy_keys(x->main.g[0].keys);
    compute_overalls(x, pass);
    compute_peraggs(x, pass);
    if (timed) {
        double rest = rt_timing_now() - t1 - pt.medians - pt.below - pt.other;
        fprintf(x->o->warn,
                "sicalc: scan: after pass %d: roll-ups %.3f s, period "
                "medians %.3f s, sums below thresholds %.3f s, other order "
                "statistics %.3f s, the rest %.3f s\n",
                pass, t1 - t0, pt.medians, pt.below, pt.other, rest);
    }
    return 0;
}

static int run_passes(rt_exec *x, rt_data_error *err)
{
    const rt_program *p = x->plan.p;
    for (int pass = 1; pass <= p->npasses; pass++) {
        x->main.pass = pass;
        for (int ds = 0; ds < p->ndatasets; ds++) {
            int rc = scan_file(x, ds, err);
            if (rc)
                return rc;
        }
        test_pause(pass);
        if (check_unchanged(x, err))
            return 1;
        if (after_pass(x, pass, err))
            return 1;
    }
    return check_design(x, err);
}

static rt_exec *new_exec(const rt_program *p, rt_csv *const *csvs,
                         const rt_exec_opts *o, int nthreads)
{
    rt_exec *x = rt_xcalloc_lines(1, sizeof *x);
    const char *rw = getenv("SICALC_REWRITE"); /* "0": tests' witness */
    bool as_written = o->as_written || (rw && strcmp(rw, "0") == 0);
    x->own = as_written ? NULL : rt_rewrite(p);
    p = x->own ? x->own : p;
    x->plan.p = p;
    x->plan.decimal = o->decimal;
    x->plan.lenient = o->lenient;
    const char *bands = getenv("SICALC_BANDS"); /* "0": tests' witness */
    x->plan.no_bands = bands && strcmp(bands, "0") == 0;
    const char *rows_of = getenv("SICALC_ROWS_OF"); /* "0": tests' witness */
    x->plan.no_rows_of = rows_of && strcmp(rows_of, "0") == 0;
    x->plan.max_warnings = o->max_warnings;
    x->o = o;
    x->csvs = csvs;
    x->spools = rt_xcalloc((size_t)p->ndatasets + 1, sizeof *x->spools);
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
    return n > RT_MAX_THREADS ? RT_MAX_THREADS : n;
}

/* Why a loop: a split cut inside a quoted field is only seen after the
 * scan, and the whole run is then redone on one thread. */
int rt_exec_run(const rt_program *p, rt_csv *const *csvs, const rt_exec_opts *o,
                rt_exec **out, rt_data_error *err)
{
    /* A standard error numbers the PSUs in file order: one thread. */
    int nthreads = p->has_se ? 1 : threads_wanted(o);
    rt_samples_set_limit(o->memory_limit ? o->memory_limit
                                         : rt_samples_default_limit());
    for (;;) {
        rt_exec *x = new_exec(p, csvs, o, nthreads);
        *out = x;
        rt_data_error_clear(err);
        if (rt_plan_build(&x->plan, x->plan.p, csvs, err))
            return 1;
        rt_worker_init(&x->main, &x->plan);
        int rc = run_passes(x, err);
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
        for (int ds = 0; rc == 0 && ds < p->ndatasets; ds++) {
            int how = rt_csv_replaced(csvs[ds]);
            if (how)
                fprintf(o->warn,
                        "%s: warning: %s during the run; the result is of "
                        "the file as it was when the run began\n",
                        rt_csv_path(csvs[ds]),
                        how == 2 ? "removed" : "replaced by another file");
        }
        return rc ? 1 : 0;
    }
}

/* Whether the trace asks for an aggregate of the scan of ds in pass. */
static bool traced_scan(const rt_exec *x, const rt_trace *t, int pass, int ds)
{
    for (int i = 0; i < t->naggs; i++) {
        const rt_agg *a = &x->plan.p->aggs[t->aggs[i].agg];
        if (a->pass == pass && a->ds == ds)
            return true;
    }
    return false;
}

/* Why a replay: the group to explain is known only from the run's
 * result; the replay uses the run's plan and frozen values, so what it
 * records is what the run counted. */
int rt_exec_trace(rt_exec *x, rt_trace *t, rt_data_error *err)
{
    const rt_program *p = x->plan.p;
    for (int pass = 1; pass <= p->npasses; pass++)
        for (int ds = 0; ds < p->ndatasets; ds++) {
            if (!traced_scan(x, t, pass, ds))
                continue;
            /* every column: the rows list any of the file's */
            rt_plan_scan(&x->plan, pass, ds, true);
            rt_worker w;
            rt_worker_init(&w, &x->plan);
            w.pass = pass;
            w.trace = t;
            rt_csv_range all = {0, -1};
            int rc = rt_worker_scan(&w, ds, x->csvs[ds], &all, 1);
            if (rc)
                scan_error(x->csvs[ds], &w, rc, err);
            rt_worker_free(&w);
            if (rc)
                return 1;
        }
    return check_unchanged(x, err);
}

/* Why: the run owns its plan, groups and states. */
void rt_exec_free(rt_exec *x)
{
    if (!x)
        return;
    rt_worker_free(&x->main);
    for (int ds = 0; ds < x->plan.p->ndatasets; ds++)
        drop_spools(&x->spools[ds]);
    free(x->spools);
    rt_plan_free(&x->plan);
    rt_rewrite_free(x->own);
    free(x);
}

/* ---- results ---- */

/* The accessors below let finish.c and the commands read the merged
 * result without the worker's layout. */
int rt_exec_ngroups(const rt_exec *x, int grouping)
{
    return rt_worker_ngroups(&x->main, grouping);
}

int rt_exec_threads(const rt_exec *x)
{
    return x->nthreads;
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

const rt_agg *rt_exec_agg(const rt_exec *x, int agg)
{
    return &x->plan.p->aggs[agg];
}

rt_aggstate *rt_exec_state(rt_exec *x, int agg, int g, int group)
{
    return rt_worker_state(&x->main, agg, g, group);
}

const struct rt_psutab *rt_exec_psus(const rt_exec *x)
{
    return x->plan.psus;
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
