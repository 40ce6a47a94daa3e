/* diff.h — `sicalc diff`: what changed between two catalogues (files,
 * folders or git revisions), clause by clause, and with data what it does
 * to the values; `sicalc diff-driver`: the same for git's external diff
 * (docs/REVIEW.md). */
#ifndef SICALC_DIFF_H
#define SICALC_DIFF_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0 when nothing changed,
 * 1 when something did, 2 on usage, compile or data errors. */
int diff_main(const cli_command *self, int argc, char **argv);

/* argv[1..7] are git's seven arguments (path old-file old-hex old-mode
 * new-file new-hex new-mode). Returns 0 whatever changed (git stops on
 * any other status), 2 on usage errors. */
int diff_driver_main(const cli_command *self, int argc, char **argv);

#endif
