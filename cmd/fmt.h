/* fmt.h — `sicalc fmt`: the canonical layout of .si files. */
#ifndef SICALC_FMT_H
#define SICALC_FMT_H

/* argv[0] is "fmt"; returns the exit status: 0, 1 when --check finds a
 * file not in canonical form, 2 for usage or syntax errors. */
int fmt_main(int argc, char **argv);

#endif
