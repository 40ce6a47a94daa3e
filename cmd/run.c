/* run.c — `sicalc [run] FILES.si... DATA.csv...`: compile the catalogue
 * against the data files' headers, run it, write the table (csv, table,
 * json or md) to stdout or atomically to -o OUT. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../runtime/change.h"
#include "../runtime/fileio.h"
#include "../runtime/finish.h"
#include "../runtime/timing.h"
#include "focus.h"
#include "geo.h"
#include "runner.h"
#include "select.h"

typedef struct run {
    const cli_command *self;
    cli_opts o;
    const char **sources;
    int nsources;
    const char **data;
    int ndata;
    rt_outopts show;         /* --labels, --lang, --round, --excel, --locale */
    select_opts sel;         /* --only, --where, --periods */
    const ast_program *prog; /* the indicators' domains, for --only */
    bool change, wide;       /* --change (or --base), --wide */
    const char *base;        /* --base PERIOD */
    focus_opts focus;        /* --focus, --peers, --all-levels, --reference */
} run;

/* --locale sr: a spreadsheet of the Serbian locale, --excel --lang sr. */
static int set_locale(const cli_command *self, void *ctx, const char *v)
{
    if (strcmp(v, "sr") != 0 && strcmp(v, "sr-Cyrl") != 0)
        return cli_usage_error(self, "--locale is sr or sr-Cyrl, not '%s'", v);
    run *r = ctx;
    r->show.excel = true;
    rt_lang_parse(v, &r->show.lang);
    return 0;
}

/* The rows to -o's file (whole or not at all) or to standard output. */
static int write_to(const run *r, const rt_result *res, rt_format fmt)
{
    if (!r->o.out) {
        if (rt_write(stdout, res, fmt) == 0 && fflush(stdout) == 0)
            return 0;
    } else if (rt_write_file_atomic(r->o.out, res, fmt) == 0) {
        return 0;
    }
    cli_write_failed(r->o.out);
    return EXIT_DATA;
}

static int write_result(const run *r, const rt_result *res)
{
    rt_format fmt = RT_FMT_CSV;
    const char *name = r->o.format;
    if (!name && r->o.out)
        name = cli_ends_with(r->o.out, ".json") ? "json"
               : cli_ends_with(r->o.out, ".md") ? "md"
                                                : "csv";
    if (!name)
        name = r->show.excel || !isatty(STDOUT_FILENO) ? "csv" : "table";
    if (!rt_format_parse(name, &fmt))
        return cli_usage_error(
            r->self, "unknown format '%s' (csv, table, json, md)", name);
    if (r->show.excel && fmt != RT_FMT_CSV)
        return cli_usage_error(r->self, "--excel writes a CSV, not --format %s",
                               name);
    double t0 = rt_timing_on() ? rt_timing_now() : 0;
    int rc = write_to(r, res, fmt);
    if (rc == 0 && rt_timing_on())
        fprintf(stderr, "sicalc: scan: output: written in %.3f s\n",
                rt_timing_now() - t0);
    return rc;
}

/* --change, --base: the change columns, over every row (before the
 * selection, so the previous period is there even when not shown). */
static int add_change(const run *r, const rt_program *p, rt_arena *ra,
                      rt_result *res)
{
    if (!r->change && !r->wide)
        return 0;
    if (!p->has_period) {
        fprintf(stderr,
                "sicalc: error: %s: the catalogue's datasets have "
                "no period\n",
                r->wide ? "--wide" : "--change");
        return EXIT_USAGE;
    }
    if (r->change && rt_change(res, r->base, ra) != 0) {
        fprintf(stderr, "sicalc: error: --base: no rows for period '%s'\n",
                r->base);
        return EXIT_USAGE;
    }
    return 0;
}

/* Scans the data and writes the result rows. */
static int run_program(const run *r, const rt_program *p, runner_data *in)
{
    rt_arena *ra = rt_arena_new();
    rt_result res;
    rt_exec *x = NULL;
    int rc = runner_result(p, in, ra, &res, &x);
    /* The catalogue's geography: levels, coverage, --focus, and the
     * codelist's names as dimension labels. */
    const geo_model *g = geo_build(ra, r->prog);
    focus_labels fl = {g, ra};
    rt_outopts show = r->show;
    if (g) {
        show.dim_label = focus_dim_label;
        show.dim_label_ctx = &fl;
    }
    res.opts = &show;
    if (rc == 0)
        rc = add_change(r, p, ra, &res);
    if (rc == 0)
        rc = focus_apply(&r->focus, g, r->prog, p->has_period, ra, &res);
    if (rc == 0)
        rc = select_apply(r->self, &r->sel, r->prog, p->has_period, ra, &res);
    if (rc == 0)
        focus_merge(&r->focus, g, ra, &res);
    if (rc == 0 && r->wide)
        rt_wide(&res, ra);
    if (rc == 0)
        rc = write_result(r, &res);
    rt_arena_free(ra);
    rt_exec_free(x);
    return rc;
}

/* -o must not name an input: the run would truncate what it reads. */
static int check_output(const run *r)
{
    for (int i = 0; r->o.out && i < r->ndata; i++)
        if (rt_same_file(r->o.out, r->data[i]))
            return cli_usage_error(r->self,
                                   "refusing to write the output over the "
                                   "input file '%s'",
                                   r->data[i]);
    for (int i = 0; r->o.out && i < r->nsources; i++)
        if (rt_same_file(r->o.out, r->sources[i]))
            return cli_usage_error(r->self,
                                   "refusing to write the output over the "
                                   "catalogue file '%s'",
                                   r->sources[i]);
    return 0;
}

static int compile_and_run(const run *r)
{
    int rc = check_output(r);
    if (rc)
        return rc;
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    ast_program *prog = NULL;
    runner_data in = {.decimal = r->o.decimal,
                      .lenient = r->o.lenient,
                      .period = r->o.period,
                      .keep_going = r->o.keep_going,
                      .threads = r->o.threads,
                      .memory_limit = r->o.memory_limit,
                      .binds = r->o.binds,
                      .nbinds = r->o.nbinds};
    rt_program *p = NULL;
    rc = runner_load(a, &d, r->sources, r->nsources, r->data, r->ndata,
                     r->o.delimiter, &in, &prog, &p);
    ((run *)r)->prog = prog;
    /* --keep-going: the indicators that compiled run, and the status
     * still says that some did not. */
    if (rc == 0 && p)
        rc = run_program(r, p, &in);
    if (rc == 0 && d.errors)
        rc = EXIT_USAGE;
    compile_free(p);
    runner_close(&in);
    rt_arena_free(a);
    return rc;
}

/* Sorts the arguments: .si files are the catalogue, the rest data. */
static void split_args(run *r)
{
    r->sources = rt_xcalloc((size_t)r->o.nargs + 1, sizeof(char *));
    r->data = rt_xcalloc((size_t)r->o.nargs + 1, sizeof(char *));
    for (int i = 0; i < r->o.nargs; i++) {
        const char *a = r->o.args[i];
        if (cli_ends_with(a, ".si"))
            r->sources[r->nsources++] = a;
        else
            r->data[r->ndata++] = a;
    }
}

static int set_only(const cli_command *self, void *ctx, const char *v)
{
    (void)self;
    run *r = ctx;
    select_add(&r->sel.only, &r->sel.nonly, v);
    return 0;
}

static int set_where(const cli_command *self, void *ctx, const char *v)
{
    (void)self;
    run *r = ctx;
    select_add(&r->sel.where, &r->sel.nwhere, v);
    return 0;
}

static int set_base(const cli_command *self, void *ctx, const char *v)
{
    (void)self;
    ((run *)ctx)->base = v;
    ((run *)ctx)->change = true;
    return 0;
}

static const cli_extra run_extras[] = {
    CLI_FLAG("--labels", run, show.labels),
    CLI_FLAG("--round", run, show.round),
    CLI_FLAG("--excel", run, show.excel),
    CLI_CALL("--locale", true, set_locale),
    CLI_CALL("--only", true, set_only),
    CLI_CALL("--where", true, set_where),
    CLI_STRING("--periods", run, sel.periods),
    CLI_FLAG("--change", run, change),
    CLI_CALL("--base", true, set_base),
    CLI_FLAG("--wide", run, wide),
    CLI_STRING("--focus", run, focus.focus),
    CLI_FLAG("--peers", run, focus.peers),
    CLI_FLAG("--all-levels", run, focus.all_levels),
    CLI_STRING("--reference", run, focus.reference),
    CLI_END};

int run_main(const cli_command *self, int argc, char **argv)
{
    run r = {.self = self};
    int rc = cli_parse(self,
                       CLI_OUT | CLI_FORMAT | CLI_DATA | CLI_THREADS |
                           CLI_MEMORY | CLI_KEEP_GOING | CLI_LANG,
                       run_extras, &r, argc, argv, &r.o);
    if (rc == 0 && r.o.lang && !rt_lang_parse(r.o.lang, &r.show.lang))
        rc = cli_usage_error(self, "--lang is en, sr or sr-Cyrl, not '%s'",
                             r.o.lang);
    if (rc == 0 && r.focus.reference && r.wide)
        rc = cli_usage_error(self, "%s",
                             "--reference shows values beside the rows; "
                             "not with --wide");
    if (rc == 0) {
        split_args(&r);
        if (r.nsources == 0)
            rc = cli_usage_error(self, "%s", "no .si files given");
        else if (r.ndata == 0 && r.o.nbinds == 0)
            rc = cli_usage_error(self, "%s", "no data file given");
        else
            rc = compile_and_run(&r);
    }
    free(r.sources);
    free(r.data);
    select_free(&r.sel);
    cli_free(&r.o);
    return rc == CLI_HELP ? EXIT_OK : rc;
}
