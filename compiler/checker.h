/* checker.h — state shared by the checker's files: check.c (declarations,
 * the driver), check_expr.c (expressions), check_column.c (the columns
 * they read) and datasets.c (which data file each part reads), in that
 * order of calls: none calls a file above it.
 * The checker lowers as it goes, into lower_tables. Internal to
 * compiler/. */
#ifndef SICALC_CHECKER_H
#define SICALC_CHECKER_H

#include "check.h"
#include "lower.h"
#include "symtab.h"

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
    rt_design *design;    /* its sample design, or NULL */
} dsinfo;

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
    lower_tables t; /* what it lowered: the program and its tables */
    symtab st;      /* lets, consts, fns and columns */
    dsinfo *ds;
    int nds;
    const ast_decl *policy;   /* the catalogue's policy, or NULL */
    const ast_decl **dsdecls; /* every `dataset` of the catalogue */
    int ndsdecls;
    bool have_data;
    int cur_ds;         /* the dataset row expressions read */
    bool ds_sure;       /* without data: cur_ds was decided by a qualified
                           name, `from`, the one dataset with the columns,
                           or a breakdown's aggregate (not a guess) */
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
    /* The last dsr()/isr() lowered (standard.c), for its indicator. */
    rt_standard *std;
    rt_expr *std_num, *std_den, *std_value;
    const char *chain[64];
    int nchain; /* let/const/fn being checked */
} checker;

/* Checks e where it stands (cx) and lowers it to IR, recording the
 * aggregates, overall values and groupings it needs in c->t. */
lowered check_expr(checker *c, const ast_expr *e, ctx cx);
/* As check_expr, then requires type want (TY_ANY: any value type),
 * reporting what was found. */
lowered check_expr_as(checker *c, const ast_expr *e, ctx cx, ty want,
                      const char *what);
/* Folds an expression without row or group inputs to a value, reporting
 * one that has inputs. */
bool check_fold(checker *c, const ast_expr *e, rt_value *out);
/* "a number", "text", ...: a type as messages name it. */
const char *check_ty_name(ty t);
/* check_column.c: the columns expressions read. */
/* A column reference (a name that is nothing else) checked where it
 * stands and lowered, its type from the dataset's declaration. */
lowered check_column_ref(checker *c, const ast_expr *e, ctx cx);
/* Whether constant v may be a value of column col (a comparison's two
 * sides); false after reporting one its declaration does not allow, with
 * the closest allowed value or the list. */
bool check_allowed(checker *c, const lowered *col, const lowered *v,
                   const ast_expr *at);
/* The column of data file ds, or the let, closest to name; NULL when
 * none is close. */
const char *check_near_column(checker *c, int ds, const char *name);
/* datasets.c: which data file each part of the catalogue reads. */
/* The datasets of the run (one per data file; without data, one per
 * declaration) and their periods. */
void datasets_bind(checker *c, const ast_program *prog);
/* Registers the declared columns of dataset i, so their contracts are
 * checked even when no indicator reads them. */
void datasets_bind_columns(checker *c, int i);
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
/* The dataset of that name (a data file's stem), or -1. */
int datasets_find(const checker *c, const char *name);
/* Whether dataset ds has the column: its header, or without data its
 * declaration (a dataset declared without columns has them all). */
bool datasets_has_column(const checker *c, int ds, const char *name);
/* Without data, whether the column e is declared: by its dataset when
 * qualified, else by any (a dataset that declares no columns has them
 * all); reports it with a did-you-mean when not. With data, true (the
 * headers decide). */
bool datasets_declared(checker *c, const ast_expr *e);
/* The column of that name in the current dataset, registered on first
 * use. */
colinfo *datasets_column(checker *c, const char *name, loc at);

#endif
