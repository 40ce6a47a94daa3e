/* diff_int.h — the parts of `sicalc diff` shared by its files: the
 * canonical form of a catalogue (diff_catalogue.c), the value comparison
 * (diff_values.c), the report (diff_render.c) and the driver (diff.c).
 * Internal to cmd/diff*.c. */
#ifndef SICALC_DIFF_INT_H
#define SICALC_DIFF_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "../runtime/output.h"
#include "catsrc.h"
#include "runner.h"

#define COUNT(a) (sizeof a / sizeof *a)

typedef enum {
    ENT_INDICATOR,
    ENT_LET,
    ENT_CONST,
    ENT_FN,
    ENT_DATASET,
    ENT_POLICY,
    ENT_USE,
    ENT_DOMAIN,
    ENT_INDEX
} ent_kind;

/* One clause (or dataset item) as text; key is what the output calls
 * it: "numerator", "title@sr", "column age", "=". */
typedef struct item {
    const char *key;
    const char *text;
    bool meta; /* metadata: may differ in a rename */
} item;

typedef struct entity {
    ent_kind kind;
    const char *name;
    const ast_decl *decl;
    item *items;
    int nitems;
    const char **deps; /* indicators: let/const/fn read, transitively */
    int ndeps;
    bool matched;
} entity;

typedef struct side {
    catsrc src;
    entity *ents;
    int nents;
    /* with data */
    rt_program *prog;
    rt_exec *exec;
    rt_arena *res_arena;
    rt_result res;
    struct vrow *rows; /* res.rows keyed, sorted by (indicator, key) */
} side;

typedef enum { CH_ADDED, CH_REMOVED, CH_RENAMED, CH_CHANGED } ch_kind;

typedef struct change {
    ch_kind kind;
    const entity *old, *new;
    const char **through; /* changed definitions it reads */
    int nthrough;
} change;

typedef struct cmp {
    side *old, *new;
    change *ch;
    int nch;
    size_t cap;
    const char **changed_defs; /* let/const/fn names changed, added or
                                  removed */
    int ndefs;
    size_t capdefs;
} cmp;

typedef struct vrow {
    const char *ind;
    char *key;   /* "dim=value\x1f..." of the dims broken down, sorted */
    char *label; /* "Pirot × F 2022", "total 2022" */
    const rt_outrow *row;
    size_t order;
} vrow;

/* One group whose value or status differs. */
typedef struct vchange {
    const vrow *o, *n; /* either may be NULL: the group (dis)appeared */
    double delta;
} vchange;

typedef struct vdiff {
    const char *id, *old_id;
    size_t ngroups;
    vchange *values; /* both present, value differs (numbers or not) */
    size_t nvalues;
    vchange *status;
    size_t nstatus;
    size_t parts;   /* same value, other numerator or denominator */
    vchange *ranks; /* an index's or area's rows: the rank changed */
    size_t nranks;
    size_t appeared, gone;
    const vrow *first_appeared, *first_gone;
} vdiff;

typedef struct rep {
    FILE *f;
    bool md;
    int top;
    const char *old_label, *new_label;
    const char *const *data;
    int ndata;
} rep;

/* The words of ent_kind, as the report names them. */
extern const char *const diff_ent_words[];

/* ---- diff_catalogue.c ---- */

/* Fills s->ents from s->src.prog: every declaration but tests and the
 * stdlib modules' own, each clause as canonical text, each indicator with
 * the lets, consts and fns it reads. */
void diff_build_side(side *s);
void diff_free_side(side *s);
/* Pairs the two sides (by name, then renames) into c->ch, and marks the
 * indicators a changed definition reaches. */
void diff_compare(cmp *c);
/* The entity of kind k called name on side s, or NULL. */
entity *diff_find_ent(side *s, ent_kind k, const char *name);
/* let, const and fn: the kinds that indicators read. */
bool diff_is_def(ent_kind k);
/* The text of e's item key, or NULL (the report shows "(none)"). */
const char *diff_item_text(const entity *e, const char *key);
/* Two texts alike, either possibly NULL. */
bool diff_same_text(const char *a, const char *b);

/* ---- diff_values.c ---- */

/* Keys s's result rows by indicator and group (s->rows); free with
 * diff_free_rows. */
void diff_index_rows(side *s);
void diff_free_rows(side *s);
/* Compares every indicator present on both sides (through renames);
 * prints the value changes when print. Returns how many indicators'
 * values changed, for the summary line printed before them. */
int diff_values_all(const rep *o, const cmp *c, bool print);

/* ---- diff_render.c ---- */

/* The heading line: "sicalc diff: OLD → NEW". */
void diff_header(const rep *o);
/* "indicators: 1 added, 2 changed; ...; values: 3 indicators changed". */
void diff_summary(const rep *o, const cmp *c, int nvalue_inds);
/* Every change, indicators first, then the other declarations. */
void diff_print_changes(const rep *o, const cmp *c);
/* "values over DATA" before the first indicator's value changes. */
void diff_values_heading(const rep *o);
/* One indicator's value changes: counts, the --top largest, statuses. */
void diff_print_vdiff(const rep *o, const vdiff *v);

#endif
