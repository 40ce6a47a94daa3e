/* deps.c — the dependency walker of deps.h: from an indicator's clauses
 * to every let, const and fn it reads. */
#include "deps.h"

#include <string.h>

int deps_lookup(const ast_program *p, const char *name)
{
    for (int i = 0; i < p->ndecls; i++) {
        const ast_decl *x = p->decls[i];
        if ((x->kind == DECL_LET || x->kind == DECL_CONST ||
             x->kind == DECL_FN) &&
            strcmp(x->name, name) == 0)
            return i;
    }
    return -1;
}

typedef struct walk {
    const ast_program *p;
    bool *used;
} walk;

static void walk_expr(walk *w, const ast_expr *e, const ast_decl *scope);

static void walk_decl(walk *w, int i)
{
    if (w->used[i])
        return;
    w->used[i] = true;
    const ast_decl *x = w->p->decls[i];
    for (int k = 0; k < x->nparams; k++)
        walk_expr(w, x->params[k].def, NULL);
    walk_expr(w, x->expr, x->kind == DECL_FN ? x : NULL);
}

static void walk_name(walk *w, const char *name, const ast_decl *scope)
{
    for (int i = 0; scope && i < scope->nparams; i++)
        if (strcmp(scope->params[i].name, name) == 0)
            return;
    int i = deps_lookup(w->p, name);
    if (i >= 0)
        walk_decl(w, i);
}

/* scope: the fn whose body e is, or NULL. */
static void walk_expr(walk *w, const ast_expr *e, const ast_decl *scope)
{
    if (!e)
        return;
    if ((e->kind == AST_NAME && !e->qual) || e->kind == AST_CALL)
        walk_name(w, e->str, scope);
    const ast_expr *kids[256];
    int n = ast_children(e, kids, 256);
    for (int i = 0; i < n; i++)
        walk_expr(w, kids[i], scope);
}

void deps_mark(const ast_program *p, const ast_decl *ind, bool *used)
{
    walk w = {p, used};
    for (int j = 0; j < ind->nclauses; j++) {
        const ast_clause *c = &ind->clauses[j];
        walk_expr(&w, c->expr, NULL);
        walk_expr(&w, c->year, NULL);
        for (int k = 0; k < c->nitems; k++)
            walk_expr(&w, c->items[k], NULL);
        for (int k = 0; k < c->nbands; k++)
            walk_expr(&w, c->bands[k].bound, NULL);
    }
}
