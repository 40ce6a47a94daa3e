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

/* Where a catalogue is read from when not from the file system (diff
 * reads a git revision into memory): read returns the bytes of path, a
 * catalogue-relative name ("a/b.si": no empty, "." or ".." component),
 * heap-allocated with *len set, or NULL with errno set. */
typedef struct load_files {
    char *(*read)(void *ctx, const char *path, size_t *len);
    void *ctx;
} load_files;

/* load_catalogue over files: paths are catalogue-relative names, and a
 * `use` is resolved by name against its user's folder (never through the
 * file system), staying inside the command-line file's folder. */
ast_program *load_catalogue_from(rt_arena *a, diag *d, const char *const *paths,
                                 int npaths, const load_files *files);

#endif
