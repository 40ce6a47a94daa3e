/* main.c — sicalc's entry point: the dispatch table of the commands (name,
 * summary, handler, usage) and the choice of one from argv[1]; without a
 * command word the arguments are a run. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../runtime/tmpfiles.h"
#include "checkcmd.h"
#include "cli.h"
#include "diff.h"
#include "doc.h"
#include "explain.h"
#include "fmt.h"
#include "report.h"
#include "run.h"
#include "sql.h"
#include "suggest.h"
#include "testcmd.h"

#define SICALC_VERSION "0.1.0"

/* run and check share one usage text: check takes a run's command line. */
#define RUN_USAGE                                                              \
    "usage: sicalc [run] FILES.si... DATA.csv... [-o OUT] "                    \
    "[--format csv|table|json|md]\n"                                           \
    "                [--delimiter C] [--decimal C] [--lenient] "               \
    "[--period COLUMN]\n"                                                      \
    "                [--threads N] [--memory-limit SIZE]\n"                    \
    "                [--dataset NAME=FILE]... [--keep-going]\n"                \
    "                [--labels] [--lang en|sr|sr-Cyrl] [--round] [--excel]\n"  \
    "                [--locale sr]\n"                                          \
    "                [--only SEL,...]... [--where DIM=V,...]... [--periods "   \
    "P]\n"                                                                     \
    "                [--change] [--base PERIOD] [--wide]\n"                    \
    "                [--focus NAME] [--peers] [--all-levels] "                 \
    "[--reference FILE]\n"                                                     \
    "       sicalc check FILES.si... [DATA.csv...] [--strict]\n"               \
    "  a data file is the dataset of its name; another name is bound by its\n" \
    "  header to the one dataset whose declared columns it holds, or by\n"     \
    "  --dataset NAME=FILE; -o - is standard output; --format=csv is\n"        \
    "  --format csv; -- ends the options; DATA '-' is standard input\n"        \
    "  --only: indicator ids, globs, domain:NAME; --periods: 2023, "           \
    "2019..2023\n"                                                             \
    "  or last; selection shows rows, every total is over all the data\n"      \
    "  --focus: a unit of the catalogue's hierarchy, the units above it and\n" \
    "  (--peers) every unit of its level, ranked by `better`\n"                \
    "exit status: 0 success, 1 data error, 2 usage or compile error, 3 out\n"  \
    "of memory\n"

static int help_main(const cli_command *self, int argc, char **argv);

static const cli_command commands[] = {
    {"run", "runs a catalogue over data files (the default command)", run_main,
     RUN_USAGE},
    {"check", "compiles only (with data: columns checked against headers)",
     checkcmd_main, RUN_USAGE},
    {"doc", "the catalogue as a document (Markdown or HTML, en or sr)",
     doc_main,
     "usage: sicalc doc FILES.si... [--lang en|sr] [--format md|html] "
     "[-o OUT]\n"
     "  the indicator catalogue as a document; the format follows OUT's\n"
     "  extension (.html, .md), Markdown by default\n"
     "exit status: 0 success, 1 cannot write, 2 usage or compile error, 3 "
     "out of memory\n"},
    {"fmt", "the canonical layout of .si files", fmt_main,
     "usage: sicalc fmt [--check | -w] FILES.si...\n"
     "  --check: exit 1 when a file is not in the canonical layout; -w:\n"
     "  rewrite the files in place; otherwise the layout on stdout\n"
     "exit status: 0 success, 1 --check found a difference, 2 usage or\n"
     "compile error, 3 out of memory\n"},
    {"test", "runs the catalogue's test blocks", testcmd_main,
     "usage: sicalc test FILES.si...\n"
     "  runs every `test` block; tables are written under $TMPDIR (or /tmp)\n"
     "exit status: 0 every test passed, 1 a test failed, 2 usage or compile\n"
     "error, 3 out of memory\n"},
    {"diff", "what changed between two catalogues, and in their values",
     diff_main,
     "usage: sicalc diff OLD NEW [DATA.csv...] [--format text|md] "
     "[--top N]\n"
     "                [--catalogue PATH] [--delimiter C] [--decimal C] "
     "[--lenient]\n"
     "                [--period COLUMN] [--dataset NAME=FILE]...\n"
     "  OLD and NEW: a .si file, a folder (every .si file under it), a git\n"
     "  revision (HEAD~1, main: the same files as the other side; when both\n"
     "  are revisions, the catalogue: --catalogue PATH, else git config\n"
     "  sicalc.catalogue, else indicators/ at the repository's top) or\n"
     "  REV:PATH\n"
     "exit status: 0 nothing changed, 1 something changed, 2 usage, "
     "compile\n"
     "or data error, 3 out of memory\n"},
    {"diff-driver", "sicalc diff as git's external diff command",
     diff_driver_main,
     "usage: sicalc diff-driver PATH OLD-FILE OLD-HEX OLD-MODE "
     "NEW-FILE NEW-HEX NEW-MODE\n"
     "  git's external diff command (docs/REVIEW.md):\n"
     "  git config diff.sicalc.command 'sicalc diff-driver'\n"
     "exit status: 0 (git goes on with the next file), 2 usage error, 3 out\n"
     "of memory\n"},
    {"explain", "one figure taken apart: plan, rows counted, arithmetic",
     explain_main,
     "usage: sicalc explain ID FILES.si... DATA.csv... "
     "[--group DIM=VALUE]... [--period P]\n"
     "                [--rows N] [--delimiter C] [--decimal C] "
     "[--lenient]\n"
     "  one row of indicator ID taken apart: definition, plan, the rows "
     "each\n"
     "  aggregate counted, the arithmetic and the status; by default the "
     "total\n"
     "  of the latest period\n"
     "exit status: 0 success, 1 data error, 2 usage or compile error, 3 "
     "out of memory\n"},
    {"report", "a unit's profile with charts, one HTML page (or Markdown)",
     report_main,
     "usage: sicalc report FILES.si... DATA.csv... --focus UNIT [--peers]\n"
     "                [--periods P] [--only SEL,...]... [--lang "
     "en|sr|sr-Cyrl]\n"
     "                [--reference FILE]\n"
     "                [--format html|md] [-o OUT] [--delimiter C] "
     "[--decimal C]\n"
     "                [--lenient] [--period COLUMN] [--dataset "
     "NAME=FILE]...\n"
     "                [--threads N] [--memory-limit SIZE]\n"
     "  UNIT against its district, region and the total of the data, and\n"
     "  the other units of its level: overview, per indicator its value,\n"
     "  ranked bars, trend and flags, a comparison table, the methods;\n"
     "  UNIT is a unit of the catalogue's hierarchy (LEVEL:NAME when two\n"
     "  levels share a name), shown by its codelist name;\n"
     "  --peers: the other units in every bar chart too; --reference FILE:\n"
     "  published values (indicator,period,level,area,value,source) listed\n"
     "  with their source beside the computed ones; the format follows\n"
     "  OUT's extension (.md), HTML by default (docs/REPORT.md)\n"
     "exit status: 0 success, 1 data or write error, 2 usage or compile "
     "error,\n"
     "3 out of memory\n"},
    {"sql",
     "the catalogue as one SQL script (PostgreSQL, DuckDB, SQLite, "
     "ClickHouse)",
     sql_main,
     "usage: sicalc sql FILES.si... [DATA.csv...] [--dialect postgres|duckdb|"
     "sqlite|clickhouse]\n"
     "                [--table DATASET=NAME]... [--schema] [--keep-going] "
     "[-o OUT]\n"
     "                [--delimiter C] [--period COLUMN] "
     "[--dataset NAME=FILE]...\n"
     "  one SQL script whose result is the rows `sicalc run` writes for the\n"
     "  same data (docs/SCALE.md); data files: only their headers are read,\n"
     "  to bind columns; --dialect: postgres by default; --table:\n"
     "  the table holding a dataset (by default its name); --schema: the\n"
     "  CREATE TABLE each dataset's contract implies; --keep-going: an\n"
     "  indicator the dialect cannot express is left out with a warning\n"
     "exit status: 0 success, 1 cannot write, 2 usage or compile error (a\n"
     "construct the dialect cannot express), 3 out of memory\n"},
    {"help", "every command, or one command's usage and options", help_main,
     "usage: sicalc help [COMMAND]\n"
     "  every command with one line each, or COMMAND's usage and options\n"
     "  (as `sicalc COMMAND --help`)\n"
     "exit status: 0, 2 for an unknown command\n"},
};

#define NCOMMANDS (sizeof commands / sizeof *commands)

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* The run's usage, then every command with its summary. */
static void help(void)
{
    fputs(RUN_USAGE, stdout);
    fputs("commands:\n", stdout);
    for (size_t i = 0; i < NCOMMANDS; i++)
        printf("  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("options of every command: -h, --help; sicalc -V, --version\n"
          "environment: TMPDIR, where temporary files go (default /tmp)\n"
          "`sicalc help COMMAND` or `sicalc COMMAND --help` shows a "
          "command's usage\n",
          stdout);
}

static int unknown_command(const cli_command *run, const char *word);

/* `sicalc help [COMMAND]`. */
static int help_main(const cli_command *self, int argc, char **argv)
{
    if (argc > 2)
        return cli_usage_error(self, "%s", "help takes one command at most");
    if (argc < 2) {
        help();
        return EXIT_OK;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(self->usage, stdout);
        return EXIT_OK;
    }
    const cli_command *c = find_command(argv[1]);
    if (!c)
        return unknown_command(self, argv[1]);
    fputs(c->usage, stdout);
    return EXIT_OK;
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

/* "unknown command 'x'; did you mean 'y'? (commands: run, check, ...)",
 * the list from the table. */
static int unknown_command(const cli_command *run, const char *word)
{
    char list[256] = "";
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++) {
        names[i] = commands[i].name;
        if (strcmp(commands[i].name, "diff-driver") != 0) /* git's only */
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i ? ", " : "", commands[i].name);
    }
    fprintf(stderr, "sicalc: error: unknown command '%s'", word);
    suggest_hint(stderr, word, names, (int)NCOMMANDS);
    fprintf(stderr, " (commands: %s)\n", list);
    fputs(run->usage, stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    rt_tmp_init(); /* signals remove temporaries; SIGXFSZ is an error */
    if (argc > 1 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        help();
        return EXIT_OK;
    }
    if (argc > 1 &&
        (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        puts("sicalc " SICALC_VERSION);
        return EXIT_OK;
    }
    const cli_command *c = argc > 1 ? find_command(argv[1]) : NULL;
    if (c)
        return c->main(c, argc - 1, argv + 1);
    const cli_command *run = &commands[0];
    if (argc > 1 && is_command_word(argv[1]))
        return unknown_command(run, argv[1]);
    return run->main(run, argc, argv);
}
