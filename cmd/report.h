/* report.h — `sicalc report`: a unit's profile (its figures against its
 * district, region and peers, with charts) as one self-contained HTML
 * page or as Markdown. */
#ifndef SICALC_REPORT_H
#define SICALC_REPORT_H

#include "cli.h"

/* The dispatch table's handler (cli.h): 0, 1 on a data or write error, 2
 * for usage and compile errors. */
int report_main(const cli_command *self, int argc, char **argv);

#endif
