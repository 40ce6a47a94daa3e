/* catsrc.h — one side of a `sicalc diff`: a catalogue loaded from a .si
 * file, from every .si file under a folder, or from a git revision (read
 * with `git ls-tree` and `git cat-file` into memory and loaded from there
 * by name, load_catalogue_from, so `use "x.si"` still finds its file and
 * nothing is written to disk; a path with an empty, "." or ".." component
 * is refused). Ownership: the program lives in the side's arena;
 * catsrc_free releases it. */
#ifndef SICALC_CATSRC_H
#define SICALC_CATSRC_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"

/* Where a side's files come from, parsed from the command line. */
typedef struct catsrc_spec {
    const char *arg; /* as written */
    char *rev;       /* a git revision, or NULL for the working tree */
    char *path;      /* a file or folder (in the revision), or NULL */
} catsrc_spec;

typedef struct catsrc {
    const char *label; /* what the output calls this side */
    rt_arena *arena;
    diag diag;
    ast_program *prog;
} catsrc;

/* Reads arg as a path (when it exists), `REV:path` or a revision.
 * Returns false (after printing why) when it is none of them. */
bool catsrc_parse(catsrc_spec *s, const char *arg);
/* A bare revision compares the same files as the other side names. */
void catsrc_inherit_path(catsrc_spec *s, const catsrc_spec *other);
void catsrc_spec_free(catsrc_spec *s);
/* Two bare revisions compare the repository's catalogue: option
 * (--catalogue PATH, from here) when given, else git config
 * sicalc.catalogue (from the repository's top), else indicators/ at the
 * top when the revision b has .si files there, else every .si file under
 * the current folder (both paths stay NULL). */
void catsrc_catalogue(catsrc_spec *a, catsrc_spec *b, const char *option);

/* Loads the side's catalogue; returns 0, or 2 after printing errors
 * (compile errors through the side's diag). */
int catsrc_load(catsrc *c, const catsrc_spec *s);
/* For git's external diff: the catalogue of `file` as if it stood at
 * `path` in the working tree, beside the working tree's other .si files
 * of that folder (so its `use`s resolve); /dev/null is an empty
 * catalogue. label names the side in messages ("a/PATH"). */
int catsrc_load_as(catsrc *c, const char *label, const char *path,
                   const char *file);
void catsrc_free(catsrc *c);

/* The .si files under folder (recursively, hidden folders skipped),
 * bytewise sorted; heap array of heap strings, *n set. */
char **catsrc_list(const char *folder, int *n);

#endif
