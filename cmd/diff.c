/* diff.c — `sicalc diff OLD NEW [DATA...]`: a reviewer's diff of two
 * catalogues (the command line, loading both sides, running them over
 * the data, the exit status), and `sicalc diff-driver` for git. The
 * comparison lives in diff_catalogue.c and diff_values.c, the report in
 * diff_render.c. */
#include "diff.h"
#include "diff_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- command line ---- */

typedef struct options {
    cli_opts o;
    const char *old, *new;
    const char **data;
    int ndata;
    bool md;
    int top;
    const char *catalogue; /* --catalogue PATH */
} options;

static int set_top(const cli_command *self, void *ctx, const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < 1 || n > 1000)
        return cli_usage_error(
            self, "--top takes a number from 1 to 1000, not '%s'", v);
    ((options *)ctx)->top = (int)n;
    return 0;
}

static int set_catalogue(const cli_command *self, void *ctx, const char *v)
{
    ((options *)ctx)->catalogue = v;
    return 0;
}

static const cli_extra diff_options[] = {
    CLI_CALL("--top", true, set_top),
    CLI_CALL("--catalogue", true, set_catalogue), CLI_END};

static int parse_args(const cli_command *self, int argc, char **argv,
                      options *o)
{
    o->top = 5;
    int rc = cli_parse(self, CLI_FORMAT | CLI_DATA, diff_options, o, argc, argv,
                       &o->o);
    if (rc)
        return rc;
    const char *f = o->o.format;
    if (f && strcmp(f, "md") != 0 && strcmp(f, "text") != 0)
        return cli_usage_error(self, "unknown format '%s' (text, md)", f);
    o->md = f && strcmp(f, "md") == 0;
    if (o->o.nargs < 2)
        return cli_usage_error(self, "%s", "diff needs OLD and NEW");
    o->old = o->o.args[0];
    o->new = o->o.args[1];
    o->data = o->o.args + 2;
    o->ndata = o->o.nargs - 2;
    return 0;
}

/* Compiles and runs one side over the data, indexing its rows. */
static int run_side(side *s, runner_data *in)
{
    rt_arena *ca = rt_arena_new();
    s->prog = runner_compile(ca, &s->src.diag, s->src.prog, in);
    rt_arena_free(ca);
    if (!s->prog) {
        fprintf(stderr,
                "sicalc: error: the catalogue of %s does not "
                "compile with this data\n",
                s->src.label);
        return EXIT_USAGE;
    }
    s->res_arena = rt_arena_new();
    if (runner_result(s->prog, in, s->res_arena, &s->res, &s->exec))
        return EXIT_USAGE;
    diff_index_rows(s);
    return 0;
}

/* Compares two loaded sides and prints the report; the exit status. */
static int report(const rep *o, side *old, side *new, bool with_data)
{
    diff_build_side(old);
    diff_build_side(new);
    cmp c = {.old = old, .new = new};
    diff_compare(&c);
    int nv = with_data ? diff_values_all(o, &c, false) : 0;
    diff_header(o);
    diff_summary(o, &c, nv);
    diff_print_changes(o, &c);
    if (nv)
        diff_values_all(o, &c, true);
    for (int i = 0; i < c.nch; i++)
        free(c.ch[i].through);
    free(c.ch);
    free(c.changed_defs);
    return c.nch || nv ? EXIT_CHANGED : EXIT_OK;
}

static int load_specs(const options *o, side *old, side *new)
{
    catsrc_spec so, sn;
    bool ok = catsrc_parse(&so, o->old);
    ok = catsrc_parse(&sn, o->new) && ok;
    int rc = EXIT_USAGE;
    if (ok) {
        catsrc_inherit_path(&so, &sn);
        catsrc_inherit_path(&sn, &so);
        catsrc_catalogue(&so, &sn, o->catalogue);
        rc = catsrc_load(&old->src, &so);
        int rn = catsrc_load(&new->src, &sn);
        rc = rc ? rc : rn;
    }
    catsrc_spec_free(&so);
    catsrc_spec_free(&sn);
    return rc;
}

int diff_main(const cli_command *self, int argc, char **argv)
{
    options o = {0};
    int rc = parse_args(self, argc, argv, &o);
    if (rc) {
        cli_free(&o.o);
        return rc == CLI_HELP ? EXIT_OK : rc;
    }
    side old = {0}, new = {0};
    runner_data in = {.decimal = o.o.decimal,
                      .lenient = o.o.lenient,
                      .period = o.o.period,
                      .binds = o.o.binds,
                      .nbinds = o.o.nbinds};
    rc = load_specs(&o, &old, &new);
    if (rc == 0 && (o.ndata || o.o.nbinds)) {
        rc = runner_open(&in, o.data, o.ndata, o.o.delimiter) ? EXIT_USAGE : 0;
        if (rc == 0)
            rc = run_side(&old, &in);
        if (rc == 0)
            rc = run_side(&new, &in);
    }
    if (rc == 0) {
        rep w = {.f = stdout,
                 .md = o.md,
                 .top = o.top,
                 .old_label = o.old,
                 .new_label = o.new,
                 .data = o.data,
                 .ndata = o.ndata};
        rc = report(&w, &old, &new, o.ndata > 0);
        if (fflush(stdout) != 0)
            rc = EXIT_USAGE;
    }
    diff_free_rows(&old);
    diff_free_rows(&new);
    runner_close(&in);
    diff_free_side(&old);
    diff_free_side(&new);
    cli_free(&o.o);
    return rc;
}

/* Git's external diff: `path old-file old-hex old-mode new-file new-hex
 * new-mode`. A side that does not load falls back to a line diff. */
int diff_driver_main(const cli_command *self, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(self->usage, stdout);
        return EXIT_OK;
    }
    if (argc == 2) { /* an unmerged path: git passes only its name */
        printf("* Unmerged path %s\n", argv[1]);
        return 0;
    }
    if (argc != 8) {
        fputs(self->usage, stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[1];
    char *la = rt_xmalloc(strlen(path) + 3), *lb = rt_xmalloc(strlen(path) + 3);
    sprintf(la, "a/%s", path);
    sprintf(lb, "b/%s", path);
    side old = {0}, new = {0};
    int rc = catsrc_load_as(&old.src, la, path, argv[2]);
    int rn = catsrc_load_as(&new.src, lb, path, argv[5]);
    fflush(stdout);
    if (rc == 0 && rn == 0) {
        rep w = {.f = stdout, .top = 5, .old_label = la, .new_label = lb};
        report(&w, &old, &new, false);
        fflush(stdout);
    } else {
        fprintf(stderr, "sicalc: %s: showing a line diff instead\n", path);
        fflush(stderr);
        const char *args[] = {"diff", "-u",    "--label", la,  "--label",
                              lb,     argv[2], argv[5],   NULL};
        pid_t pid = fork();
        if (pid == 0) {
            execvp("diff", (char *const *)args);
            _exit(127);
        }
        int st;
        if (pid > 0)
            waitpid(pid, &st, 0);
    }
    diff_free_side(&old);
    diff_free_side(&new);
    free(la);
    free(lb);
    return 0;
}
