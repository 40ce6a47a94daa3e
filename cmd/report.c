/* report.c — `sicalc report FILES.si DATA... --focus UNIT`: the municipal
 * profile, one self-contained HTML page (or Markdown) from one run of the
 * catalogue: the run's rows (cmd/runner.c, the selection of
 * cmd/select.c), the units compared (report_focus.c), the model
 * (report_model.c), the writers (report_html.c, report_md.c), written
 * atomically (runtime/fileio.c). */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../runtime/fileio.h"
#include "focus.h"
#include "geo.h"
#include "report_int.h"
#include "select.h"

typedef struct cmd {
    const cli_command *self;
    cli_opts o;
    const char **sources, **data;
    int nsources, ndata;
    select_opts sel; /* --only, --periods */
    const char *focus;
    const char *reference; /* --reference FILE */
    bool peers;
    rt_lang lang;
    rep_format fmt;
} cmd;

/* ---- options ---- */

static int set_only(const cli_command *self, void *ctx, const char *v)
{
    (void)self;
    cmd *c = ctx;
    select_add(&c->sel.only, &c->sel.nonly, v);
    return 0;
}

static const cli_extra extras[] = {CLI_STRING("--focus", cmd, focus),
                                   CLI_FLAG("--peers", cmd, peers),
                                   CLI_STRING("--periods", cmd, sel.periods),
                                   CLI_CALL("--only", true, set_only),
                                   CLI_STRING("--reference", cmd, reference),
                                   CLI_END};

static int check_args(cmd *c)
{
    const cli_command *self = c->self;
    if (c->o.lang && !rt_lang_parse(c->o.lang, &c->lang))
        return cli_usage_error(self, "--lang is en, sr or sr-Cyrl, not '%s'",
                               c->o.lang);
    const char *f = c->o.format;
    if (!f)
        f = c->o.out && cli_ends_with(c->o.out, ".md") ? "md" : "html";
    if (strcmp(f, "html") != 0 && strcmp(f, "md") != 0)
        return cli_usage_error(self, "unknown format '%s' (html, md)", f);
    c->fmt = strcmp(f, "md") == 0 ? REP_MD : REP_HTML;
    if (!c->focus)
        return cli_usage_error(self, "%s",
                               "--focus UNIT is needed (e.g. --focus Pirot)");
    c->sources = rt_xcalloc((size_t)c->o.nargs + 1, sizeof(char *));
    c->data = rt_xcalloc((size_t)c->o.nargs + 1, sizeof(char *));
    for (int i = 0; i < c->o.nargs; i++) {
        const char *a = c->o.args[i];
        if (cli_ends_with(a, ".si"))
            c->sources[c->nsources++] = a;
        else
            c->data[c->ndata++] = a;
    }
    if (c->nsources == 0)
        return cli_usage_error(self, "%s", "no .si files given");
    if (c->ndata == 0 && c->o.nbinds == 0)
        return cli_usage_error(self, "%s", "no data file given");
    for (int i = 0; c->o.out && i < c->o.nargs; i++)
        if (rt_same_file(c->o.out, c->o.args[i]))
            return cli_usage_error(self,
                                   "refusing to write the report over the "
                                   "input file '%s'",
                                   c->o.args[i]);
    return 0;
}

/* ---- the catalogue's revision ---- */

/* `git describe --always --dirty` in the folder of the first catalogue
 * file, or NULL (no git, not a repository). */
static char *revision(const char *source)
{
    int fd[2];
    if (pipe(fd) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return NULL;
    }
    if (pid == 0) {
        char *dir = rt_folder_of(source);
        int null = open("/dev/null", O_RDWR);
        dup2(fd[1], STDOUT_FILENO);
        if (null >= 0) {
            dup2(null, STDERR_FILENO);
            dup2(null, STDIN_FILENO);
        }
        close(fd[0]);
        execlp("git", "git", "-C", dir, "describe", "--always", "--dirty",
               "--tags", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[256];
    ssize_t n = 0, got;
    while (n < (ssize_t)sizeof buf - 1 &&
           (got = read(fd[0], buf + n, sizeof buf - 1 - (size_t)n)) > 0)
        n += got;
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !*buf)
        return NULL;
    return rt_xstrdup(buf);
}

/* ---- rendering ---- */

static char *render(report *r, size_t *len)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    if (!f)
        return NULL;
    int rc = r->fmt == REP_HTML ? report_html(f, r) : report_md(f, r);
    if (fclose(f) != 0 || rc != 0) {
        free(s);
        return NULL;
    }
    if (r->lang == RT_LANG_SR_CYRL) {
        char *c = rep_translit_doc(s, r->fmt == REP_HTML);
        free(s);
        s = c;
        n = strlen(s);
    }
    *len = n;
    return s;
}

static int write_out(const cmd *c, const char *s, size_t n)
{
    if (!c->o.out) {
        if (fwrite(s, 1, n, stdout) == n && fflush(stdout) == 0)
            return 0;
    } else if (rt_write_file_bytes(c->o.out, s, n) == 0) {
        return 0;
    }
    cli_write_failed(c->o.out);
    return EXIT_DATA;
}

static int make_report(const cmd *c, const ast_program *prog,
                       const rt_program *p, const rt_result *res,
                       const geo_model *g, bool one_top)
{
    report r = {.fmt = c->fmt,
                .lang = c->lang,
                .peers = c->peers,
                .focus = c->focus,
                .prog = prog,
                .res = res,
                .data_paths = c->data,
                .ndata = c->ndata,
                .sources = c->sources,
                .nsources = c->nsources,
                .progress = isatty(STDERR_FILENO),
                .has_period = p->has_period,
                .arena = rt_arena_new(),
                .geo = g,
                .one_top = one_top};
    int rc = report_focus(&r, g);
    if (rc == 0)
        rc = report_model(&r, p);
    char *rev = rc == 0 ? revision(c->sources[0]) : NULL;
    r.revision = rev;
    size_t n = 0;
    char *s = rc == 0 ? render(&r, &n) : NULL;
    if (rc == 0 && !s) {
        fprintf(stderr, "sicalc: error: rendering the report: %s\n",
                strerror(errno));
        rc = EXIT_DATA;
    }
    if (rc == 0)
        rc = write_out(c, s, n);
    free(s);
    free(rev);
    free(r.units);
    rt_arena_free(r.arena);
    return rc;
}

static int run_and_report(const cmd *c, const ast_program *prog,
                          const rt_program *p, runner_data *in)
{
    rt_arena *ra = rt_arena_new();
    rt_result res;
    rt_exec *x = NULL;
    int rc = runner_result(p, in, ra, &res, &x);
    /* The analyst's view of the hierarchy, as `sicalc run --focus UNIT
     * --peers --all-levels` sees it: the focus, the units above it, the
     * total and the peers, with coverage, ranks and reference rows. Every
     * level is kept: the region is drawn even when it is the total. */
    const geo_model *g = geo_build(ra, prog);
    focus_opts fo = {.focus = c->focus,
                     .peers = true,
                     .all_levels = true,
                     .reference = c->reference};
    bool one_top = rc == 0 && report_one_top(&res, g);
    if (rc == 0)
        rc = focus_apply(&fo, g, prog, p->has_period, ra, &res);
    if (rc == 0)
        rc = select_apply(c->self, &c->sel, prog, p->has_period, ra, &res);
    if (rc == 0)
        rc = make_report(c, prog, p, &res, g, one_top);
    rt_arena_free(ra);
    rt_exec_free(x);
    return rc;
}

static int compile_and_report(const cmd *c)
{
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    ast_program *prog = NULL;
    runner_data in = {.decimal = c->o.decimal,
                      .lenient = c->o.lenient,
                      .period = c->o.period,
                      .threads = c->o.threads,
                      .memory_limit = c->o.memory_limit,
                      .binds = c->o.binds,
                      .nbinds = c->o.nbinds};
    rt_program *p = NULL;
    int rc = runner_load(a, &d, c->sources, c->nsources, c->data, c->ndata,
                         c->o.delimiter, &in, &prog, &p);
    if (rc == 0 && p && !d.errors)
        rc = run_and_report(c, prog, p, &in);
    if (rc == 0 && d.errors)
        rc = EXIT_USAGE;
    compile_free(p);
    runner_close(&in);
    rt_arena_free(a);
    return rc;
}

int report_main(const cli_command *self, int argc, char **argv)
{
    cmd c = {.self = self};
    int rc = cli_parse(self,
                       CLI_OUT | CLI_FORMAT | CLI_DATA | CLI_THREADS |
                           CLI_MEMORY | CLI_LANG,
                       extras, &c, argc, argv, &c.o);
    if (rc == 0)
        rc = check_args(&c);
    if (rc == 0)
        rc = compile_and_report(&c);
    free(c.sources);
    free(c.data);
    select_free(&c.sel);
    cli_free(&c.o);
    return rc == CLI_HELP ? EXIT_OK : rc;
}
