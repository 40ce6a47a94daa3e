/* siblings.h — where a missing name is declared: after a compile error,
 * the names the catalogue uses but does not declare are looked up in the
 * other .si files of its files' folders, and a note says which file
 * declares each ("`pop_working` is declared in indicators/datasets.si;
 * add it to the command or `use` it"). */
#ifndef SICALC_SIBLINGS_H
#define SICALC_SIBLINGS_H

#include <stdio.h>

#include "ast.h"
#include "runner.h"

/* Prints, for each sibling .si file (the other files of the sources'
 * folders, bytewise order), one note naming the lets, consts, fns and
 * datasets it declares that prog (loaded from sources) uses without
 * declaring and that is no column of the data in (or NULL); nothing
 * when in's files could not be bound to datasets. At most a few notes.
 * Returns how many it printed. */
int siblings_hint(const ast_program *prog, const char *const *sources,
                  int nsources, const runner_data *in, FILE *out);

#endif
