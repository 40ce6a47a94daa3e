/* testcmd.c — `sicalc test FILES.si`: each `test` block's tables are
 * written to a temporary folder (one CSV per dataset), the whole catalogue
 * runs over them, and each `expect` is checked against the output row of
 * its indicator and group. Failures read `file:line: ...`. */
#include "testcmd.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../runtime/finish.h"
#include "../runtime/numfmt.h"
#include "../runtime/tmpfiles.h"
#include "load.h"
#include "runner.h"

typedef struct tally {
    int passed, failed;
} tally;

/* The dataset a table without a name belongs to: the only declared one,
 * else "data". */
static const char *default_dataset(const ast_program *p)
{
    const char *only = NULL;
    int n = 0;
    for (int i = 0; i < p->ndecls; i++)
        if (p->decls[i]->kind == DECL_DATASET) {
            only = p->decls[i]->name;
            n++;
        }
    return n == 1 ? only : "data";
}

/* Writes each table of test t to a new folder in $TMPDIR (or /tmp) as
 * DATASET.csv; returns the folder, or NULL after saying why none could
 * be made or written. Every file is tracked for removal on a signal. */
static char *write_tables(const ast_program *p, const ast_decl *t,
                          char ***paths, int *n)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *dir = rt_xmalloc(strlen(base) + sizeof "/sicalc-test-XXXXXX");
    sprintf(dir, "%s/sicalc-test-XXXXXX", base);
    *paths = rt_xcalloc((size_t)t->ndata + 1, sizeof(char *));
    *n = 0;
    if (!rt_tmp_mkdtemp(dir)) {
        fprintf(stderr,
                "sicalc: error: cannot create a temporary folder in '%s' "
                "for the tables of test '%s': %s (set TMPDIR to a writable "
                "folder)\n",
                base, t->name, strerror(errno));
        free(dir);
        return NULL;
    }
    for (int i = 0; i < t->ndata; i++) {
        const char *ds =
            t->data[i].dataset ? t->data[i].dataset : default_dataset(p);
        size_t len = strlen(dir) + strlen(ds) + 8;
        char *path = rt_xmalloc(len);
        snprintf(path, len, "%s/%s.csv", dir, ds);
        rt_tmp_track(path, false);
        (*paths)[(*n)++] = path;
        FILE *f = fopen(path, "w");
        bool ok = f && fprintf(f, "%s\n", t->data[i].text) >= 0;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok) {
            fprintf(stderr,
                    "sicalc: error: cannot write the table '%s' of test "
                    "'%s': %s\n",
                    path, t->name, strerror(errno));
            return dir;
        }
    }
    return dir;
}

static void remove_tables(char *dir, char **paths, int n)
{
    for (int i = 0; i < n; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    free(paths);
    if (dir) {
        rmdir(dir);
        rt_tmp_untrack_under(dir);
    }
    free(dir);
}

/* The text a cell's value matches in a dimension column. */
static const char *cell_text(const ast_expr *v, char *buf, size_t size)
{
    if (v->kind == AST_STR)
        return v->str;
    if (v->kind == AST_NUM) {
        rt_fmt_number(buf, size, v->num);
        return buf;
    }
    if (v->kind == AST_UNARY && v->op == OP_NEG && v->lhs->kind == AST_NUM) {
        rt_fmt_number(buf, size, -v->lhs->num);
        return buf;
    }
    return v->kind == AST_NAME ? v->str : "";
}

/* Whether row r is the expectation's group: named dimensions have their
 * value, the others are totals (the period may go unnamed). */
static bool row_matches(const rt_result *res, bool has_period,
                        const rt_outrow *r, const ast_expect *e)
{
    if (strcmp(r->indicator, e->indicator) != 0)
        return false;
    for (int d = 0; d < res->ndims; d++) {
        const char *want = NULL;
        char buf[40];
        for (int k = 0; k < e->ncells; k++)
            if (strcmp(e->cells[k]->lhs->str, res->dim_names[d]) == 0)
                want = cell_text(e->cells[k]->rhs, buf, sizeof buf);
        if (!want && d == 0 && has_period)
            continue;
        if (want ? !rt_dim_shows(r, d, want) : !rt_dim_is_total(r, d))
            return false;
    }
    return true;
}

static double number_of(const ast_expr *v)
{
    if (v->kind == AST_NUM)
        return v->num;
    if (v->kind == AST_UNARY && v->op == OP_NEG && v->lhs->kind == AST_NUM)
        return -v->lhs->num;
    return NAN;
}

/* got equals want to 1e-9 relative, or within the expectation's tolerance. */
static bool close_to(const ast_expect *e, double got, double want)
{
    if (e->within)
        return fabs(got - want) <= number_of(e->within);
    return fabs(got - want) <= 1e-9 * fmax(fabs(want), 1e-300) || got == want;
}

static void report(const ast_expect *e, const ast_decl *t, const char *msg)
{
    int line, col;
    source_linecol(e->at.file, e->at.start, &line, &col);
    printf("%s:%d: test '%s': expect %s", e->at.file->path, line, t->name,
           e->indicator);
    for (int k = 0; k < e->ncells; k++) {
        char buf[40];
        printf("%s%s = %s", k ? ", " : "(", e->cells[k]->lhs->str,
               cell_text(e->cells[k]->rhs, buf, sizeof buf));
    }
    printf("%s: %s\n", e->ncells ? ")" : "", msg);
}

static void check_expect(const rt_result *res, bool has_period,
                         const ast_decl *t, const ast_expect *e, tally *n)
{
    const rt_outrow *found = NULL;
    int matches = 0;
    for (size_t i = 0; i < res->nrows; i++)
        if (row_matches(res, has_period, &res->rows[i], e)) {
            found = &res->rows[i];
            matches++;
        }
    char msg[256];
    double want = number_of(e->value);
    if (matches != 1) {
        snprintf(msg, sizeof msg,
                 matches ? "several rows match (name the period)"
                         : "no such row in the output");
    } else if (!found->has_value) {
        snprintf(msg, sizeof msg,
                 "the value is empty (flags: %s), expected "
                 "%.17g",
                 found->flags, want);
    } else if (!close_to(e, found->value, want)) {
        char g[40];
        rt_fmt_number(g, sizeof g, found->value);
        snprintf(msg, sizeof msg, "got %s, expected %.17g%s", g, want,
                 e->within ? " (within the tolerance given)" : "");
    } else if (e->ci && !found->has_ci) {
        snprintf(msg, sizeof msg, "no interval (flags: %s)", found->flags);
    } else if (e->ci && (!close_to(e, found->ci_low, number_of(e->ci->lo)) ||
                         !close_to(e, found->ci_high, number_of(e->ci->hi)))) {
        char lo[40], hi[40];
        rt_fmt_number(lo, sizeof lo, found->ci_low);
        rt_fmt_number(hi, sizeof hi, found->ci_high);
        snprintf(msg, sizeof msg, "interval %s .. %s, expected %.17g .. %.17g",
                 lo, hi, number_of(e->ci->lo), number_of(e->ci->hi));
    } else {
        n->passed++;
        return;
    }
    report(e, t, msg);
    n->failed++;
}

static int run_test(const ast_program *p, const ast_decl *t, tally *n)
{
    char **paths;
    int np;
    char *dir = write_tables(p, t, &paths, &np);
    if (!dir || np < t->ndata) {
        remove_tables(dir, paths, np);
        return 1;
    }
    runner_data in = {0};
    int rc = runner_open(&in, (const char *const *)paths, np, 0);
    in.quiet_skips = true; /* a test gives the tables it needs, no more */
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    rt_program *prog = rc ? NULL : runner_compile(a, &d, p, &in);
    rt_arena *ra = rt_arena_new();
    rt_result res;
    rt_exec *x = NULL;
    if (prog && runner_result(prog, &in, ra, &res, &x) == 0) {
        for (int i = 0; i < t->nexpects; i++)
            check_expect(&res, prog->has_period, t, &t->expects[i], n);
    } else {
        n->failed += t->nexpects;
        printf("%s: test '%s' could not run\n", t->at.file->path, t->name);
    }
    rt_exec_free(x);
    rt_arena_free(ra);
    compile_free(prog);
    rt_arena_free(a);
    runner_close(&in);
    remove_tables(dir, paths, np);
    return d.errors ? 2 : 0;
}

int testcmd_main(const cli_command *self, int argc, char **argv)
{
    cli_opts o = {0};
    int rc = cli_parse(self, 0, NULL, NULL, argc, argv, &o);
    if (rc == 0 && o.nargs == 0)
        rc = cli_usage_error(self, "%s", "no .si files given");
    if (rc) {
        cli_free(&o);
        return rc == CLI_HELP ? EXIT_OK : rc;
    }
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    ast_program *p = load_catalogue(a, &d, o.args, o.nargs);
    tally n = {0, 0};
    int tests = 0;
    rc = d.errors ? EXIT_USAGE : EXIT_OK;
    for (int i = 0; rc == 0 && i < p->ndecls; i++)
        if (p->decls[i]->kind == DECL_TEST) {
            tests++;
            rc = run_test(p, p->decls[i], &n);
        }
    if (rc == 0)
        printf("%d test block%s run\n%d passed, %d failed\n", tests,
               tests == 1 ? "" : "s", n.passed, n.failed);
    rt_arena_free(a);
    cli_free(&o);
    return rc ? rc : n.failed ? EXIT_FAILED : EXIT_OK;
}
