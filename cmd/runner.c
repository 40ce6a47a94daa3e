/* runner.c — the data side of every command that reads data: open the
 * CSV files, compile the catalogue against their headers, scan, finish
 * the result rows. */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/finish.h"
#include "../runtime/timing.h"
#include "load.h"
#include "siblings.h"
#include "suggest.h"

/* Why: a file is the dataset of its name. */
char *runner_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *s = rt_xstrdup(base);
    char *dot = strrchr(s, '.');
    if (dot && dot != s)
        *dot = '\0';
    return s;
}

/* Why shared: diff and explain open data as the run does. */
/* The dataset --dataset names for path, or NULL. */
static const char *bound_name(const runner_data *in, const char *path)
{
    for (int i = 0; i < in->nbinds; i++)
        if (strcmp(in->binds[i].file, path) == 0)
            return in->binds[i].dataset;
    return NULL;
}

int runner_open(runner_data *in, const char *const *given, int ngiven,
                char delimiter)
{
    const char **paths =
        rt_xcalloc((size_t)(ngiven + in->nbinds) + 1, sizeof(char *));
    int n = 0;
    for (int i = 0; i < ngiven; i++)
        paths[n++] = given[i];
    for (int b = 0; b < in->nbinds; b++) {
        bool seen = false;
        for (int i = 0; i < n && !seen; i++)
            seen = strcmp(paths[i], in->binds[b].file) == 0;
        if (!seen)
            paths[n++] = in->binds[b].file;
    }
    in->paths = paths;
    in->csvs = rt_xcalloc((size_t)n + 1, sizeof(rt_csv *));
    in->data = rt_xcalloc((size_t)n + 1, sizeof(check_data));
    in->stems = rt_xcalloc((size_t)n + 1, sizeof(char *));
    in->told = rt_xcalloc((size_t)n + 1, sizeof(bool));
    if (!in->decimal)
        in->decimal = '.';
    rt_csv_opts co = {.delimiter = delimiter};
    for (int i = 0; i < n; i++) {
        rt_data_error err = {0};
        const char *bound = bound_name(in, paths[i]);
        in->stems[i] = bound ? rt_xstrdup(bound) : runner_stem(paths[i]);
        in->data[i].stem = in->stems[i];
        in->n++;
        in->csvs[i] = rt_csv_open_err(paths[i], &co, &err);
        if (!in->csvs[i]) {
            rt_data_error_print(stderr, &err);
            rt_data_error_clear(&err);
            return 1;
        }
        int nc = rt_csv_ncols(in->csvs[i]);
        const char **h = rt_xcalloc((size_t)nc + 1, sizeof(char *));
        for (int k = 0; k < nc; k++)
            h[k] = rt_csv_colname(in->csvs[i], k);
        in->data[i].header = h;
        in->data[i].nheader = nc;
        for (int j = 0; j < i; j++)
            if (strcmp(in->data[j].stem, in->data[i].stem) == 0) {
                fprintf(stderr,
                        "sicalc: error: '%s' and '%s' are both dataset "
                        "'%s'; each file is the dataset of its name (or of "
                        "--dataset NAME=FILE)\n",
                        paths[j], paths[i], in->data[i].stem);
                return 2;
            }
    }
    return 0;
}

/* Why: runner_open owns the handles and headers. */
void runner_close(runner_data *in)
{
    for (int i = 0; i < in->n; i++) {
        rt_csv_close(in->csvs[i]);
        free((void *)in->data[i].header);
        free(in->stems[i]);
    }
    free((void *)in->paths);
    free(in->stems);
    free(in->told);
    free(in->csvs);
    free(in->data);
    in->paths = NULL;
    in->stems = NULL;
    in->told = NULL;
    in->csvs = NULL;
    in->data = NULL;
    in->n = 0;
}

/* A dataset declaration fits a header that holds every name it declares
 * (columns, period, weight), and it declares at least one. */
static bool fits(const ast_decl *ds, const check_data *f)
{
    const char *want[3] = {ds->period, ds->weight, NULL};
    int nwant = 0;
    for (int k = -2; k < ds->ncolumns; k++) {
        const char *name = k < 0 ? want[k + 2] : ds->columns[k].name;
        if (!name)
            continue;
        nwant++;
        bool have = false;
        for (int h = 0; h < f->nheader && !have; h++)
            have = strcmp(f->header[h], name) == 0;
        if (!have)
            return false;
    }
    return nwant > 0;
}

/* The file (of in) that is dataset name, or -1. */
static int file_of(const runner_data *in, const char *name)
{
    for (int i = 0; i < in->n; i++)
        if (strcmp(in->data[i].stem, name) == 0)
            return i;
    return -1;
}

/* "a, b and c" of the n names in v into buf. */
static void list_names(char *buf, size_t size, const char *const *v, int n)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
                 i == 0       ? ""
                 : i + 1 == n ? " and "
                              : ", ",
                 v[i]);
}

/* The name of v[0..n) closest to name (NULL when n is 0). */
static const char *closest(const char *name, const char *const *v, int n)
{
    const char *best = NULL;
    int bestd = 1 << 30;
    for (int k = 0; k < n; k++) {
        int dist = suggest_distance(name, v[k]);
        if (dist < bestd) {
            bestd = dist;
            best = v[k];
        }
    }
    return best;
}

/* Binds file i, whose stem names no dataset, by its header (see
 * runner_compile); 0, or 2 after printing the error. */
static int bind_by_header(runner_data *in, int i, const ast_decl *const *ds,
                          int nds)
{
    const char **fit = rt_xcalloc((size_t)nds + 1, sizeof(char *));
    const char **open = rt_xcalloc((size_t)nds + 1, sizeof(char *));
    int nfit = 0, nopen = 0;
    for (int k = 0; k < nds; k++) {
        if (file_of(in, ds[k]->name) >= 0)
            continue;
        open[nopen++] = ds[k]->name;
        if (fits(ds[k], &in->data[i]))
            fit[nfit++] = ds[k]->name;
    }
    int rc = 2;
    char list[512];
    const char *path = in->paths[i];
    if (nfit == 1) {
        in->data[i].stem = fit[0];
        if (!in->told[i])
            fprintf(stderr, "%s read as dataset %s\n", path, fit[0]);
        in->told[i] = true;
        rc = 0;
    } else if (nfit > 1) {
        list_names(list, sizeof list, fit, nfit);
        fprintf(stderr,
                "sicalc: error: '%s' is named after no dataset, and its "
                "header holds the declared columns of several: %s; bind it "
                "with --dataset %s=%s\n",
                path, list, closest(in->stems[i], fit, nfit), path);
    } else if (nopen == 0) {
        fprintf(stderr,
                "sicalc: error: '%s' is named after no dataset, and every "
                "declared dataset already has its file\n",
                path);
    } else {
        list_names(list, sizeof list, open, nopen);
        const char *near = closest(in->stems[i], open, nopen);
        fprintf(stderr,
                "sicalc: error: '%s' is named after no dataset, and its "
                "header lacks a declared column of each dataset without a "
                "file (%s); the closest name is '%s': rename the file or "
                "bind it with --dataset %s=%s\n",
                path, list, near, near, path);
    }
    free(fit);
    free(open);
    return rc;
}

/* A --dataset NAME that the catalogue does not declare; 0 or 2. */
static int check_binds(const runner_data *in, const ast_decl *const *ds,
                       int nds)
{
    const char **names = rt_xcalloc((size_t)nds + 1, sizeof(char *));
    for (int k = 0; k < nds; k++)
        names[k] = ds[k]->name;
    int rc = 0;
    for (int b = 0; nds && b < in->nbinds; b++) {
        const char *name = in->binds[b].dataset;
        bool known = false;
        for (int k = 0; k < nds && !known; k++)
            known = strcmp(names[k], name) == 0;
        if (known)
            continue;
        fprintf(stderr,
                "sicalc: error: --dataset %s=%s: no dataset '%s' is "
                "declared",
                name, in->binds[b].file, name);
        suggest_hint(stderr, name, names, nds);
        fputc('\n', stderr);
        rc = 2;
    }
    free(names);
    return rc;
}

/* Each file's dataset, as runner_compile says; 0 or 2. */
static int bind_datasets(runner_data *in, const ast_program *prog)
{
    const ast_decl **ds =
        rt_xcalloc((size_t)prog->ndecls + 1, sizeof(ast_decl *));
    int nds = 0;
    for (int k = 0; k < prog->ndecls; k++) {
        const ast_decl *x = prog->decls[k];
        bool again = false; /* two files may declare one dataset */
        for (int j = 0; j < nds && !again; j++)
            again = strcmp(ds[j]->name, x->name) == 0;
        if (x->kind == DECL_DATASET && !again)
            ds[nds++] = x;
    }
    for (int i = 0; i < in->n; i++)
        in->data[i].stem = in->stems[i];
    int rc = check_binds(in, ds, nds);
    /* One file and one declaration go together whatever their names,
     * silently (the quick start of DESIGN.md, done by the checker);
     * without declarations every file is the dataset of its name. */
    bool one = in->n == 1 && nds == 1;
    for (int i = 0; rc == 0 && !one && i < in->n; i++) {
        bool known = bound_name(in, in->paths[i]) != NULL;
        for (int k = 0; k < nds && !known; k++)
            known = strcmp(ds[k]->name, in->stems[i]) == 0;
        if (!known && nds > 0 && bind_by_header(in, i, ds, nds))
            rc = 2;
    }
    free(ds);
    return rc;
}

/* Why: the checker needs the headers to bind columns. */
rt_program *runner_compile(rt_arena *a, diag *d, const ast_program *prog,
                           runner_data *in)
{
    if (d->errors)
        return NULL;
    if (bind_datasets(in, prog)) {
        in->bind_failed = true;
        d->errors++;
        return NULL;
    }
    check_opts co = {.data = in->data,
                     .ndata = in->n,
                     .period = in->period,
                     .quiet_skips = in->quiet_skips,
                     .keep_going = in->keep_going};
    return compile_catalogue(a, d, prog, &co);
}

/* Why: one place prints a data error for diff and explain. */
int runner_load(rt_arena *a, diag *d, const char *const *sources, int nsources,
                const char *const *data, int ndata, char delimiter,
                runner_data *in, ast_program **prog, rt_program **p)
{
    *prog = load_catalogue(a, d, sources, nsources);
    *p = NULL;
    int rc = runner_open(in, data, ndata, delimiter);
    if (rc == 0)
        *p = runner_compile(a, d, *prog, in);
    if (d->errors)
        siblings_hint(*prog, sources, nsources, in, stderr);
    return rc;
}

int runner_exec(const rt_program *p, const runner_data *in, rt_exec **out)
{
    rt_exec_opts eo = {.decimal = in->decimal,
                       .lenient = in->lenient,
                       .warn = stderr,
                       .max_warnings = 20,
                       .threads = in->threads,
                       .memory_limit = in->memory_limit,
                       .as_written = in->as_written};
    rt_data_error err = {0};
    if (rt_exec_run(p, in->csvs, &eo, out, &err) == 0)
        return 0;
    rt_data_error_print(stderr, &err);
    rt_data_error_clear(&err);
    rt_exec_free(*out);
    *out = NULL;
    return 1;
}

/* Why: diff and explain need the finished rows, not the states. */
int runner_result(const rt_program *p, const runner_data *in, rt_arena *ra,
                  rt_result *res, rt_exec **x)
{
    if (runner_exec(p, in, x))
        return 1;
    double t0 = rt_timing_on() ? rt_timing_now() : 0;
    rt_finish(p, *x, ra, res);
    if (rt_timing_on())
        fprintf(stderr, "sicalc: scan: results: %zu rows in %.3f s\n",
                res->nrows, rt_timing_now() - t0);
    return 0;
}
