/* testcmd.h — `sicalc test`: runs the `test` blocks of a catalogue. */
#ifndef SICALC_TESTCMD_H
#define SICALC_TESTCMD_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0 when every expectation
 * holds, 1 when one fails, 2 for usage or compile errors. */
int testcmd_main(const cli_command *self, int argc, char **argv);

#endif
