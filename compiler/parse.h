/* parse.h — the bison parser's entry: one file's text to declarations. */
#ifndef SICALC_PARSE_H
#define SICALC_PARSE_H

#include "ast.h"
#include "diag.h"

/* Appends the file's declarations to *decls (heap-grown vector, *n count,
 * *cap capacity). Returns the number of syntax errors reported. */
int parse_file(rt_arena *a, diag *d, const src_file *f, ast_decl ***decls,
               int *n, size_t *cap);

#endif
