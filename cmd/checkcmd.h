/* checkcmd.h — `sicalc check`: compile a catalogue (against data files'
 * headers when given) without running it. */
#ifndef SICALC_CHECKCMD_H
#define SICALC_CHECKCMD_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0, 1 when a data file
 * cannot be read, 2 for usage or compile errors. */
int checkcmd_main(const cli_command *self, int argc, char **argv);

#endif
