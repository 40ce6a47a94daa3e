/* sicalc.c — the command line: parse arguments, compile the catalogue,
 * run it over the data, write the table. Exit status: 0 success, 1 data
 * error, 2 usage or compile error, 3 out of memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../runtime/csvin.h"
#include "../runtime/exec.h"
#include "../runtime/fileio.h"
#include "../runtime/finish.h"
#include "../runtime/output.h"
#include "../runtime/samples.h"
#include "check.h"
#include "cli.h"
#include "diff.h"
#include "doc.h"
#include "explain.h"
#include "fmt.h"
#include "load.h"
#include "testcmd.h"

#define SICALC_VERSION "0.1.0"

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

typedef struct options {
    const char *cmd; /* "run" or "check" */
    const char **sources;
    int nsources;
    const char **data;
    int ndata;
    const char *out;
    const char *format;
    char delimiter, decimal;
    bool lenient;
    const char *period;
    int threads;         /* 0: one per processor */
    size_t memory_limit; /* --memory-limit; 0: the default */
} options;

static void usage(FILE *f)
{
    fputs("usage: sicalc [run] FILES.si... DATA.csv [-o OUT] "
          "[--format csv|table|json|md]\n"
          "                [--delimiter C] [--decimal C] [--lenient] "
          "[--period COLUMN]\n"
          "                [--threads N] [--memory-limit SIZE]\n"
          "       sicalc check FILES.si... [DATA.csv]\n"
          "DATA '-' is standard input\n"
          "exit status: 0 success, 1 data error, 2 usage or compile error, "
          "3 out of memory\n",
          f);
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "sicalc: error: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    usage(stderr);
    return EXIT_USAGE;
}

static bool is_value_option(const char *name)
{
    static const char *const names[] = {
        "-o",          "--output",  "--format",  "--period",
        "--delimiter", "--decimal", "--threads", "--memory-limit"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static int parse_value_option(options *o, const char *name, const char *v)
{
    if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0)
        o->out = v;
    else if (strcmp(name, "--format") == 0)
        o->format = v;
    else if (strcmp(name, "--period") == 0)
        o->period = v;
    else if (strcmp(name, "--threads") == 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 64)
            return bad_usage("--threads takes a number from 1 to 64, not "
                             "'%s'",
                             v);
        o->threads = (int)n;
    } else if (strcmp(name, "--memory-limit") == 0) {
        if (!rt_samples_parse_size(v, &o->memory_limit))
            return bad_usage("--memory-limit takes a size such as 512M or "
                             "2G, not '%s'",
                             v);
    } else if (strcmp(name, "--delimiter") == 0) {
        if (!cli_char_option(v, &o->delimiter))
            return bad_usage("--delimiter takes one character, not '%s'", v);
    } else if (strcmp(name, "--decimal") == 0) {
        if (!cli_char_option(v, &o->decimal) ||
            (o->decimal != '.' && o->decimal != ','))
            return bad_usage("--decimal is '.' or ',', not '%s'", v);
    } else {
        return -1;
    }
    return 0;
}

/* A bare word that is not a file is meant as a command. */
static bool is_command_word(const char *a)
{
    if (access(a, F_OK) == 0)
        return false;
    for (const char *p = a; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '-'))
            return false;
    return *a != '-';
}

static int parse_args(int argc, char **argv, options *o)
{
    o->sources = rt_xcalloc((size_t)argc, sizeof(char *));
    o->data = rt_xcalloc((size_t)argc, sizeof(char *));
    o->cmd = "run";
    o->decimal = '.';
    int i = 1;
    if (i < argc &&
        (strcmp(argv[i], "check") == 0 || strcmp(argv[i], "run") == 0))
        o->cmd = argv[i++];
    else if (i < argc && is_command_word(argv[i]))
        return bad_usage("unknown command '%s' (commands: run, check)",
                         argv[i]);
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--lenient") == 0) {
            o->lenient = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            if (i + 1 >= argc)
                return is_value_option(a)
                           ? bad_usage("option %s needs a value", a)
                           : bad_usage("unknown option '%s'", a);
            int rc = parse_value_option(o, a, argv[i + 1]);
            if (rc < 0)
                return bad_usage("unknown option '%s'", a);
            if (rc)
                return rc;
            i++;
        } else if (cli_ends_with(a, ".si")) {
            o->sources[o->nsources++] = a;
        } else {
            o->data[o->ndata++] = a;
        }
    }
    if (o->nsources == 0)
        return bad_usage("%s", "no .si files given");
    if (strcmp(o->cmd, "run") == 0 && o->ndata == 0)
        return bad_usage("%s", "no data file given");
    if (o->delimiter == ',' && o->decimal == ',')
        return bad_usage("%s", "--decimal , needs a delimiter other than ','");
    return 0;
}

/* "data/population.csv" -> "population" */
static char *file_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *s = rt_xstrdup(base);
    char *dot = strrchr(s, '.');
    if (dot && dot != s)
        *dot = '\0';
    return s;
}

static int write_result(const options *o, const rt_result *r)
{
    rt_format fmt = RT_FMT_CSV;
    const char *name = o->format;
    if (!name && o->out)
        name = cli_ends_with(o->out, ".json") ? "json"
               : cli_ends_with(o->out, ".md") ? "md"
                                              : "csv";
    if (!name)
        name = isatty(STDOUT_FILENO) ? "table" : "csv";
    if (!rt_format_parse(name, &fmt))
        return bad_usage("unknown format '%s' (csv, table, json, md)", name);
    if (!o->out) {
        if (rt_write(stdout, r, fmt) == 0 && fflush(stdout) == 0)
            return 0;
        fprintf(stderr, "sicalc: error: writing the output: %s\n",
                strerror(errno));
        return EXIT_DATA;
    }
    if (rt_write_file_atomic(o->out, r, fmt) == 0)
        return 0;
    fprintf(stderr, "sicalc: error: cannot write '%s': %s\n", o->out,
            rt_write_strerror(o->out, errno));
    return EXIT_DATA;
}

static int run_program(const options *o, rt_program *p, rt_csv *const *csvs)
{
    rt_exec_opts eo = {.decimal = o->decimal,
                       .lenient = o->lenient,
                       .warn = stderr,
                       .max_warnings = 20,
                       .threads = o->threads,
                       .memory_limit = o->memory_limit};
    rt_exec *x;
    rt_data_error err = {0};
    int rc = rt_exec_run(p, csvs, &eo, &x, &err);
    if (rc) {
        rt_data_error_print(stderr, &err);
        rt_data_error_clear(&err);
        rt_exec_free(x);
        return EXIT_DATA;
    }
    rt_arena *ra = rt_arena_new();
    rt_result res;
    rt_finish(p, x, ra, &res);
    rc = write_result(o, &res);
    rt_arena_free(ra);
    rt_exec_free(x);
    return rc;
}

/* The data files, opened (headers read) in command-line order. */
typedef struct inputs {
    rt_csv **csvs;
    check_data *data;
    int n;
} inputs;

static void close_inputs(inputs *in)
{
    for (int i = 0; i < in->n; i++) {
        rt_csv_close(in->csvs[i]);
        free((void *)in->data[i].header);
        free((void *)in->data[i].stem);
    }
    free(in->csvs);
    free(in->data);
}

/* Two files with the same stem would be the same dataset. */
static int duplicate_stem(const inputs *in, int i)
{
    for (int j = 0; j < i; j++)
        if (strcmp(in->data[j].stem, in->data[i].stem) == 0)
            return j;
    return -1;
}

static int open_inputs(const options *o, inputs *in)
{
    in->csvs = rt_xcalloc((size_t)o->ndata + 1, sizeof(rt_csv *));
    in->data = rt_xcalloc((size_t)o->ndata + 1, sizeof(check_data));
    rt_csv_opts co = {.delimiter = o->delimiter};
    for (int i = 0; i < o->ndata; i++, in->n++) {
        rt_data_error err = {0};
        in->data[i].stem = file_stem(o->data[i]);
        in->csvs[i] = rt_csv_open_err(o->data[i], &co, &err);
        if (!in->csvs[i]) {
            rt_data_error_print(stderr, &err);
            rt_data_error_clear(&err);
            in->n++;
            return EXIT_DATA;
        }
        int n = rt_csv_ncols(in->csvs[i]);
        const char **h = rt_xcalloc((size_t)n + 1, sizeof(char *));
        for (int k = 0; k < n; k++)
            h[k] = rt_csv_colname(in->csvs[i], k);
        in->data[i].header = h;
        in->data[i].nheader = n;
        int j = duplicate_stem(in, i);
        if (j >= 0) {
            in->n++;
            return bad_usage("'%s' and another data file have the same "
                             "name; each file is the dataset of its name",
                             o->data[i]);
        }
    }
    return 0;
}

static int compile_and_run(const options *o)
{
    if (o->out) {
        for (int i = 0; i < o->ndata; i++)
            if (rt_same_file(o->out, o->data[i]))
                return bad_usage("refusing to write the output over the "
                                 "input file '%s'",
                                 o->data[i]);
        for (int i = 0; i < o->nsources; i++)
            if (rt_same_file(o->out, o->sources[i]))
                return bad_usage("refusing to write the output over the "
                                 "catalogue file '%s'",
                                 o->sources[i]);
    }
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    ast_program *prog = load_catalogue(a, &d, o->sources, o->nsources);
    inputs in = {0};
    int rc = open_inputs(o, &in);
    check_opts co = {.data = in.data, .ndata = in.n, .period = o->period};
    rt_program *p = NULL;
    /* After a syntax error the tree has holes; checking it would only
     * add follow-on errors. */
    if (rc == 0 && d.errors == 0)
        p = check_catalogue(a, &d, prog, &co);
    if (d.errors)
        rc = EXIT_USAGE;
    if (rc == 0 && strcmp(o->cmd, "run") == 0)
        rc = run_program(o, p, in.csvs);
    check_free(p);
    close_inputs(&in);
    rt_arena_free(a);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 1 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        puts("sicalc " SICALC_VERSION);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "doc") == 0)
        return doc_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "fmt") == 0)
        return fmt_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "test") == 0)
        return testcmd_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "diff") == 0)
        return diff_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "diff-driver") == 0)
        return diff_driver_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "explain") == 0)
        return explain_main(argc - 1, argv + 1);
    options o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc == 0)
        rc = compile_and_run(&o);
    free(o.sources);
    free(o.data);
    return rc;
}
