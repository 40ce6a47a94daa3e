/* index.h — composite indices: `index sdi { across municipality ... }`
 * checked against the catalogue and lowered into rt_program.indexes.
 * Ownership: everything it adds lives in the program's arena. */
#ifndef SICALC_INDEX_H
#define SICALC_INDEX_H

#include "../runtime/program.h"
#include "ast.h"
#include "diag.h"

/* Checks every index of prog (members are indicators that declare
 * `better` and are broken down by the index's `across`; the method's
 * words; weights) and adds it to p. Errors go to d; returns false when
 * there was one. Runs after planning: the dimensions are known. */
bool index_compile(diag *d, const ast_program *prog, rt_program *p);

#endif
