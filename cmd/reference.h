/* reference.h — published reference values (--reference FILE): a CSV
 * with the columns indicator, period, level, area, value and source,
 * read into result rows flagged `reference` (focus.h shows them beside
 * the computed rows). */
#ifndef SICALC_REFERENCE_H
#define SICALC_REFERENCE_H

#include "../compiler/ast.h"
#include "../compiler/geo.h"
#include "../runtime/output.h"

/* The rows of path, shaped like res's (its dimensions; the unit, titles
 * and decimals of the indicator's computed rows), in arena a. level is
 * `country` (area: any name, the rows' dimensions all totals) or a level
 * of g (area: one of its codes). A row of an indicator the catalogue
 * declares but the run did not compute is skipped. Returns 0, or
 * EXIT_DATA after printing the error (file, line, column, value; an
 * unknown indicator, level or area with the closest name). */
int reference_read(const char *path, const geo_model *g,
                   const ast_program *prog, bool has_period, rt_arena *a,
                   const rt_result *res, rt_outrow **rows, size_t *n);

#endif
