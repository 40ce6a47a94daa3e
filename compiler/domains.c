/* domains.c — the domain declarations of domains.h: their checks and the
 * titles the document (`sicalc doc`) takes from them. */
#include "domains.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"
#include "suggest.h"

static const ast_decl *find_domain(const ast_program *p, const char *name)
{
    for (int i = 0; i < p->ndecls; i++)
        if (p->decls[i]->kind == DECL_DOMAIN &&
            strcmp(p->decls[i]->name, name) == 0)
            return p->decls[i];
    return NULL;
}

static bool same_lang(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_decl(diag *d, const ast_program *p, const ast_decl *dom)
{
    const ast_decl *first = find_domain(p, dom->name);
    if (first != dom) {
        diag_error(d, dom->name_at, "domain '%s' is declared twice", dom->name);
        diag_note(d, first->name_at, "first declared here");
    }
    for (int i = 0; i < dom->nclauses; i++) {
        const ast_clause *c = &dom->clauses[i];
        if (c->kind != CL_TITLE) {
            diag_error(d, c->at,
                       "a domain has only 'title' and 'title@LANG', not "
                       "'%s'",
                       ast_clause_keyword(c->kind));
            continue;
        }
        for (int j = 0; j < i; j++)
            if (dom->clauses[j].kind == CL_TITLE &&
                same_lang(dom->clauses[j].lang, c->lang)) {
                diag_error(d, c->at,
                           "'title%s%s' is given twice in domain "
                           "'%s'",
                           c->lang ? "@" : "", c->lang ? c->lang : "",
                           dom->name);
                break;
            }
    }
}

static void check_use(diag *d, const ast_program *p, const ast_clause *c,
                      const char **names, int n)
{
    if (!c->text || find_domain(p, c->text))
        return;
    const char *best = suggest_best(c->text, names, n);
    if (best)
        diag_error(d, c->text_at, "unknown domain '%s'; did you mean '%s'?",
                   c->text, best);
    else
        diag_error(d, c->text_at,
                   "unknown domain '%s'; declare it with `domain %s { "
                   "title \"...\" }`",
                   c->text, c->text);
}

void domains_check(diag *d, const ast_program *p)
{
    const char **names = rt_xcalloc((size_t)p->ndecls + 1, sizeof *names);
    int n = 0;
    for (int i = 0; i < p->ndecls; i++)
        if (p->decls[i]->kind == DECL_DOMAIN) {
            check_decl(d, p, p->decls[i]);
            names[n++] = p->decls[i]->name;
        }
    for (int i = 0; n && i < p->ndecls; i++) {
        const ast_decl *ind = p->decls[i];
        if (ind->kind != DECL_INDICATOR)
            continue;
        for (int j = 0; j < ind->nclauses; j++)
            if (ind->clauses[j].kind == CL_DOMAIN)
                check_use(d, p, &ind->clauses[j], names, n);
    }
    free(names);
}

const char *domains_title(const ast_program *p, const char *name,
                          const char *lang)
{
    const ast_decl *dom = find_domain(p, name);
    for (int i = 0; dom && i < dom->nclauses; i++)
        if (dom->clauses[i].kind == CL_TITLE &&
            same_lang(dom->clauses[i].lang, lang))
            return dom->clauses[i].text;
    return NULL;
}
