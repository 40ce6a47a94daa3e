/* runner.c — the data side of every command that reads data: open the
 * CSV files, compile the catalogue against their headers, scan, finish
 * the result rows. */
#include "runner.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime/finish.h"

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
int runner_open(runner_data *in, const char *const *paths, int n,
                char delimiter)
{
    in->paths = paths;
    in->csvs = rt_xcalloc((size_t)n + 1, sizeof(rt_csv *));
    in->data = rt_xcalloc((size_t)n + 1, sizeof(check_data));
    if (!in->decimal)
        in->decimal = '.';
    rt_csv_opts co = {.delimiter = delimiter};
    for (int i = 0; i < n; i++) {
        rt_data_error err = {0};
        in->data[i].stem = runner_stem(paths[i]);
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
                        "sicalc: error: '%s' and '%s' have the same name; "
                        "each file is the dataset of its name\n",
                        paths[j], paths[i]);
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
        free((void *)in->data[i].stem);
    }
    free(in->csvs);
    free(in->data);
    in->csvs = NULL;
    in->data = NULL;
    in->n = 0;
}

/* Why: the checker needs the headers to bind columns. */
rt_program *runner_compile(rt_arena *a, diag *d, const ast_program *prog,
                           const runner_data *in)
{
    check_opts co = {.data = in->data,
                     .ndata = in->n,
                     .period = in->period,
                     .quiet_skips = in->quiet_skips,
                     .keep_going = in->keep_going};
    if (d->errors)
        return NULL;
    return compile_catalogue(a, d, prog, &co);
}

/* Why: one place prints a data error for diff and explain. */
int runner_exec(const rt_program *p, const runner_data *in, rt_exec **out)
{
    rt_exec_opts eo = {.decimal = in->decimal,
                       .lenient = in->lenient,
                       .warn = stderr,
                       .max_warnings = 20,
                       .threads = in->threads};
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
    rt_finish(p, *x, ra, res);
    return 0;
}
