/* run.h — `sicalc [run]`: a catalogue over data files, the result table
 * to stdout or a file. */
#ifndef SICALC_RUN_H
#define SICALC_RUN_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0, 1 for a data or write
 * error, 2 for usage or compile errors. */
int run_main(const cli_command *self, int argc, char **argv);

#endif
