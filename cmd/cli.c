/* cli.c — the shared option layer of cli.h: one table of the options
 * several commands take, one parser, one set of usage messages. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"

typedef struct shared_opt {
    const char *name, *alias;
    unsigned bit;
    bool has_value;
} shared_opt;

static const shared_opt shared[] = {
    {"-o", "--output", CLI_OUT, true},
    {"--format", NULL, CLI_FORMAT, true},
    {"--delimiter", NULL, CLI_DELIMITER, true},
    {"--decimal", NULL, CLI_DECIMAL, true},
    {"--lenient", NULL, CLI_LENIENT, false},
    {"--period", NULL, CLI_PERIOD, true},
    {"--threads", NULL, CLI_THREADS, true},
    {"--lang", NULL, CLI_LANG, true},
    {"--keep-going", NULL, CLI_KEEP_GOING, false},
};

int cli_usage_error(const cli_command *self, const char *fmt, const char *arg)
{
    fputs("sicalc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(self->usage, stderr);
    return EXIT_USAGE;
}

bool cli_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool cli_char_option(const char *v, char *out)
{
    if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0) {
        *out = '\t';
        return true;
    }
    if (strlen(v) != 1)
        return false;
    *out = v[0];
    return true;
}

static int set_shared(const cli_command *self, cli_opts *o, unsigned bit,
                      const char *v)
{
    switch (bit) {
    case CLI_OUT: o->out = v; break;
    case CLI_FORMAT: o->format = v; break;
    case CLI_PERIOD: o->period = v; break;
    case CLI_LANG: o->lang = v; break;
    case CLI_LENIENT: o->lenient = true; break;
    case CLI_KEEP_GOING: o->keep_going = true; break;
    case CLI_THREADS: {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 64)
            return cli_usage_error(
                self, "--threads takes a number from 1 to 64, not '%s'", v);
        o->threads = (int)n;
        break;
    }
    case CLI_DELIMITER:
        if (!cli_char_option(v, &o->delimiter))
            return cli_usage_error(
                self, "--delimiter takes one character, not '%s'", v);
        break;
    case CLI_DECIMAL:
        if (!cli_char_option(v, &o->decimal) ||
            (o->decimal != '.' && o->decimal != ','))
            return cli_usage_error(self, "--decimal is '.' or ',', not '%s'",
                                   v);
        break;
    }
    return 0;
}

/* The shared option or extra called a: 1 shared (*sh set), 2 extra (*ex
 * set), 0 unknown. */
static int find_option(const char *a, unsigned takes, const cli_extra *extras,
                       const shared_opt **sh, const cli_extra **ex)
{
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
        if ((takes & shared[i].bit) &&
            (strcmp(a, shared[i].name) == 0 ||
             (shared[i].alias && strcmp(a, shared[i].alias) == 0))) {
            *sh = &shared[i];
            return 1;
        }
    for (const cli_extra *e = extras; e && e->name; e++)
        if (strcmp(a, e->name) == 0) {
            *ex = e;
            return 2;
        }
    return 0;
}

int cli_parse(const cli_command *self, unsigned takes, const cli_extra *extras,
              void *ctx, int argc, char **argv, cli_opts *o)
{
    o->args = rt_xcalloc((size_t)argc + 1, sizeof *o->args);
    o->decimal = '.';
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(self->usage, stdout);
            return CLI_HELP;
        }
        if (a[0] != '-' || a[1] == '\0') {
            o->args[o->nargs++] = a;
            continue;
        }
        const shared_opt *sh = NULL;
        const cli_extra *ex = NULL;
        int kind = find_option(a, takes, extras, &sh, &ex);
        if (kind == 0)
            return cli_usage_error(self, "unknown option '%s'", a);
        bool has_value = kind == 1 ? sh->has_value : ex->has_value;
        if (has_value && i + 1 >= argc)
            return cli_usage_error(self, "option %s needs a value", a);
        const char *v = has_value ? argv[++i] : NULL;
        int rc =
            kind == 1 ? set_shared(self, o, sh->bit, v) : ex->set(self, ctx, v);
        if (rc)
            return rc;
    }
    if (o->delimiter == ',' && o->decimal == ',')
        return cli_usage_error(self, "%s",
                               "--decimal , needs a delimiter other than ','");
    return 0;
}

void cli_free(cli_opts *o)
{
    free(o->args);
    o->args = NULL;
    o->nargs = 0;
}
