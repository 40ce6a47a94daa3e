/* symtab.h — the catalogue's names: lets, consts and fns (one namespace,
 * in declaration order) and the data columns the program reads, each once
 * per data file. Owned by the checker; freed with symtab_free. */
#ifndef SICALC_SYMTAB_H
#define SICALC_SYMTAB_H

#include "ast.h"
#include "diag.h"

struct lowered;
struct rt_groups;

typedef enum { SYM_LET, SYM_CONST, SYM_FN } sym_kind;

typedef struct sym {
    const char *name;
    sym_kind kind;
    const ast_decl *decl;
    /* A let reads the columns of whichever data file uses it, so it is
     * checked once per dataset; a const once (index 0). The checker
     * fills these. */
    int *state;          /* 0 not yet checked, 1 being checked, 2 done */
    struct lowered *val; /* LET and CONST, once done */
} sym;

typedef struct colinfo {
    const char *name;
    int ds;
    const ast_column *decl; /* the dataset's contract, or NULL */
    loc first;
    int uses;
    int index; /* in the program, or -1 until read */
    bool as_num, as_str;
    bool nonneg;        /* read as a weight: no negative values */
    bool weight_signed; /* the weight of `weight C allow negative` */
} colinfo;

typedef struct symtab {
    struct rt_groups *names; /* name -> index in syms */
    sym *syms;
    size_t nsyms, capsyms;
    colinfo *cols; /* index = the program's column */
    size_t ncols, capcols;
} symtab;

/* Enters every let, const and fn of prog; a name defined twice is
 * reported (with where it was first defined) and the first one kept. */
void symtab_collect(symtab *t, diag *d, const ast_program *prog);
/* The let, const or fn of that name, or NULL. */
sym *symtab_find(const symtab *t, const char *name);
/* The column name of data file ds, registered on first use (with the
 * contract dsdecl declares for it, if any); every call counts a use, so
 * a near-miss warning can tell the rarer spelling. */
colinfo *symtab_column(symtab *t, const char *name, int ds,
                       const ast_decl *dsdecl, loc at);
/* Frees the tables (names point into the syntax tree, which is not). */
void symtab_free(symtab *t);

#endif
