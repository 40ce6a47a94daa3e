/* checker.h — state shared by the checker's files (check.c for
 * declarations, check_expr.c for expressions, plan.c for passes and
 * groupings). Internal to compiler/. */
#ifndef SICALC_CHECKER_H
#define SICALC_CHECKER_H

#include "check.h"

typedef enum { TY_NUM, TY_TEXT, TY_BOOL, TY_ANY, TY_ERR } ty;

/* Where an expression stands, which decides what names and aggregates
 * mean there. */
typedef enum {
    CTX_ROW,   /* let, where, aggregate argument, by: one value per row */
    CTX_GROUP, /* numerator/denominator/value: one value per group */
    CTX_CONST, /* const, thresholds, target: one value per period or none */
    CTX_RESULT /* suppress when: numerator, denominator, value, n */
} ctx;

/* An expression after checking: its IR, its type, and what it reads. */
typedef struct lowered {
    rt_expr *e;
    ty t;
    bool reads_row; /* a column outside any aggregate */
    bool has_agg;   /* an aggregate at this level */
} lowered;

typedef enum { SYM_LET, SYM_CONST, SYM_FN } sym_kind;

typedef struct sym {
    const char *name;
    sym_kind kind;
    const ast_decl *decl;
    int state;   /* 0 not yet checked, 1 being checked, 2 done */
    lowered val; /* LET and CONST, once done */
} sym;

typedef struct colinfo {
    const char *name;
    const ast_column *decl; /* the dataset's contract, or NULL */
    loc first;
    int uses;
    int index; /* in the program, or -1 until read */
    bool as_num, as_str;
} colinfo;

typedef struct binding {
    const char *name;
    lowered val;
} binding;

typedef struct checker {
    rt_arena *a; /* the compile arena */
    diag *d;
    const check_opts *o;
    rt_program *p; /* being built, in its own arena */
    sym *syms;
    size_t nsyms, capsyms;
    colinfo *cols;
    size_t ncols, capcols;
    rt_agg *aggs;
    struct rt_groups *aggkeys;
    size_t naggs, capaggs;
    rt_overall *ovs;
    struct rt_groups *ovkeys;
    size_t novs, capovs;
    const char **dims;
    size_t ndims, capdims;
    rt_grouping *groupings;
    size_t ngroupings, capgroupings;
    const ast_decl *dataset; /* the one bound to the data */
    rt_expr *weight;         /* the dataset's weight column, or NULL */
    const char *period;
    /* Expression context. */
    ctx cx;
    bool in_overall; /* aggregates go to the total grouping */
    bool in_agg;     /* inside an aggregate's argument */
    const int *cur_groupings;
    int ncur_groupings; /* the indicator's */
    binding *env;
    int nenv, capenv; /* fn parameters */
    int depth;        /* fn expansion depth */
    const char *chain[64];
    int nchain; /* let/const/fn being checked */
} checker;

lowered check_expr(checker *c, const ast_expr *e, ctx cx);
/* As check_expr, then requires type want (TY_ANY: any value type),
 * reporting what was found. */
lowered check_expr_as(checker *c, const ast_expr *e, ctx cx, ty want,
                      const char *what);
sym *check_find_sym(checker *c, const char *name);
/* The column of that name, registered on first use. */
colinfo *check_column(checker *c, const char *name, loc at);
/* Folds an expression without row or group inputs to a value. */
bool check_fold(checker *c, const ast_expr *e, rt_value *out);
const char *check_ty_name(ty t);

rt_expr *check_ir_new(checker *c, rt_opcode op, int nkids);
rt_expr *check_ir_const(checker *c, rt_value v);
/* Index of the aggregate (deduplicated by its structure). */
int plan_agg(checker *c, const rt_agg *a);
/* Index of the overall expression (deduplicated). */
int plan_overall(checker *c, rt_expr *e);
void plan_attach(checker *c, int agg, int grouping);
/* Index of the grouping of these dimension names (0 for none). */
int plan_grouping(checker *c, const char *const *names, rt_expr **dims, int n);
/* Passes, columns and the final program; false on error. */
bool plan_finish(checker *c);

#endif
