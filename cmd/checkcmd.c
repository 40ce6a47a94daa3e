/* checkcmd.c — `sicalc check FILES.si... [DATA.csv...]`: compile only;
 * with data, the catalogue is checked against the files' headers. */
#include "checkcmd.h"

#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "load.h"
#include "runner.h"
#include "siblings.h"

/* --strict: what a published catalogue needs is required too. */
static int set_strict(const cli_command *self, void *ctx, const char *v)
{
    (void)self, (void)v;
    *(bool *)ctx = true;
    return 0;
}

/* A run's view options (--only, --where, ...) shape only the rows written:
 * check takes a run's command line and has nothing to show. */
static int ignore(const cli_command *self, void *ctx, const char *v)
{
    (void)self, (void)ctx, (void)v;
    return 0;
}

static const cli_extra check_options[] = {
    {"--strict", false, set_strict}, {"--only", true, ignore},
    {"--where", true, ignore},       {"--periods", true, ignore},
    {"--change", false, ignore},     {"--base", true, ignore},
    {"--wide", false, ignore},       {"--focus", true, ignore},
    {"--peers", false, ignore},      {"--all-levels", false, ignore},
    {"--reference", true, ignore},   {NULL, false, NULL}};

int checkcmd_main(const cli_command *self, int argc, char **argv)
{
    cli_opts o = {0};
    bool strict = false;
    /* The run's options too, so that `check` takes a run's command line. */
    int rc = cli_parse(
        self, CLI_OUT | CLI_FORMAT | CLI_DATA | CLI_THREADS | CLI_KEEP_GOING,
        check_options, &strict, argc, argv, &o);
    cli_files f = {0};
    if (rc == 0)
        cli_split_files(&o, &f);
    if (rc == 0 && f.nsources == 0)
        rc = cli_usage_error(self, "%s", "no .si files given");
    if (rc == 0) {
        rt_arena *a = rt_arena_new();
        diag d;
        diag_init(&d, stderr);
        ast_program *prog = load_catalogue(a, &d, f.sources, f.nsources);
        runner_data in = {.decimal = o.decimal,
                          .period = o.period,
                          .binds = o.binds,
                          .nbinds = o.nbinds};
        rc = runner_open(&in, f.data, f.ndata, o.delimiter);
        rt_program *p = rc == 0 ? runner_compile(a, &d, prog, &in) : NULL;
        /* --strict: an indicator without definition, source or title@sr
         * fails the check (the warnings say which). */
        if (strict && !d.errors && check_metadata(&d, prog, "sr") > 0)
            rc = EXIT_USAGE;
        if (d.errors) {
            siblings_hint(prog, f.sources, f.nsources, &in, stderr);
            rc = EXIT_USAGE;
        }
        compile_free(p);
        runner_close(&in);
        rt_arena_free(a);
    }
    cli_files_free(&f);
    cli_free(&o);
    return rc == CLI_HELP ? EXIT_OK : rc;
}
