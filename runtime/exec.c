/* exec.c — the scan driver. For every record: convert the referenced
 * columns once (checking the dataset contract), find the record's group in
 * each grouping lazily, and feed every aggregate of the current pass. */
#include "exec.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "eval.h"
#include "numfmt.h"
#include "numparse.h"

typedef struct gstate {
    rt_groups *keys;
    int *period;         /* per group */
    char **dims;         /* per group, ndims values (NULL = missing) */
    rt_aggstate *states; /* per group, nattached states */
    uint64_t *files;     /* per group, the data files whose rows are in it
                            (bit ds; files past 63 share bit 63) */
    size_t cap;          /* groups allocated in period/dims/states */
    int nattached;
} gstate;

struct rt_exec {
    const rt_program *p;
    const rt_exec_opts *o;
    rt_csv *const *csvs; /* per dataset */
    rt_csv *csv;         /* the one being scanned */
    int ds;              /* its dataset */
    int **ds_cols;       /* [ds]: its columns, -1 ended */
    int *field;          /* program column -> field of its file */
    rt_value *col_num, *col_str;
    gstate *g;
    int **local;    /* [agg][i]: its state slot in agg->groupings[i] */
    int **agg_cols; /* [agg]: the columns it reads, -1 ended */
    bool *bad_col;  /* per column: --lenient made it missing in this row */
    bool row_bad;
    int **pass_aggs; /* [pass * ndatasets + ds]: aggregates accumulated
                        when that pass scans that file */
    int *npass_aggs;
    rt_value *overall;   /* [period * noveralls + slot] */
    rt_value **per_vals; /* [peragg][group]: ready after its pass */
    int *nper_vals;
    int pass;
    int *row_group; /* per grouping: the current record's group, -1 */
    rt_env env;
    char *key;
    size_t keycap;
    char *err;
    unsigned long long rows, bad;
    const rt_row *row;
};

static bool is_missing_text(const rt_column *c, const char *s, size_t len)
{
    if (len == 0 || strcmp(s, "NA") == 0)
        return true;
    for (int i = 0; i < c->nmissing; i++)
        if (strcmp(s, c->missing[i]) == 0)
            return true;
    return false;
}

static char *fmt_msg(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *fmt_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = rt_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* A value that breaks the column's type or contract: an error, or with
 * --lenient a warning and a missing value. Returns non-zero to stop. */
static int bad_value(rt_exec *x, int c, const char *val, const char *why)
{
    const rt_column *col = &x->p->cols[c];
    char *msg = fmt_msg("%s:%zu: %s: column '%s' (field %d): '%s' %s",
                        rt_csv_path(x->csv), x->row->line,
                        x->o->lenient ? "warning" : "error", col->name,
                        x->field[c] + 1, val, why);
    if (!x->o->lenient) {
        x->err = msg;
        return 1;
    }
    /* Every pass meets the same value; report it once. */
    if (x->pass == 1 && ++x->bad <= (unsigned long long)x->o->max_warnings)
        fprintf(x->o->warn, "%s; counted as missing\n", msg);
    free(msg);
    x->col_num[c] = x->col_str[c] = rt_missing();
    x->bad_col[c] = x->row_bad = true;
    return 0;
}

static bool parse_bool(const char *s, bool *b)
{
    static const char *const yes[] = {"1", "true", "TRUE", "True", "yes"};
    static const char *const no[] = {"0", "false", "FALSE", "False", "no"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcmp(s, yes[i]) == 0)
            return *b = true;
        if (strcmp(s, no[i]) == 0)
            return !(*b = false);
    }
    return false;
}

static int check_contract(rt_exec *x, int c, const char *s)
{
    const rt_column *col = &x->p->cols[c];
    double v = x->col_num[c].num;
    if (col->type == RT_COL_INT && x->col_num[c].tag == RT_NUM && v != floor(v))
        return bad_value(x, c, s, "is not a whole number");
    if (col->has_range && x->col_num[c].tag == RT_NUM &&
        (v < col->lo || v > col->hi)) {
        char lo[32], hi[32], why[96];
        rt_fmt_number(lo, sizeof lo, col->lo);
        rt_fmt_number(hi, sizeof hi, col->hi);
        snprintf(why, sizeof why, "is outside the range %s..%s", lo, hi);
        return bad_value(x, c, s, why);
    }
    if (col->nallowed) {
        /* Numbers compare as numbers ("2011.0" is 2011), text as text. */
        bool numeric = x->col_num[c].tag == RT_NUM;
        for (int i = 0; i < col->nallowed; i++) {
            double a;
            if (numeric && rt_parse_number(col->allowed[i],
                                           strlen(col->allowed[i]), '.', &a)
                    ? a == v
                    : strcmp(s, col->allowed[i]) == 0)
                return 0;
        }
        return bad_value(x, c, s, "is not one of the allowed values");
    }
    return 0;
}

static int convert_column(rt_exec *x, int c)
{
    const rt_column *col = &x->p->cols[c];
    int f = x->field[c];
    const char *s = x->row->field[f];
    size_t len = x->row->len[f];
    if (is_missing_text(col, s, len)) {
        x->col_num[c] = x->col_str[c] = rt_missing();
        return 0;
    }
    x->col_str[c] = rt_str(s);
    x->col_num[c] = rt_missing();
    if (col->type == RT_COL_BOOL) {
        bool b;
        if (!parse_bool(s, &b))
            return bad_value(x, c, s,
                             "is not a boolean (true/false, 1/0, yes/no)");
        x->col_num[c] = rt_bool(b);
    } else if (col->as_num || col->type == RT_COL_INT ||
               col->type == RT_COL_NUMBER || col->has_range) {
        double v;
        if (!rt_parse_number(s, len, x->o->decimal, &v))
            return bad_value(x, c, s, "is not a number");
        x->col_num[c] = rt_num(v);
    }
    return check_contract(x, c, s);
}

uint64_t rt_file_bit(int ds)
{
    return 1ull << (ds < 63 ? ds : 63);
}

static void key_reserve(rt_exec *x, size_t need)
{
    rt_grow((void **)&x->key, &x->keycap, need, 1);
}

static void ensure_groups(gstate *g, int ndims, size_t n)
{
    if (n <= g->cap)
        return;
    size_t old = g->cap, cap = old ? old * 2 : 16;
    while (cap < n)
        cap *= 2;
    g->period = rt_xrealloc(g->period, cap * sizeof *g->period);
    g->files = rt_xrealloc(g->files, cap * sizeof *g->files);
    memset(g->files + old, 0, (cap - old) * sizeof *g->files);
    g->dims = rt_xrealloc(g->dims,
                          cap * (size_t)(ndims ? ndims : 1) * sizeof *g->dims);
    g->states =
        rt_xrealloc(g->states, cap * (size_t)g->nattached * sizeof *g->states);
    memset(g->states + old * (size_t)g->nattached, 0,
           (cap - old) * (size_t)g->nattached * sizeof *g->states);
    g->cap = cap;
}

/* The text of one dimension value for the group key; NULL when missing. */
static const char *dim_text(rt_value v, char *buf, size_t size)
{
    switch (v.tag) {
    case RT_STR: return v.str;
    case RT_NUM: rt_fmt_number(buf, size, v.num); return buf;
    case RT_BOOL: return v.b ? "true" : "false";
    default: return NULL;
    }
}

static int new_group(rt_exec *x, int gi, int period, char **vals)
{
    gstate *g = &x->g[gi];
    int nd = x->p->groupings[gi].ndims;
    int idx = rt_groups_count(g->keys) - 1;
    ensure_groups(g, nd, (size_t)idx + 1);
    g->period[idx] = period;
    for (int d = 0; d < nd; d++)
        g->dims[(size_t)idx * nd + d] = vals[d] ? rt_xstrdup(vals[d]) : NULL;
    return idx;
}

/* Key: the period index, then each dimension as a tag byte and its text,
 * NUL-separated, so no text can collide with another split. */
static int group_of(rt_exec *x, int gi)
{
    if (x->row_group[gi] >= 0)
        return x->row_group[gi];
    const rt_grouping *gr = &x->p->groupings[gi];
    int period = x->row_group[0];
    char num[32][40];
    char *vals[32];
    size_t len = sizeof period;
    key_reserve(x, len);
    memcpy(x->key, &period, sizeof period);
    for (int d = 0; d < gr->ndims && d < 32; d++) {
        const char *t =
            dim_text(rt_eval(gr->dims[x->ds * gr->ndims + d], &x->env), num[d],
                     sizeof num[d]);
        vals[d] = (char *)t;
        size_t tl = t ? strlen(t) : 0;
        key_reserve(x, len + tl + 2);
        x->key[len++] = t ? 's' : 'm';
        memcpy(x->key + len, t ? t : "", tl);
        len += tl;
        x->key[len++] = '\0';
    }
    int before = rt_groups_count(x->g[gi].keys);
    int idx = rt_groups_intern(x->g[gi].keys, x->key, len);
    if (idx == before)
        new_group(x, gi, period, vals);
    x->g[gi].files[idx] |= rt_file_bit(x->ds);
    return x->row_group[gi] = idx;
}

static int period_of_row(rt_exec *x)
{
    const char *name = "";
    int pc = x->p->datasets[x->ds].period_col;
    if (pc >= 0) {
        rt_value v = x->col_str[pc];
        name = v.tag == RT_STR ? v.str : "";
    }
    gstate *g = &x->g[0];
    int before = rt_groups_count(g->keys);
    int idx = rt_groups_intern(g->keys, name, strlen(name));
    if (idx == before) {
        char *vals[1] = {NULL};
        new_group(x, 0, idx, vals);
    }
    g->files[idx] |= rt_file_bit(x->ds);
    return idx;
}

/* Whether aggregate ai reads a value that --lenient made missing. */
static bool reads_bad(const rt_exec *x, int ai)
{
    for (const int *c = x->agg_cols[ai]; *c >= 0; c++)
        if (x->bad_col[*c])
            return true;
    return false;
}

static void mark_invalid(rt_exec *x, int ai)
{
    const rt_agg *a = &x->p->aggs[ai];
    for (int i = 0; i < a->ngroupings; i++) {
        gstate *g = &x->g[a->groupings[i]];
        int idx = group_of(x, a->groupings[i]);
        g->states[(size_t)idx * g->nattached + x->local[ai][i]].invalid++;
    }
}

static void feed_agg(rt_exec *x, int ai)
{
    const rt_agg *a = &x->p->aggs[ai];
    if (x->row_bad && reads_bad(x, ai))
        mark_invalid(x, ai);
    if (a->where && !rt_eval_true(a->where, &x->env))
        return;
    rt_value v = a->arg ? rt_eval(a->arg, &x->env) : rt_num(1);
    double w = 1;
    bool skip = v.tag == RT_MISSING;
    if (!skip && a->weight) {
        rt_value wv = rt_eval(a->weight, &x->env);
        skip = wv.tag != RT_NUM;
        w = wv.num;
    }
    for (int i = 0; i < a->ngroupings; i++) {
        int gi = a->groupings[i];
        int idx = group_of(x, gi);
        gstate *g = &x->g[gi];
        rt_aggstate *s =
            &g->states[(size_t)idx * g->nattached + x->local[ai][i]];
        if (skip)
            rt_aggstate_skip(s);
        else
            rt_aggstate_add(s, a, v, w);
    }
}

static int on_row(void *ctx, const rt_row *row)
{
    rt_exec *x = ctx;
    x->row = row;
    x->rows += x->pass == 1;
    if (x->row_bad) {
        memset(x->bad_col, 0, (size_t)x->p->ncols * sizeof(bool));
        x->row_bad = false;
    }
    for (const int *c = x->ds_cols[x->ds]; *c >= 0; c++)
        if (convert_column(x, *c))
            return 1;
    for (int g = 0; g < x->p->ngroupings; g++)
        x->row_group[g] = -1;
    int period = period_of_row(x);
    x->row_group[0] = period;
    x->env.overall =
        x->overall ? x->overall + (size_t)period * x->p->noveralls : NULL;
    for (int g = 1; g < x->p->ngroupings; g++) {
        const rt_grouping *gr = &x->p->groupings[g];
        if (gr->pass <= x->pass && gr->dims[x->ds * gr->ndims])
            group_of(x, g);
    }
    int k = x->pass * x->p->ndatasets + x->ds;
    for (int i = 0; i < x->npass_aggs[k]; i++)
        feed_agg(x, x->pass_aggs[k][i]);
    return 0;
}

static int bind_columns(rt_exec *x, char **errmsg)
{
    const rt_program *p = x->p;
    x->field = rt_xcalloc((size_t)p->ncols + 1, sizeof *x->field);
    x->ds_cols = rt_xcalloc((size_t)p->ndatasets + 1, sizeof(int *));
    for (int d = 0; d < p->ndatasets; d++) {
        x->ds_cols[d] = rt_xcalloc((size_t)p->ncols + 1, sizeof(int));
        int n = 0;
        for (int c = 0; c < p->ncols; c++)
            if (p->cols[c].ds == d)
                x->ds_cols[d][n++] = c;
        x->ds_cols[d][n] = -1;
    }
    for (int c = 0; c < p->ncols; c++) {
        rt_csv *csv = x->csvs[p->cols[c].ds];
        x->field[c] = rt_csv_find(csv, p->cols[c].name);
        if (x->field[c] < 0) {
            *errmsg = fmt_msg("%s: error: no column '%s' in the header",
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

static int *columns_read(const rt_program *p, const rt_agg *a)
{
    (void)p;
    int *v = NULL;
    size_t n = 0, cap = 0;
    collect_cols(a->arg, &v, &n, &cap);
    collect_cols(a->where, &v, &n, &cap);
    collect_cols(a->weight, &v, &n, &cap);
    rt_grow((void **)&v, &cap, n + 1, sizeof(int));
    v[n] = -1;
    return v;
}

static rt_value per_value(void *ctx, int slot);

static void plan_states(rt_exec *x)
{
    const rt_program *p = x->p;
    x->g = rt_xcalloc((size_t)p->ngroupings, sizeof *x->g);
    for (int g = 0; g < p->ngroupings; g++)
        x->g[g].keys = rt_groups_new();
    x->local = rt_xcalloc((size_t)p->naggs, sizeof *x->local);
    size_t nslots = (size_t)(p->npasses + 1) * p->ndatasets + 1;
    x->pass_aggs = rt_xcalloc(nslots, sizeof *x->pass_aggs);
    x->npass_aggs = rt_xcalloc(nslots, sizeof(int));
    for (int a = 0; a < p->naggs; a++) {
        const rt_agg *ag = &p->aggs[a];
        x->local[a] = rt_xcalloc((size_t)ag->ngroupings + 1, sizeof(int));
        for (int i = 0; i < ag->ngroupings; i++)
            x->local[a][i] = x->g[ag->groupings[i]].nattached++;
        int k = ag->pass * p->ndatasets + ag->ds;
        x->pass_aggs[k] = rt_xrealloc(
            x->pass_aggs[k], (size_t)(x->npass_aggs[k] + 1) * sizeof(int));
        x->pass_aggs[k][x->npass_aggs[k]++] = a;
    }
    x->row_group = rt_xcalloc((size_t)p->ngroupings, sizeof(int));
    x->bad_col = rt_xcalloc((size_t)p->ncols + 1, sizeof(bool));
    x->agg_cols = rt_xcalloc((size_t)p->naggs + 1, sizeof(int *));
    for (int a = 0; a < p->naggs; a++)
        x->agg_cols[a] = columns_read(p, &p->aggs[a]);
    x->col_num = rt_xcalloc((size_t)p->ncols + 1, sizeof(rt_value));
    x->col_str = rt_xcalloc((size_t)p->ncols + 1, sizeof(rt_value));
    x->env.col_num = x->col_num;
    x->env.col_str = x->col_str;
    x->env.peragg = per_value;
    x->env.ctx = x;
    x->per_vals = rt_xcalloc((size_t)p->nperaggs + 1, sizeof(rt_value *));
    x->nper_vals = rt_xcalloc((size_t)p->nperaggs + 1, sizeof(int));
}

/* RT_PERAGG: the value for this row's key (its group in the hidden
 * grouping of the key). */
static rt_value per_value(void *ctx, int slot)
{
    rt_exec *x = ctx;
    const rt_peragg *pa = &x->p->peraggs[slot];
    const rt_grouping *gr = &x->p->groupings[pa->grouping];
    if (!x->per_vals[slot] || !gr->dims[x->ds * gr->ndims])
        return rt_missing();
    int idx = group_of(x, pa->grouping);
    return idx < x->nper_vals[slot] ? x->per_vals[slot][idx] : rt_missing();
}

/* After pass k: the value of each key of the per-key aggregates of k. */
static void compute_peraggs(rt_exec *x)
{
    const rt_program *p = x->p;
    for (int i = 0; i < p->nperaggs; i++) {
        const rt_peragg *pa = &p->peraggs[i];
        if (p->aggs[pa->agg].pass != x->pass)
            continue;
        int n = rt_exec_ngroups(x, pa->grouping);
        x->per_vals[i] = rt_xcalloc((size_t)n + 1, sizeof(rt_value));
        x->nper_vals[i] = n;
        for (int g = 0; g < n; g++)
            x->per_vals[i][g] = rt_aggstate_value(
                rt_exec_state(x, pa->agg, pa->grouping, g), &p->aggs[pa->agg]);
    }
}

/* After pass k: the per-period values of the overall expressions of k. */
static void compute_overalls(rt_exec *x)
{
    const rt_program *p = x->p;
    int nper = rt_exec_ngroups(x, 0);
    if (!x->overall)
        x->overall =
            rt_xcalloc((size_t)nper * p->noveralls + 1, sizeof(rt_value));
    rt_value *vals = rt_xcalloc((size_t)p->naggs + 1, sizeof(rt_value));
    for (int per = 0; per < nper; per++) {
        for (int a = 0; a < p->naggs; a++) {
            rt_aggstate *s = rt_exec_state(x, a, 0, per);
            vals[a] = s ? rt_aggstate_value(s, &p->aggs[a]) : rt_missing();
        }
        rt_env env = {.agg = vals,
                      .overall = x->overall + (size_t)per * p->noveralls};
        for (int o = 0; o < p->noveralls; o++)
            if (p->overalls[o].pass == x->pass)
                x->overall[(size_t)per * p->noveralls + o] =
                    rt_eval(p->overalls[o].expr, &env);
    }
    free(vals);
}

/* Scans one file for the current pass; 0, or 1 with *errmsg set. */
static int scan_file(rt_exec *x, int ds, char **errmsg)
{
    const rt_program *p = x->p;
    if (x->npass_aggs[x->pass * p->ndatasets + ds] == 0)
        return 0;
    x->ds = ds;
    x->csv = x->csvs[ds];
    bool *wanted = rt_xcalloc((size_t)rt_csv_ncols(x->csv) + 1, sizeof(bool));
    for (const int *c = x->ds_cols[ds]; *c >= 0; c++)
        wanted[x->field[*c]] = true;
    int rc = rt_csv_scan(x->csv, wanted, on_row, x);
    free(wanted);
    if (rc == -1)
        *errmsg = fmt_msg("%s", rt_csv_error(x->csv));
    else if (rc)
        *errmsg = x->err, x->err = NULL;
    return rc ? 1 : 0;
}

int rt_exec_run(const rt_program *p, rt_csv *const *csvs, const rt_exec_opts *o,
                rt_exec **out, char **errmsg)
{
    rt_exec *x = rt_xcalloc(1, sizeof *x);
    *out = x;
    x->p = p;
    x->o = o;
    x->csvs = csvs;
    *errmsg = NULL;
    if (bind_columns(x, errmsg))
        return 1;
    plan_states(x);
    int rc = 0;
    for (x->pass = 1; x->pass <= p->npasses && rc == 0; x->pass++) {
        for (int ds = 0; ds < p->ndatasets && rc == 0; ds++)
            rc = scan_file(x, ds, errmsg);
        if (rc == 0) {
            compute_overalls(x);
            compute_peraggs(x);
        }
    }
    if (rc == 0 && x->bad > (unsigned long long)o->max_warnings)
        fprintf(o->warn,
                "sicalc: warning: %llu values in all were counted as missing\n",
                x->bad);
    return rc;
}

void rt_exec_free(rt_exec *x)
{
    if (!x)
        return;
    const rt_program *p = x->p;
    for (int g = 0; x->g && g < p->ngroupings; g++) {
        gstate *gs = &x->g[g];
        int n = rt_groups_count(gs->keys);
        for (size_t i = 0; i < (size_t)n * gs->nattached; i++)
            rt_aggstate_free(&gs->states[i]);
        for (size_t i = 0; i < (size_t)n * p->groupings[g].ndims; i++)
            free(gs->dims[i]);
        rt_groups_free(gs->keys);
        free(gs->period);
        free(gs->files);
        free(gs->dims);
        free(gs->states);
    }
    for (int a = 0; x->local && a < p->naggs; a++)
        free(x->local[a]);
    for (int a = 0; x->agg_cols && a < p->naggs; a++)
        free(x->agg_cols[a]);
    free(x->agg_cols);
    free(x->bad_col);
    for (int k = 0; x->pass_aggs && k < (p->npasses + 1) * p->ndatasets; k++)
        free(x->pass_aggs[k]);
    for (int d = 0; x->ds_cols && d < p->ndatasets; d++)
        free(x->ds_cols[d]);
    free(x->ds_cols);
    free(x->g);
    free(x->local);
    free(x->pass_aggs);
    free(x->npass_aggs);
    free(x->overall);
    for (int i = 0; x->per_vals && i < p->nperaggs; i++)
        free(x->per_vals[i]);
    free(x->per_vals);
    free(x->nper_vals);
    free(x->row_group);
    free(x->col_num);
    free(x->col_str);
    free(x->field);
    free(x->key);
    free(x->err);
    free(x);
}

int rt_exec_ngroups(const rt_exec *x, int grouping)
{
    return rt_groups_count(x->g[grouping].keys);
}

int rt_exec_group_period(const rt_exec *x, int grouping, int group)
{
    return x->g[grouping].period[group];
}

const char *rt_exec_group_dim(const rt_exec *x, int grouping, int group, int d)
{
    int nd = x->p->groupings[grouping].ndims;
    return x->g[grouping].dims[(size_t)group * nd + d];
}

const char *rt_exec_period_name(const rt_exec *x, int period)
{
    return rt_groups_key(x->g[0].keys, period, NULL);
}

rt_aggstate *rt_exec_state(rt_exec *x, int agg, int g, int group)
{
    const rt_agg *a = &x->p->aggs[agg];
    for (int i = 0; i < a->ngroupings; i++)
        if (a->groupings[i] == g)
            return &x->g[g].states[(size_t)group * x->g[g].nattached +
                                   x->local[agg][i]];
    return NULL;
}

unsigned long long rt_exec_rows(const rt_exec *x)
{
    return x->rows;
}

unsigned long long rt_exec_bad_values(const rt_exec *x)
{
    return x->bad;
}

uint64_t rt_exec_group_files(const rt_exec *x, int grouping, int group)
{
    return x->g[grouping].files[group];
}

const rt_value *rt_exec_overall(const rt_exec *x, int period)
{
    return x->overall ? x->overall + (size_t)period * x->p->noveralls : NULL;
}
