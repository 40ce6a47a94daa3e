/* cli.c — the shared option layer of cli.h: one table of the options
 * several commands take, one parser, one set of usage messages. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"
#include "../runtime/fileio.h"
#include "../runtime/samples.h"
#include "suggest.h"

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
    {"--memory-limit", NULL, CLI_MEMORY, true},
    {"--dataset", NULL, CLI_DATASET, true},
    {"--keep-going", NULL, CLI_KEEP_GOING, false},
};

#define NSHARED (sizeof shared / sizeof *shared)

int cli_usage_error(const cli_command *self, const char *fmt, const char *arg)
{
    fputs("sicalc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(self->usage, stderr);
    return EXIT_USAGE;
}

void cli_write_failed(const char *out)
{
    int e = errno;
    if (!out)
        fprintf(stderr, "sicalc: error: writing the output: %s\n", strerror(e));
    else
        fprintf(stderr, "sicalc: error: cannot write '%s': %s\n", out,
                rt_write_strerror(out, e));
}

bool cli_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

void cli_split_files(const cli_opts *o, cli_files *f)
{
    f->sources = rt_xcalloc((size_t)o->nargs + 1, sizeof(char *));
    f->data = rt_xcalloc((size_t)o->nargs + 1, sizeof(char *));
    f->nsources = f->ndata = 0;
    for (int i = 0; i < o->nargs; i++) {
        if (cli_ends_with(o->args[i], ".si"))
            f->sources[f->nsources++] = o->args[i];
        else
            f->data[f->ndata++] = o->args[i];
    }
}

void cli_files_free(cli_files *f)
{
    free(f->sources);
    free(f->data);
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
    case CLI_OUT: o->out = strcmp(v, "-") == 0 ? NULL : v; break;
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
    case CLI_MEMORY:
        if (!rt_samples_parse_size(v, &o->memory_limit))
            return cli_usage_error(
                self,
                "--memory-limit takes a size such as 512M or 2G, not '%s'", v);
        break;
    case CLI_DELIMITER:
        if (!cli_char_option(v, &o->delimiter))
            return cli_usage_error(
                self, "--delimiter takes one character, not '%s'", v);
        break;
    case CLI_DATASET: {
        const char *eq = strchr(v, '=');
        if (!eq || eq == v || !eq[1])
            return cli_usage_error(self, "--dataset takes NAME=FILE, not '%s'",
                                   v);
        char *name = rt_xstrdup(v);
        name[eq - v] = '\0';
        o->binds[o->nbinds++] = (cli_bind){name, eq + 1};
        break;
    }
    case CLI_DECIMAL:
        if (!cli_char_option(v, &o->decimal) ||
            (o->decimal != '.' && o->decimal != ','))
            return cli_usage_error(self, "--decimal is '.' or ',', not '%s'",
                                   v);
        break;
    }
    return 0;
}

/* The shared option or extra called a (n bytes of it): 1 shared (*sh
 * set), 2 extra (*ex set), 0 unknown. */
static int find_option(const char *a, size_t n, unsigned takes,
                       const cli_extra *extras, const shared_opt **sh,
                       const cli_extra **ex)
{
    for (size_t i = 0; i < NSHARED; i++)
        if ((takes & shared[i].bit) &&
            ((strlen(shared[i].name) == n &&
              strncmp(a, shared[i].name, n) == 0) ||
             (shared[i].alias && strlen(shared[i].alias) == n &&
              strncmp(a, shared[i].alias, n) == 0))) {
            *sh = &shared[i];
            return 1;
        }
    for (const cli_extra *e = extras; e && e->name; e++)
        if (strlen(e->name) == n && strncmp(a, e->name, n) == 0) {
            *ex = e;
            return 2;
        }
    return 0;
}

/* "unknown option '--formt'; did you mean '--format'?": the closest of
 * the options this command takes. */
static int unknown_option(const cli_command *self, const char *a, size_t n,
                          unsigned takes, const cli_extra *extras)
{
    const char *cands[2 * NSHARED + 32];
    int k = 0;
    cands[k++] = "--help";
    for (size_t i = 0; i < NSHARED; i++)
        if (takes & shared[i].bit) {
            cands[k++] = shared[i].name;
            if (shared[i].alias)
                cands[k++] = shared[i].alias;
        }
    for (const cli_extra *e = extras;
         e && e->name && k < (int)(sizeof cands / sizeof *cands); e++)
        cands[k++] = e->name;
    char *name = rt_xstrdup(a);
    name[n] = '\0';
    fprintf(stderr, "sicalc: error: unknown option '%s'", name);
    suggest_hint(stderr, name, cands, k);
    fputc('\n', stderr);
    fputs(self->usage, stderr);
    free(name);
    return EXIT_USAGE;
}

/* An extra option: its setter, or stored at its field of ctx. */
static int set_extra(const cli_command *self, const cli_extra *ex, void *ctx,
                     const char *v)
{
    if (ex->set)
        return ex->set(self, ctx, v);
    char *at = (char *)ctx + ex->field;
    if (ex->has_value)
        memcpy(at, &v, sizeof v);
    else
        *(bool *)at = true;
    return 0;
}

int cli_parse(const cli_command *self, unsigned takes, const cli_extra *extras,
              void *ctx, int argc, char **argv, cli_opts *o)
{
    o->args = rt_xcalloc((size_t)argc + 1, sizeof *o->args);
    o->binds = rt_xcalloc((size_t)argc + 1, sizeof *o->binds);
    o->decimal = '.';
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && strcmp(a, "--") == 0) {
            options = false;
            continue;
        }
        if (!options || a[0] != '-' || a[1] == '\0') {
            o->args[o->nargs++] = a;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(self->usage, stdout);
            return CLI_HELP;
        }
        /* --name=value */
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        const shared_opt *sh = NULL;
        const cli_extra *ex = NULL;
        int kind = find_option(a, n, takes, extras, &sh, &ex);
        if (kind == 0)
            return unknown_option(self, a, n, takes, extras);
        bool has_value = kind == 1 ? sh->has_value : ex->has_value;
        const char *name = kind == 1 ? sh->name : ex->name;
        if (eq && !has_value)
            return cli_usage_error(self, "option %s takes no value", name);
        if (has_value && !eq && i + 1 >= argc)
            return cli_usage_error(self, "option %s needs a value", name);
        const char *v = !has_value ? NULL : eq ? eq + 1 : argv[++i];
        int rc = kind == 1 ? set_shared(self, o, sh->bit, v)
                           : set_extra(self, ex, ctx, v);
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
    for (int i = 0; i < o->nbinds; i++)
        free((void *)o->binds[i].dataset);
    free(o->binds);
    o->binds = NULL;
    o->nbinds = 0;
    free(o->args);
    o->args = NULL;
    o->nargs = 0;
}
