/* runner.c — the data side of every command that reads data: open the
 * CSV files, compile the catalogue against their headers, scan, finish
 * the result rows. */
#include "runner.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime/finish.h"

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

/* Reader messages come as "path:line: message"; print them as
 * "path:line: error: message", like compile errors. */
static void print_data_error(const char *msg)
{
    const char *p = strchr(msg, ':');
    if (p && p[1] >= '0' && p[1] <= '9') {
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == ':')
            p = q;
    }
    if (!p || strncmp(p + 1, " error:", 7) == 0 ||
        strncmp(p + 1, " warning:", 9) == 0 || strncmp(msg, "sicalc:", 7) == 0)
        fprintf(stderr, "%s\n", msg);
    else
        fprintf(stderr, "%.*s: error:%s\n", (int)(p - msg), msg, p + 1);
}

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
        char *err = NULL;
        in->data[i].stem = runner_stem(paths[i]);
        in->n++;
        in->csvs[i] = rt_csv_open(paths[i], &co, &err);
        if (!in->csvs[i]) {
            print_data_error(err ? err : paths[i]);
            free(err);
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

rt_program *runner_compile(rt_arena *a, diag *d, const ast_program *prog,
                           const runner_data *in)
{
    check_opts co = {.data = in->data,
                     .ndata = in->n,
                     .period = in->period,
                     .quiet_skips = in->quiet_skips};
    if (d->errors)
        return NULL;
    return check_catalogue(a, d, prog, &co);
}

int runner_exec(const rt_program *p, const runner_data *in, rt_exec **out)
{
    rt_exec_opts eo = {.decimal = in->decimal,
                       .lenient = in->lenient,
                       .warn = stderr,
                       .max_warnings = 20,
                       .threads = in->threads};
    char *err = NULL;
    if (rt_exec_run(p, in->csvs, &eo, out, &err) == 0)
        return 0;
    print_data_error(err ? err : "sicalc: error: reading data");
    free(err);
    rt_exec_free(*out);
    *out = NULL;
    return 1;
}

int runner_result(const rt_program *p, const runner_data *in, rt_arena *ra,
                  rt_result *res, rt_exec **x)
{
    if (runner_exec(p, in, x))
        return 1;
    rt_finish(p, *x, ra, res);
    return 0;
}
