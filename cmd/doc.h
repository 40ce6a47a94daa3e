/* doc.h — `sicalc doc`: the indicator catalogue as a document (Markdown or
 * self-contained HTML, English or Serbian), generated from the source. */
#ifndef SICALC_DOC_H
#define SICALC_DOC_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0, 1 when the document
 * cannot be written, 2 for usage and compile errors. */
int doc_main(const cli_command *self, int argc, char **argv);

#endif
