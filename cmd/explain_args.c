/* explain_args.c — the command line of `sicalc explain` (explain_args.h),
 * on the shared option layer (cli.h). */
#include "explain_args.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"

static int set_group(const cli_command *self, void *ctx, const char *v)
{
    explain_opts *o = ctx;
    char *w = (char *)v; /* an argv string, split in place */
    char *eq = strchr(w, '=');
    if (!eq || eq == w)
        return cli_usage_error(self, "--group takes DIM=VALUE, not '%s'", v);
    *eq = '\0';
    o->gnames[o->ngroup] = w;
    o->gvalues[o->ngroup++] = eq + 1;
    return 0;
}

static int set_rows(const cli_command *self, void *ctx, const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < 0 || n > 100000)
        return cli_usage_error(
            self, "--rows takes a number from 0 to 100000, not '%s'", v);
    ((explain_opts *)ctx)->nrows = (int)n;
    return 0;
}

static const cli_extra explain_options[] = {
    CLI_CALL("--group", true, set_group), CLI_CALL("--rows", true, set_rows),
    CLI_END};

int explain_parse_args(const cli_command *self, int argc, char **argv,
                       explain_opts *o, cli_opts *co)
{
    size_t n = (size_t)argc + 1;
    o->sources = rt_xcalloc(n, sizeof(char *));
    o->data = rt_xcalloc(n, sizeof(char *));
    o->gnames = rt_xcalloc(n, sizeof(char *));
    o->gvalues = rt_xcalloc(n, sizeof(char *));
    o->nrows = 10;
    int rc = cli_parse(self, CLI_DATA, explain_options, o, argc, argv, co);
    if (rc)
        return rc;
    o->period = co->period;
    o->delimiter = co->delimiter;
    o->decimal = co->decimal;
    o->lenient = co->lenient;
    for (int i = 0; i < co->nargs; i++) {
        const char *a = co->args[i];
        if (!o->id)
            o->id = a;
        else if (cli_ends_with(a, ".si"))
            o->sources[o->nsources++] = a;
        else
            o->data[o->ndata++] = a;
    }
    if (!o->id || o->nsources == 0)
        return cli_usage_error(self, "%s",
                               "explain needs an indicator id and .si files");
    if (o->ndata == 0)
        return cli_usage_error(self, "%s", "explain needs a data file");
    return 0;
}

void explain_free_args(explain_opts *o, cli_opts *co)
{
    free(o->sources);
    free(o->data);
    free(o->gnames);
    free(o->gvalues);
    cli_free(co);
}
