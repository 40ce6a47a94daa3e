/* geo.c — the hierarchy and codelist declarations of geo.h: their checks
 * and the table a run reads. */
#include "geo.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"
#include "suggest.h"

/* A growing list of names, for did-you-mean candidates (heap). */
typedef struct names {
    const char **v;
    int n;
} names;

static void names_add(names *s, const char *x)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return;
    s->v = rt_xrealloc(s->v, sizeof *s->v * (size_t)(s->n + 1));
    s->v[s->n++] = x;
}

static bool names_has(const names *s, const char *x)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return true;
    return false;
}

/* "unknown WHAT 'x'; did you mean 'y'?" (or HINT when nothing is close). */
static void unknown(diag *d, loc at, const char *what, const char *x,
                    const names *cands, const char *hint)
{
    const char *best = suggest_best(x, cands->v, cands->n);
    if (best)
        diag_error(d, at, "unknown %s '%s'; did you mean '%s'?", what, x, best);
    else
        diag_error(d, at, "unknown %s '%s'%s", what, x, hint);
}

static void by_names(const ast_expr *e, names *out)
{
    if (e && e->kind == AST_NAME && e->str)
        names_add(out, e->str);
    else if (e && e->kind == AST_BINARY && e->op == OP_MUL) {
        by_names(e->lhs, out);
        by_names(e->rhs, out);
    }
}

/* The columns datasets declare and the dimensions indicators break down
 * by: what a level can be. */
static void dimensions(const ast_program *p, names *out)
{
    for (int i = 0; i < p->ndecls; i++) {
        const ast_decl *d = p->decls[i];
        for (int c = 0; d->kind == DECL_DATASET && c < d->ncolumns; c++)
            names_add(out, d->columns[c].name);
        for (int c = 0; d->kind == DECL_INDICATOR && c < d->nclauses; c++)
            for (int k = 0;
                 d->clauses[c].kind == CL_BY && k < d->clauses[c].nitems; k++)
                by_names(d->clauses[c].items[k], out);
    }
}

static const ast_decl *the_hierarchy(const ast_program *p)
{
    for (int i = 0; i < p->ndecls; i++)
        if (p->decls[i]->kind == DECL_HIERARCHY)
            return p->decls[i];
    return NULL;
}

static void check_hierarchy(diag *d, const ast_program *p, const ast_decl *h,
                            const ast_decl *first)
{
    if (h != first) {
        diag_error(d, h->name_at,
                   "a catalogue has one hierarchy; '%s' is the second",
                   h->name);
        diag_note(d, first->name_at, "the first is declared here");
        return;
    }
    names dims = {0};
    dimensions(p, &dims);
    for (int i = 0; i < h->nlevels; i++) {
        const ast_level *l = &h->levels[i];
        for (int j = 0; j < i; j++)
            if (strcmp(h->levels[j].name, l->name) == 0)
                diag_error(d, l->at, "level '%s' is named twice", l->name);
        if (!names_has(&dims, l->name))
            unknown(d, l->at, "dimension", l->name, &dims,
                    "; a level is a column a dataset declares");
    }
    free(dims.v);
}

static int level_of(const ast_decl *h, const char *name)
{
    for (int i = 0; h && i < h->nlevels; i++)
        if (strcmp(h->levels[i].name, name) == 0)
            return i;
    return -1;
}

/* The entry of code at level among codes [0, n), or -1. */
static int find_code(const ast_decl *cl, int n, const ast_decl *h, int level,
                     const char *code)
{
    for (int i = 0; i < n; i++)
        if (level_of(h, cl->codes[i].level) == level &&
            strcmp(cl->codes[i].code, code) == 0)
            return i;
    return -1;
}

static void check_parent(diag *d, const ast_decl *h, const ast_decl *cl, int i,
                         int level)
{
    const ast_code *c = &cl->codes[i];
    if (level == 0) {
        if (c->parent)
            diag_error(d, c->parent_at,
                       "'%s' is a %s, the top level: it has no parent", c->code,
                       c->level);
        return;
    }
    const char *up = h->levels[level - 1].name;
    if (!c->parent) {
        diag_error(d, c->code_at, "%s '%s' needs its %s: in \"...\"", c->level,
                   c->code, up);
        return;
    }
    if (find_code(cl, cl->ncodes, h, level - 1, c->parent) >= 0)
        return;
    names cands = {0};
    for (int k = 0; k < cl->ncodes; k++)
        if (level_of(h, cl->codes[k].level) == level - 1)
            names_add(&cands, cl->codes[k].code);
    unknown(d, c->parent_at, up, c->parent, &cands, "");
    free(cands.v);
}

static void check_codelist(diag *d, const ast_decl *h, const ast_decl *cl)
{
    if (!h || strcmp(h->name, cl->name) != 0) {
        names hs = {0};
        if (h)
            names_add(&hs, h->name);
        unknown(d, cl->name_at, "hierarchy", cl->name, &hs,
                "; declare it with `hierarchy NAME { a > b }`");
        free(hs.v);
        return;
    }
    names lv = {0};
    for (int i = 0; i < h->nlevels; i++)
        names_add(&lv, h->levels[i].name);
    for (int i = 0; i < cl->ncodes; i++) {
        const ast_code *c = &cl->codes[i];
        int level = level_of(h, c->level);
        if (level < 0) {
            unknown(d, c->level_at, "level", c->level, &lv, "");
            continue;
        }
        int first = find_code(cl, i, h, level, c->code);
        if (first >= 0) {
            diag_error(d, c->code_at, "%s '%s' is listed twice", c->level,
                       c->code);
            diag_note(d, cl->codes[first].code_at, "first listed here");
        }
        check_parent(d, h, cl, i, level);
    }
    free(lv.v);
}

void geo_check(diag *d, const ast_program *p)
{
    const ast_decl *h = the_hierarchy(p);
    for (int i = 0; i < p->ndecls; i++) {
        const ast_decl *x = p->decls[i];
        if (x->kind == DECL_HIERARCHY)
            check_hierarchy(d, p, x, h);
        else if (x->kind == DECL_CODELIST)
            check_codelist(d, h, x);
    }
}

int geo_find(const geo_model *g, int level, const char *code)
{
    for (int i = 0; g && i < g->nunits; i++)
        if (g->units[i].level == level && strcmp(g->units[i].code, code) == 0)
            return i;
    return -1;
}

int geo_level(const geo_model *g, const char *dim)
{
    for (int i = 0; g && i < g->nlevels; i++)
        if (strcmp(g->levels[i], dim) == 0)
            return i;
    return -1;
}

bool geo_within(const geo_model *g, int u, int anc)
{
    for (; u >= 0; u = g->units[u].parent)
        if (u == anc)
            return true;
    return false;
}

geo_model *geo_build(rt_arena *a, const ast_program *p)
{
    const ast_decl *h = the_hierarchy(p);
    if (!h)
        return NULL;
    geo_model *g = rt_arena_alloc(a, sizeof *g);
    g->name = h->name;
    g->nlevels = h->nlevels;
    g->levels = rt_arena_alloc(a, sizeof(char *) * (size_t)(h->nlevels + 1));
    for (int i = 0; i < h->nlevels; i++)
        g->levels[i] = h->levels[i].name;
    int n = 0;
    for (int i = 0; i < p->ndecls; i++)
        if (p->decls[i]->kind == DECL_CODELIST)
            n += p->decls[i]->ncodes;
    g->units = rt_arena_alloc(a, sizeof(geo_unit) * (size_t)(n + 1));
    /* Level by level, so a parent is always in the table before its
     * members, whatever the order of the entries. */
    for (int level = 0; level < h->nlevels; level++)
        for (int i = 0; i < p->ndecls; i++) {
            const ast_decl *cl = p->decls[i];
            if (cl->kind != DECL_CODELIST || strcmp(cl->name, h->name) != 0)
                continue;
            for (int k = 0; k < cl->ncodes; k++) {
                const ast_code *c = &cl->codes[k];
                if (level_of(h, c->level) != level ||
                    geo_find(g, level, c->code) >= 0)
                    continue;
                g->units[g->nunits++] =
                    (geo_unit){.code = c->code,
                               .title = c->title,
                               .title_sr = c->title_sr,
                               .level = level,
                               .parent = level && c->parent
                                             ? geo_find(g, level - 1, c->parent)
                                             : -1};
            }
        }
    return g;
}
