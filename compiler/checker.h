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
    /* A let reads the columns of whichever data file uses it, so it is
     * checked once per dataset; a const once (index 0). */
    int *state;   /* 0 not yet checked, 1 being checked, 2 done */
    lowered *val; /* LET and CONST, once done */
} sym;

/* One data file (or, without data, one declared dataset). */
typedef struct dsinfo {
    const char *name;          /* the file's stem; NULL for the one
                                  anonymous dataset of a run without data
                                  and without declarations */
    const char *const *header; /* NULL when no data was given */
    int nheader;
    const ast_decl *decl; /* its `dataset` declaration, or NULL */
    const char *period;   /* its period column, or NULL */
    int period_col;       /* colinfo index of the period, or -1 */
    rt_expr *weight;      /* its weight column, or NULL */
} dsinfo;

/* A breakdown: its dimension names in output-column order, the AST of
 * each (lowered per dataset on first use), and the runtime grouping. */
typedef struct gdef {
    const ast_expr **items;
    rt_grouping g;
} gdef;

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

/* A function parameter bound to its argument (expanded in place, as a
 * macro), with the bindings in force where the argument was written. */
typedef struct binding {
    const char *name;
    const ast_expr *arg;
    const struct binding *outer;
    int nouter;
    int nfn; /* the functions being expanded where the argument stands */
} binding;

typedef struct checker {
    rt_arena *a; /* the compile arena */
    diag *d;
    const check_opts *o;
    rt_program *p;            /* being built, in its own arena */
    struct rt_groups *symtab; /* name -> index in syms */
    struct rt_groups *strtab; /* interned strings -> index in strs */
    const char **strs;
    size_t capstrs;
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
    gdef *groupings;
    size_t ngroupings, capgroupings;
    rt_peragg *pers;
    char **perkeys; /* the key expression of each, serialised */
    size_t npers, cappers, capperkeys;
    dsinfo *ds;
    int nds;
    const ast_decl *policy;   /* the catalogue's policy, or NULL */
    const ast_decl **dsdecls; /* every `dataset` of the catalogue */
    int ndsdecls;
    bool have_data;
    int cur_ds;         /* the dataset row expressions read */
    const char *period; /* the output's period column, or NULL */
    /* The indicator being checked. */
    const char *ind_name;
    const char *from; /* its `from` dataset, or NULL */
    loc from_at;
    const char *skip_ds; /* set when it needs a dataset not given */
    bool ind_ds[64];     /* the datasets its aggregates read */
    char *skipped;       /* "a (csr), b (health)": skipped indicators */
    int nskipped;
    /* Expression context. */
    ctx cx;
    bool in_overall; /* aggregates go to the total grouping */
    bool in_agg;     /* inside an aggregate's argument */
    const int *cur_groupings;
    int ncur_groupings; /* the indicator's */
    const binding *env; /* fn parameters */
    int nenv;
    const struct sym *fnstack[64]; /* the functions being expanded */
    int nfn;
    int def_depth; /* lets and consts being defined, nested */
    const char *chain[64];
    int nchain; /* let/const/fn being checked */
} checker;

lowered check_expr(checker *c, const ast_expr *e, ctx cx);
/* As check_expr, then requires type want (TY_ANY: any value type),
 * reporting what was found. */
lowered check_expr_as(checker *c, const ast_expr *e, ctx cx, ty want,
                      const char *what);
sym *check_find_sym(checker *c, const char *name);
/* The column of that name in the current dataset, registered on first
 * use. */
colinfo *check_column(checker *c, const char *name, loc at);

/* datasets.c: which data file each part of the catalogue reads. */
void datasets_bind(checker *c, const ast_program *prog);
/* The dataset aggregate call e reads, or -1 (an error was reported, or
 * c->skip_ds was set because its data file was not given). */
int datasets_for_agg(checker *c, const ast_expr *e);
/* The dataset a let reads when no aggregate decides it. */
int datasets_for_expr(checker *c, const ast_expr *e);
/* Whether e can be computed from dataset ds (its columns, or lets over
 * them; ds -1: from no column at all); when not, *missing names the first
 * column lacking. */
bool datasets_can_compute(checker *c, int ds, const ast_expr *e,
                          const char **missing);
int datasets_find(const checker *c, const char *name);
bool datasets_has_column(const checker *c, int ds, const char *name);
/* Folds an expression without row or group inputs to a value. */
bool check_fold(checker *c, const ast_expr *e, rt_value *out);
const char *check_ty_name(ty t);

rt_expr *check_ir_new(checker *c, rt_opcode op, int nkids);
rt_expr *check_ir_const(checker *c, rt_value v);
/* The program's one copy of s: string constants and allowed values are
 * interned, so the runtime tells two of them apart by address. */
const char *check_intern(checker *c, const char *s);
/* Index of the aggregate (deduplicated by its structure). */
int plan_agg(checker *c, const rt_agg *a);
/* Index of the overall expression (deduplicated). */
int plan_overall(checker *c, rt_expr *e);
void plan_attach(checker *c, int agg, int grouping);
/* Index of the grouping of these dimensions (0 for none); their
 * expressions are lowered per dataset by plan_attach. */
int plan_grouping(checker *c, const ast_expr *const *items, int n);
/* The slot of a per-key aggregate: agg grouped by key (an expression
 * over the rows of dataset ds) within the period. */
int plan_per(checker *c, int agg, rt_expr *key, int ds);
/* Passes, columns and the final program; false on error. */
bool plan_finish(checker *c);

#endif
