/* doc.h — `sicalc doc`: the indicator catalogue as a document (Markdown or
 * self-contained HTML, English or Serbian), generated from the source. */
#ifndef SICALC_DOC_H
#define SICALC_DOC_H

/* argv[0] is "doc"; returns the exit status (0, or 2 for usage and
 * compile errors). */
int doc_main(int argc, char **argv);

#endif
