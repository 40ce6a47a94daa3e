/* cli.h — the command line's one layer: the exit statuses, the dispatch
 * table's entry (cmd/main.c), and the options several commands share
 * (-o, --format, --delimiter, --decimal, --lenient, --period, --threads,
 * --lang, --help), parsed in one place with one set of messages. */
#ifndef SICALC_CLI_H
#define SICALC_CLI_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of every command. 1 is a data error for the commands that
 * read data, and "something found" for the others: diff found a change,
 * test or fmt --check a failure, doc could not write. */
enum {
    EXIT_OK = 0,
    EXIT_DATA = 1,
    EXIT_CHANGED = 1,
    EXIT_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_NOMEM = 3 /* out of memory (runtime/arena.c) */
};

/* One command of the dispatch table. main gets argv with argv[0] the
 * command's name (or "sicalc" for the plain run) and returns the exit
 * status. */
typedef struct cli_command {
    const char *name;
    const char *summary; /* one line, for `sicalc --help` */
    int (*main)(const struct cli_command *self, int argc, char **argv);
    const char *usage; /* printed by --help and after a usage error */
} cli_command;

/* The shared options a command accepts (cli_parse's `takes`). */
enum {
    CLI_OUT = 1 << 0,         /* -o OUT, --output OUT */
    CLI_FORMAT = 1 << 1,      /* --format NAME (each command checks NAME) */
    CLI_DELIMITER = 1 << 2,   /* --delimiter C (`tab` or `\t`: a tab) */
    CLI_DECIMAL = 1 << 3,     /* --decimal . or , */
    CLI_LENIENT = 1 << 4,     /* --lenient */
    CLI_PERIOD = 1 << 5,      /* --period X (run, diff: a column; explain: a
                                 period) */
    CLI_THREADS = 1 << 6,     /* --threads N, 1 to 64 */
    CLI_LANG = 1 << 7,        /* --lang CODE */
    CLI_MEMORY = 1 << 8,      /* --memory-limit SIZE (512M, 2G) */
    CLI_DATASET = 1 << 9,     /* --dataset NAME=FILE, repeatable */
    CLI_KEEP_GOING = 1 << 10, /* --keep-going: run what compiles */
    CLI_DATA =
        CLI_DELIMITER | CLI_DECIMAL | CLI_LENIENT | CLI_PERIOD | CLI_DATASET
};

/* --dataset NAME=FILE: FILE is read as dataset NAME whatever its name. */
typedef struct cli_bind {
    const char *dataset, *file;
} cli_bind;

/* What cli_parse read. args are the other arguments, in order, and binds
 * the --dataset options (heap; free with cli_free). `-o -` leaves out
 * NULL: standard output. */
typedef struct cli_opts {
    const char *out, *format, *period, *lang;
    cli_bind *binds;
    int nbinds;
    char delimiter; /* 0: the reader's default (',') */
    char decimal;   /* '.' unless --decimal */
    bool lenient;
    bool keep_going;     /* --keep-going */
    int threads;         /* 0: one per processor */
    size_t memory_limit; /* --memory-limit in bytes; 0: the default */
    const char **args;
    int nargs;
} cli_opts;

/* A command's own option: `--top N`, `--check`. set gets the value (NULL
 * without one) and returns 0, or the status of cli_usage_error. */
typedef struct cli_extra {
    const char *name;
    bool has_value;
    /* NULL: the option is stored in ctx at byte offset field, a flag as
     * bool true, a value as the const char * from argv (CLI_FLAG,
     * CLI_STRING); else set is called. */
    int (*set)(const cli_command *self, void *ctx, const char *value);
    size_t field;
} cli_extra;
#define CLI_FLAG(name, type, member)                                           \
    {                                                                          \
        name, false, NULL, offsetof(type, member)                              \
    }
#define CLI_STRING(name, type, member)                                         \
    {                                                                          \
        name, true, NULL, offsetof(type, member)                               \
    }
#define CLI_CALL(name, has_value, set)                                         \
    {                                                                          \
        name, has_value, set, 0                                                \
    }
#define CLI_END                                                                \
    {                                                                          \
        NULL, false, NULL, 0                                                   \
    }

/* cli_parse's status after --help: the usage went to stdout, exit 0. */
#define CLI_HELP (-1)

/* Parses argv[1..] into o: the shared options in takes, then extras (an
 * array ending with a NULL name, or NULL), the rest as arguments. An
 * option's value follows it or is joined by '=' (--format=csv); `--` ends
 * the options; an unknown option gets the closest known one as a hint.
 * Returns 0, CLI_HELP, or EXIT_USAGE after printing the error and the
 * usage. */
int cli_parse(const cli_command *self, unsigned takes, const cli_extra *extras,
              void *ctx, int argc, char **argv, cli_opts *o);
void cli_free(cli_opts *o);

/* Prints "sicalc: error: " fmt (with arg) and self's usage to stderr;
 * returns EXIT_USAGE. */
int cli_usage_error(const cli_command *self, const char *fmt, const char *arg);

/* Says on standard error why the output (standard output when out is
 * NULL, else the file out) could not be written: errno's reason. */
void cli_write_failed(const char *out);

bool cli_ends_with(const char *s, const char *suffix);

/* The arguments sorted: .si files are the catalogue, the rest data, each
 * list in the order given. */
typedef struct {
    const char **sources, **data;
    int nsources, ndata;
} cli_files;
void cli_split_files(const cli_opts *o, cli_files *f);
void cli_files_free(cli_files *f);
/* A one-character option value; `tab` and `\t` mean a tab. */
bool cli_char_option(const char *v, char *out);

#endif
