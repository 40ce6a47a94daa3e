/* runner.h — the one data-loading path: open the data files, compile a
 * loaded catalogue against their headers, run it, for every command that
 * reads data (run, check, test, diff, explain). Errors are printed to
 * stderr. */
#ifndef SICALC_RUNNER_H
#define SICALC_RUNNER_H

#include "../runtime/csvin.h"
#include "../runtime/exec.h"
#include "../runtime/output.h"
#include "cli.h"
#include "compile.h"

/* The data files, opened (headers read), in command-line order, then the
 * --dataset files not among them. */
typedef struct runner_data {
    const char *const *paths; /* heap, runner_open's */
    rt_csv **csvs;
    check_data *data;
    int n;
    char decimal; /* '.' or ',' */
    bool lenient;
    const char *period;    /* --period COLUMN, or NULL */
    bool quiet_skips;      /* see check_opts */
    bool keep_going;       /* see check_opts */
    int threads;           /* --threads N; 0: one per processor */
    size_t memory_limit;   /* --memory-limit; 0: the default */
    bool as_written;       /* see rt_exec_opts (explain) */
    const cli_bind *binds; /* --dataset NAME=FILE, set by the caller */
    int nbinds;
    char **stems;     /* each file's own dataset name (heap) */
    bool *told;       /* "read as dataset" said once per file */
    bool bind_failed; /* runner_compile could not bind a file */
} runner_data;

/* Opens every file; returns 0, 1 (a file cannot be read) or 2 (two files
 * with one stem). Close with runner_close in every case. */
int runner_open(runner_data *in, const char *const *paths, int n,
                char delimiter);
void runner_close(runner_data *in);

/* Compiles prog against the data (NULL and d->errors > 0 on errors).
 * First each file is bound to a dataset: a --dataset FILE to its NAME, a
 * file to the dataset of its stem, else (when the catalogue declares
 * datasets) to the one dataset not yet bound whose declared columns,
 * period and weight its header holds, with "FILE read as dataset NAME"
 * on stderr; none or several is an error naming the file, the candidates
 * and the closest name. With keep_going, errors only in indicators leave
 * a program without them. Free with compile_free. */
rt_program *runner_compile(rt_arena *a, diag *d, const ast_program *prog,
                           runner_data *in);

/* The sequence run and report share: the catalogue of sources loaded,
 * the data opened (runner_open), the catalogue compiled against their
 * headers (runner_compile), and after a compile error the note naming a
 * sibling .si file that declares what is missing (siblings.h). *prog and
 * *p are set, either possibly NULL; d->errors counts the errors. Returns
 * runner_open's status. Close in with runner_close, free *p with
 * compile_free, in every case. */
int runner_load(rt_arena *a, diag *d, const char *const *sources, int nsources,
                const char *const *data, int ndata, char delimiter,
                runner_data *in, ast_program **prog, rt_program **p);

/* Runs p over the data: 0 and *out set (free with rt_exec_free), or 1
 * after printing the data error. */
int runner_exec(const rt_program *p, const runner_data *in, rt_exec **out);

/* Runs p and finishes the result rows into arena ra: 0, or 1 on a data
 * error. *x stays valid (free with rt_exec_free) when 0 is returned. */
int runner_result(const rt_program *p, const runner_data *in, rt_arena *ra,
                  rt_result *res, rt_exec **x);

/* "data/population.csv" -> "population" (heap). */
char *runner_stem(const char *path);

#endif
