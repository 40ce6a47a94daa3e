/* fmt.h — `sicalc fmt`: the canonical layout of .si files. */
#ifndef SICALC_FMT_H
#define SICALC_FMT_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0, 1 when --check finds a
 * file not in canonical form, 2 for usage or syntax errors. */
int fmt_main(const cli_command *self, int argc, char **argv);

#endif
