/* sql.c — `sicalc sql FILES.si [DATA.csv...] --dialect D [--table
 * DATASET=NAME]... [--schema] [-o FILE]`: compiles (without data the
 * datasets are the declared ones; with data files, only their headers
 * are read, to bind columns as a run would) and writes the script, or
 * the CREATE TABLEs. */
#include "sql.h"

#include <stdlib.h>
#include <string.h>

#include "../compiler/sql.h"
#include "../runtime/fileio.h"
#include "compile.h"
#include "load.h"
#include "runner.h"
#include "strbuf.h"

typedef struct sql_args {
    const sql_dialect *dialect;
    sql_table *tables;
    int ntables;
    bool schema;
} sql_args;

static int set_dialect(const cli_command *self, void *ctx, const char *v)
{
    sql_args *s = ctx;
    s->dialect = sql_dialect_find(v);
    if (!s->dialect)
        return cli_usage_error(self,
                               "unknown --dialect '%s' (postgres, duckdb, "
                               "sqlite or clickhouse)",
                               v);
    return 0;
}

static int add_table(const cli_command *self, void *ctx, const char *v)
{
    sql_args *s = ctx;
    const char *eq = strchr(v, '=');
    if (!eq || eq == v || !eq[1])
        return cli_usage_error(self, "--table takes DATASET=NAME, not '%s'", v);
    s->tables = rt_xrealloc(s->tables, sizeof *s->tables * (s->ntables + 1));
    size_t n = (size_t)(eq - v);
    char *ds = rt_xcalloc(n + 1, 1);
    memcpy(ds, v, n);
    s->tables[s->ntables++] = (sql_table){ds, eq + 1};
    return 0;
}

static const cli_extra sql_options[] = {
    CLI_CALL("--dialect", true, set_dialect),
    CLI_CALL("--table", true, add_table),
    CLI_FLAG("--schema", sql_args, schema), CLI_END};

/* Compiles (against the data files' headers, when given) and renders
 * into memory, so that an error leaves no output. */
static int render(const cli_opts *o, const sql_args *s, const char **sources,
                  int nsources, const char **data, int ndata, char **text,
                  size_t *len)
{
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    const ast_program *prog = load_catalogue(a, &d, sources, nsources);
    runner_data in = {.decimal = o->decimal,
                      .period = o->period,
                      .binds = o->binds,
                      .nbinds = o->nbinds,
                      .keep_going = o->keep_going};
    int rc = runner_open(&in, data, ndata, o->delimiter);
    rt_program *p = rc == 0 ? runner_compile(a, &d, prog, &in) : NULL;
    if (rc == 0 && (d.errors || !p))
        rc = EXIT_USAGE;
    strbuf b;
    FILE *f = strbuf_open(&b);
    sql_opts so = {.dialect = s->dialect,
                   .tables = s->tables,
                   .ntables = s->ntables,
                   .files = sources,
                   .nfiles = nsources,
                   .keep_going = o->keep_going};
    if (rc == EXIT_OK && s->schema)
        sql_schema(f, p, prog, &so);
    else if (rc == EXIT_OK && !sql_emit(f, &d, p, prog, &so))
        rc = EXIT_USAGE;
    fclose(f);
    *text = b.s;
    *len = b.n;
    compile_free(p);
    runner_close(&in);
    rt_arena_free(a);
    return rc;
}

int sql_main(const cli_command *self, int argc, char **argv)
{
    cli_opts o = {0};
    sql_args s = {.dialect = sql_dialect_find("postgres")};
    int rc = cli_parse(self, CLI_OUT | CLI_KEEP_GOING | CLI_DATA, sql_options,
                       &s, argc, argv, &o);
    cli_files f = {0};
    if (rc == 0)
        cli_split_files(&o, &f);
    if (rc == 0 && f.nsources == 0)
        rc = cli_usage_error(self, "%s", "no .si files given");
    char *text = NULL;
    size_t len = 0;
    if (rc == 0)
        rc =
            render(&o, &s, f.sources, f.nsources, f.data, f.ndata, &text, &len);
    if (rc == 0 && (o.out ? rt_write_file_bytes(o.out, text, len) != 0
                          : (fwrite(text, 1, len, stdout) != len ||
                             fflush(stdout) != 0))) {
        cli_write_failed(o.out);
        rc = EXIT_FAILED;
    }
    free(text);
    cli_files_free(&f);
    for (int i = 0; i < s.ntables; i++)
        free((char *)s.tables[i].dataset);
    free(s.tables);
    cli_free(&o);
    return rc == CLI_HELP ? EXIT_OK : rc;
}
