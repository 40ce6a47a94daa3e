/* lower.h — the checker's output and the planner's input: IR nodes in
 * the program's arena, and the tables the IR refers to by slot
 * (aggregates, overall values, per-key aggregates, breakdowns, dimension
 * columns), each entered once. The checker builds them while it lowers;
 * the planner (plan.h) turns them into the program's passes. */
#ifndef SICALC_LOWER_H
#define SICALC_LOWER_H

#include "../runtime/program.h"
#include "ast.h"
#include "diag.h"

struct rt_groups;

/* A breakdown: its dimensions in output-column order, the AST of each
 * (NULL for a grouping the planner adds), and the runtime grouping, whose
 * dims the checker lowers per data file as aggregates of that file are
 * attached. */
typedef struct lower_gdef {
    const ast_expr **items;
    rt_grouping g;
} lower_gdef;

typedef struct lower_tables {
    rt_program *p;            /* being built, in its own arena */
    int nds;                  /* data files: each grouping has dims for each */
    struct rt_groups *strtab; /* interned strings -> index in strs */
    const char **strs;
    size_t capstrs;
    rt_agg *aggs; /* groupings: malloc'd until the planner copies them */
    struct rt_groups *aggkeys;
    size_t naggs, capaggs;
    rt_overall *ovs;
    struct rt_groups *ovkeys;
    size_t novs, capovs;
    const char **dims; /* the output's dimension columns, period first */
    size_t ndims, capdims;
    lower_gdef *groupings; /* 0: the total */
    size_t ngroupings, capgroupings;
    rt_peragg *pers;
    char **perkeys; /* the key expression of each, serialised */
    size_t npers, cappers, capperkeys;
} lower_tables;

/* Starts the tables and a program in a new arena, for nds data files. */
void lower_init(lower_tables *t, int nds);
/* Frees the tables (not the program). */
void lower_free(lower_tables *t);

/* A new IR node with room for nkids children, in the program's arena
 * (IR outlives the syntax tree and the tables). */
rt_expr *lower_node(lower_tables *t, rt_opcode op, int nkids);
/* A constant node; a string constant is interned (lower_intern). */
rt_expr *lower_const(lower_tables *t, rt_value v);
/* The program's one copy of s: string constants and allowed values are
 * interned, so the runtime tells two of them apart by address. */
const char *lower_intern(lower_tables *t, const char *s);

/* The slot of the aggregate (deduplicated by its structure: equal slots
 * mean equal computations, shared by every indicator). */
int lower_agg(lower_tables *t, const rt_agg *a);
/* The slot of the overall expression (deduplicated). */
int lower_overall(lower_tables *t, rt_expr *e);
/* The period's output column (the first), once. */
void lower_period(lower_tables *t, const char *period);
/* The grouping of these dimensions (0 for none), whatever order they
 * come in; -1 after reporting, at the item, that indicator ind would take
 * the run past RT_MAX_DIMS dimension columns. */
int lower_grouping(lower_tables *t, diag *d, const char *ind,
                   const ast_expr *const *items, int n);
/* Whether grouping's dimensions still need lowering for the data file of
 * aggregate agg (lower_set_dim, before lower_attach). */
bool lower_needs_dims(const lower_tables *t, int agg, int grouping);
/* Sets dimension d of grouping for the records of data file ds. */
void lower_set_dim(lower_tables *t, int grouping, int ds, int d, rt_expr *e);
/* Accumulates aggregate agg per group of grouping too. */
void lower_attach(lower_tables *t, int agg, int grouping);
/* The slot of a per-key aggregate: agg grouped by key (an expression over
 * the rows of data file ds) within the period. */
int lower_per(lower_tables *t, int agg, rt_expr *key, int ds);

#endif
