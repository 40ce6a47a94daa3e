/* checkcmd.c — `sicalc check FILES.si... [DATA.csv...]`: compile only;
 * with data, the catalogue is checked against the files' headers. */
#include "checkcmd.h"

#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "load.h"
#include "runner.h"
#include "siblings.h"

typedef struct check_args {
    bool strict; /* what a published catalogue needs is required too */
} check_args;

/* A run's view options (--only, --where, ...) shape only the rows written:
 * check takes a run's command line and has nothing to show. */
static int ignore(const cli_command *self, void *ctx, const char *v)
{
    (void)self, (void)ctx, (void)v;
    return 0;
}

static const cli_extra check_options[] = {
    CLI_FLAG("--strict", check_args, strict),
    CLI_CALL("--only", true, ignore),
    CLI_CALL("--where", true, ignore),
    CLI_CALL("--periods", true, ignore),
    CLI_CALL("--change", false, ignore),
    CLI_CALL("--base", true, ignore),
    CLI_CALL("--wide", false, ignore),
    CLI_CALL("--focus", true, ignore),
    CLI_CALL("--peers", false, ignore),
    CLI_CALL("--all-levels", false, ignore),
    CLI_CALL("--reference", true, ignore),
    CLI_END};

int checkcmd_main(const cli_command *self, int argc, char **argv)
{
    cli_opts o = {0};
    check_args ca = {0};
    /* The run's options too, so that `check` takes a run's command line. */
    int rc = cli_parse(
        self, CLI_OUT | CLI_FORMAT | CLI_DATA | CLI_THREADS | CLI_KEEP_GOING,
        check_options, &ca, argc, argv, &o);
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
        if (ca.strict && !d.errors && check_metadata(&d, prog, "sr") > 0)
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
