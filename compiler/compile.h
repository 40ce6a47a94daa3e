/* compile.h — the compiler's one entry: source files, parsed (load.h)
 * into a syntax tree, checked and lowered (check.h), planned (plan.h)
 * into the program the runtime runs (runtime/program.h). */
#ifndef SICALC_COMPILE_H
#define SICALC_COMPILE_H

#include "check.h"

/* The program of a parsed catalogue (in its own arena), or NULL when
 * d->errors grew; free it with compile_free. */
rt_program *compile_catalogue(rt_arena *a, diag *d, const ast_program *prog,
                              const check_opts *o);
/* Reads, parses and compiles the files (and what they `use`); *prog, when
 * not NULL, receives the syntax tree (in a), also after errors. */
rt_program *compile_files(rt_arena *a, diag *d, const char *const *paths,
                          int npaths, const check_opts *o,
                          const ast_program **prog);
/* Frees a program compile_catalogue or compile_files returned (NULL is
 * fine): the program lives in one arena of its own. */
void compile_free(rt_program *p);

#endif
