/* deps.h — what an indicator reads: the let, const and fn declarations
 * its clauses name, directly or through one another. One walker for the
 * commands that need it (`doc` lists them, `diff` follows changes). */
#ifndef SICALC_DEPS_H
#define SICALC_DEPS_H

#include <stdbool.h>

#include "ast.h"

/* The index in p->decls of the let, const or fn called name (the first
 * one), or -1. */
int deps_lookup(const ast_program *p, const char *name);

/* Sets used[i] (one entry per p->decls) for every let, const and fn that
 * indicator ind reads, transitively. A fn reads its body and its
 * parameters' defaults; inside the body its parameters hide declarations
 * of the same name, while a default sees only declarations, as the
 * checker expands it (compiler/check_expr.c: check_user_fn). Entries
 * already set are not walked again, so one array can gather several
 * indicators. */
void deps_mark(const ast_program *p, const ast_decl *ind, bool *used);

#endif
