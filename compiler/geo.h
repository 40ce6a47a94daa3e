/* geo.h — the catalogue's geography: a `hierarchy` (how geographic
 * dimensions nest, top first) and its `codelist` (the members of each
 * level, their parents and names). Checked when the catalogue is loaded;
 * built into a table the run's --focus, ranks and `partial` flags read
 * (cmd/focus.h). */
#ifndef SICALC_GEO_H
#define SICALC_GEO_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"

typedef struct geo_unit {
    const char *code;     /* the value in the data */
    const char *title;    /* English name, NULL: the code */
    const char *title_sr; /* Serbian Latin name, NULL: the code */
    int level;            /* index into geo_model.levels, 0 the top */
    int parent;           /* index into geo_model.units, -1 at the top */
} geo_unit;

typedef struct geo_model {
    const char *name;
    const char **levels; /* dimension names, top first */
    int nlevels;
    geo_unit *units; /* in codelist order */
    int nunits;
} geo_model;

/* The hierarchy and codelist checks: one hierarchy; its levels distinct
 * and each a column a dataset declares or a `by` dimension; a codelist
 * names the hierarchy, its entries a level of it, a code not given twice
 * at a level, and (below the top) `in` a code of the level above. Errors
 * name the closest known name. */
void geo_check(diag *d, const ast_program *p);

/* The geography of a checked catalogue in arena a; NULL when it declares
 * no hierarchy. */
geo_model *geo_build(rt_arena *a, const ast_program *p);

/* The unit of code at level, or -1. */
int geo_find(const geo_model *g, int level, const char *code);
/* The level whose dimension is dim, or -1. */
int geo_level(const geo_model *g, const char *dim);
/* Whether unit u lies under (or is) unit anc. */
bool geo_within(const geo_model *g, int u, int anc);

#endif
