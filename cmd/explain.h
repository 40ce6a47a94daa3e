/* explain.h — `sicalc explain ID FILES.si... DATA.csv...`: one figure of
 * one indicator taken apart (definition, plan, the rows counted in each
 * aggregate, the arithmetic, the status) so that a reviewer can check it
 * by hand. */
#ifndef SICALC_EXPLAIN_H
#define SICALC_EXPLAIN_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0, 1 for a data error,
 * 2 for usage or compile errors. */
int explain_main(const cli_command *self, int argc, char **argv);

#endif
