/* load.h — reads the catalogue: every file named on the command line and,
 * transitively, what each `use`s (stdlib modules embedded in the binary,
 * or files relative to the using file). Each file is read once; a cycle of
 * `use` is reported as an error. Parse errors go to diag, and so do the
 * domain checks (domains.h), which need the whole catalogue. */
#ifndef SICALC_LOAD_H
#define SICALC_LOAD_H

#include "ast.h"
#include "diag.h"

/* Never NULL; on errors the program holds what did parse and
 * d->errors > 0. */
ast_program *load_catalogue(rt_arena *a, diag *d, const char *const *paths,
                            int npaths);

#endif
