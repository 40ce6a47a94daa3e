/* symtab.c — the symbol table: lets, consts and fns by name, and the
 * columns the program reads, per data file. */
#include "symtab.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime/group.h"

sym *symtab_find(const symtab *t, const char *name)
{
    if (!t->names)
        return NULL;
    int i = rt_groups_find(t->names, name, strlen(name));
    return i >= 0 ? &t->syms[i] : NULL;
}

void symtab_collect(symtab *t, diag *d, const ast_program *prog)
{
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *dc = prog->decls[i];
        if (dc->kind != DECL_LET && dc->kind != DECL_CONST &&
            dc->kind != DECL_FN)
            continue;
        sym *old = symtab_find(t, dc->name);
        if (old) {
            diag_error(d, dc->name_at, "'%s' is already defined (as a %s)",
                       dc->name, ast_decl_keyword(old->decl->kind));
            diag_note(d, old->decl->name_at, "'%s' was first defined here",
                      dc->name);
            continue;
        }
        rt_grow((void **)&t->syms, &t->capsyms, t->nsyms + 1, sizeof(sym));
        if (!t->names)
            t->names = rt_groups_new();
        rt_groups_intern(t->names, dc->name, strlen(dc->name));
        sym_kind k = dc->kind == DECL_LET     ? SYM_LET
                     : dc->kind == DECL_CONST ? SYM_CONST
                                              : SYM_FN;
        t->syms[t->nsyms++] = (sym){.name = dc->name, .kind = k, .decl = dc};
    }
}

colinfo *symtab_column(symtab *t, const char *name, int ds,
                       const ast_decl *dsdecl, loc at)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].ds == ds && strcmp(t->cols[i].name, name) == 0) {
            t->cols[i].uses++;
            return &t->cols[i];
        }
    }
    rt_grow((void **)&t->cols, &t->capcols, t->ncols + 1, sizeof *t->cols);
    colinfo *ci = &t->cols[t->ncols++];
    *ci =
        (colinfo){.name = name, .ds = ds, .first = at, .uses = 1, .index = -1};
    for (int i = 0; dsdecl && i < dsdecl->ncolumns; i++)
        if (strcmp(dsdecl->columns[i].name, name) == 0)
            ci->decl = &dsdecl->columns[i];
    return ci;
}

void symtab_free(symtab *t)
{
    free(t->syms);
    rt_groups_free(t->names);
    free(t->cols);
}
