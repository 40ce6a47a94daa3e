/* explain_args.h — the command line of `sicalc explain`: the indicator,
 * the catalogue and data files, the group and period to explain, how many
 * rows to list. */
#ifndef SICALC_EXPLAIN_ARGS_H
#define SICALC_EXPLAIN_ARGS_H

#include <stdbool.h>

#include "cli.h"

/* What explain was asked; the arrays are heap, the strings argv's. */
typedef struct explain_opts {
    const char *id;
    const char **sources;
    int nsources;
    const char **data;
    int ndata;
    const char **gnames, **gvalues; /* --group dim=value */
    int ngroup;
    const char *period; /* --period VALUE */
    int nrows;          /* rows listed per aggregate */
    char delimiter, decimal;
    bool lenient;
} explain_opts;

/* Parses argv (cli.h's shared data options, --group DIM=VALUE, --rows N;
 * ID, then .si and data files) into o and co. Returns 0, CLI_HELP, or
 * EXIT_USAGE after printing the error and self's usage. Free both with
 * explain_free_args in every case. */
int explain_parse_args(const cli_command *self, int argc, char **argv,
                       explain_opts *o, cli_opts *co);
void explain_free_args(explain_opts *o, cli_opts *co);

#endif
