/* ast.h — the syntax tree of a catalogue, as the parser builds it.
 * Ownership: every node, array and string lives in the compile arena and
 * is freed with it. Strings are NUL-terminated. Arrays are (ptr, count). */
#ifndef SICALC_AST_H
#define SICALC_AST_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

struct diag;

typedef enum {
#define X(k, name) AST_##k,
#include "ast.def"
#undef X
    AST__COUNT
} ast_kind;

/* The operators, from the table of their precedence and spelling. */
typedef enum {
#define LEVEL(k, assoc, tokens)
#define OP(k, level, src, formula, ir) OP_##k,
#include "prec.def"
#undef OP
#undef LEVEL
    OP__COUNT
} ast_op;

typedef struct ast_expr ast_expr;

/* One argument of a call: `expr` or, in band(), `key: expr`. */
typedef struct ast_arg {
    ast_expr *key; /* NULL for a plain argument */
    ast_expr *value;
} ast_arg;

struct ast_expr {
    ast_kind kind;
    loc at;              /* the whole expression */
    ast_op op;           /* UNARY, BINARY */
    double num;          /* NUM */
    bool boolean;        /* BOOL */
    const char *str;     /* STR (escapes decoded), NAME and CALL: the name */
    const char *qual;    /* NAME: the dataset of `nsz.unemployed`, or NULL */
    loc name_at;         /* CALL: the function name */
    ast_expr *lhs, *rhs; /* BINARY; UNARY uses lhs; IN_*, IS_MISSING: lhs */
    ast_expr *cond, *then, *els; /* IF */
    ast_expr *lo, *hi;           /* IN_RANGE: inclusive bounds */
    ast_expr **items;
    int nitems; /* IN_LIST */
    ast_arg *args;
    int nargs;        /* CALL */
    ast_expr *where;  /* CALL: `where c`, or NULL */
    ast_expr *weight; /* CALL: `weighted by w`, or NULL */
    ast_expr *per;    /* CALL: `per household_id`, or NULL */
    bool negated;     /* IS_MISSING: `is not missing`;
                         IN_*: `not in` */
};

/* `thresholds good < 10, warning < 20, bad`: one band each. */
typedef struct ast_band {
    const char *label;
    loc at;
    bool has_cond; /* false for a final catch-all band */
    ast_op op;     /* OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE */
    ast_expr *bound;
} ast_band;

typedef enum {
#define X(k, kw) CL_##k,
#include "clauses.def"
#undef X
    CL__COUNT
} clause_kind;

typedef struct ast_clause {
    clause_kind kind;
    loc at;           /* the keyword */
    const char *lang; /* title@sr, definition@sr, note@sr: "sr"; else NULL */
    const char *text; /* string body (title, definition, source, note)
                         or word body (domain, better, periodicity) */
    loc text_at;
    /* unit: `percent` / `per 1000` / `"RSD"`: word (or string) in text,
       the number in unit_num when has_unit_num, unit_is_string set for a
       quoted unit. */
    double unit_num;
    bool has_unit_num, unit_is_string;
    ast_expr *expr; /* numerator, denominator, value, suppress (the
                       condition after `when`), target (the value) */
    ast_expr *year; /* target: the year after `by` */
    ast_expr **items;
    int nitems; /* by: each item a NAME or a product
                   (BINARY OP_MUL) of NAMEs */
    ast_band *bands;
    int nbands; /* thresholds */
} ast_clause;

/* A dataset's sample design: column names (NULL: not given) and the
 * treatment of a stratum with one PSU ("fail" or "adjust"). */
typedef struct ast_design {
    loc at;
    const char *strata, *cluster, *fpc, *lonely;
    loc strata_at, cluster_at, fpc_at, lonely_at;
} ast_design;

/* `column age int in 0..120 missing ("", ".")` in a dataset. */
typedef struct ast_column {
    const char *name;
    loc at;
    const char *type; /* "int", "number", "text", "bool" (checked later) */
    loc type_at;
    ast_expr **allowed;
    int nallowed;      /* `in ("M", "F")` */
    ast_expr *lo, *hi; /* `in 0..120` */
    ast_expr **missing;
    int nmissing; /* `missing ("", "NA")` */
} ast_column;

typedef enum {
    DECL_USE,
    DECL_CONST,
    DECL_LET,
    DECL_FN,
    DECL_DATASET,
    DECL_INDICATOR,
    DECL_POLICY,    /* the catalogue's defaults: suppress, low_count, ci */
    DECL_TEST,      /* inline data and expected values (`sicalc test`) */
    DECL_DOMAIN,    /* a domain's titles, its clauses title and title@LANG */
    DECL_INDEX,     /* a composite index over indicators (compiler/index.c) */
    DECL_HIERARCHY, /* how geographic dimensions nest (compiler/geo.c) */
    DECL_CODELIST   /* the members of a hierarchy's levels */
} decl_kind;

/* `region` in `hierarchy geography { region > district > municipality }` */
typedef struct ast_level {
    const char *name;
    loc at;
} ast_level;

/* `district "Pirotski" in "Južna i Istočna Srbija" title "Pirot District"
 * title@sr "Pirotski okrug"`: one member of a codelist. */
typedef struct ast_code {
    const char *level, *code, *parent; /* parent NULL: none given */
    loc level_at, code_at, parent_at;
    const char *title, *title_sr; /* NULL: the code */
} ast_code;

/* `average_wage_ratio weight 2`: a member of an index's area. */
typedef struct ast_member {
    const char *name;
    loc at;
    double weight; /* -1: not given (1) */
    loc weight_at;
} ast_member;

/* `area economy weight 1 { a, b weight 2 }` */
typedef struct ast_area {
    const char *name;
    loc at;
    double weight; /* -1: not given (1) */
    loc weight_at;
    ast_member *members;
    int nmembers;
} ast_area;

/* An index's own items (its titles, better and thresholds are clauses).
 * Each word is NULL when not given. */
typedef struct ast_index {
    const char *across;
    loc across_at;
    const char *scale; /* minmax, zscore, rank, ratio_to */
    loc scale_at;
    bool has_range; /* minmax lo..hi */
    double lo, hi;
    const char *ref; /* ratio_to: the reference unit */
    bool ref_is_string;
    loc ref_at;
    const char *combine;
    loc combine_at;
    const char *missing;
    loc missing_at;
    ast_area *areas;
    int nareas;
} ast_index;

/* `data people "year,sex" "2022,M"`: an inline CSV table. */
typedef struct ast_testdata {
    const char *dataset; /* NULL: the catalogue's only dataset */
    loc at;
    const char *text; /* the lines, joined with line ends */
} ast_testdata;

/* `expect rate(sex = "M") = 50 within 0.1` */
typedef struct ast_expect {
    const char *indicator;
    loc at;
    struct ast_expr **cells; /* each (== NAME value): a dimension's group */
    int ncells;
    struct ast_expr *value;
    struct ast_expr *within; /* the tolerance, or NULL (1e-9 relative) */
    struct ast_expr *ci;     /* `ci LO .. HI` (AST_IN_RANGE), or NULL */
} ast_expect;

typedef struct ast_param {
    const char *name;
    loc at;
    ast_expr *def; /* its default value, or NULL (required) */
} ast_param;

typedef struct ast_decl {
    decl_kind kind;
    loc at;           /* the keyword */
    const char *name; /* the declared name; USE: module name or path */
    loc name_at;
    bool use_is_path; /* USE: `use "file.si"` rather than `use module` */
    ast_expr *expr;   /* CONST, LET, FN body */
    ast_param *params;
    int nparams; /* FN */
    /* DATASET */
    const char *period;
    loc period_at;
    const char *weight;
    loc weight_at;
    bool weight_negative; /* `weight w allow negative` */
    /* `design { strata S  cluster C  fpc F  lonely adjust }` (the sample
     * design of survey microdata, for standard errors); NULL: none */
    struct ast_design *design;
    ast_column *columns;
    int ncolumns;
    /* INDICATOR */
    ast_clause *clauses;
    int nclauses;
    /* TEST */
    ast_testdata *data;
    int ndata;
    ast_expect *expects;
    int nexpects;
    ast_index *index;  /* INDEX: across, scale, areas... (clauses above) */
    ast_level *levels; /* HIERARCHY: top first */
    int nlevels;
    ast_code *codes; /* CODELIST (name: its hierarchy) */
    int ncodes;
    loc end_at;  /* the closing brace of a block */
    bool broken; /* a syntax error inside lost part of the block:
                    checks of what is missing would only cascade */
} ast_decl;

/* A whole catalogue: the declarations of every file, in command-line order,
 * each `use`d file's declarations placed before the file that used it. */
typedef struct ast_program {
    ast_decl **decls;
    int ndecls;
} ast_program;

/* Builders (ast.c) behind the parser's actions, one call per action.
 * Arrays grow inside the arena (copied on each doubling), so they need no
 * capacity field; a builder given NULL where it extends something starts
 * a new one. Builders that can find a duplicate report it to diag. */
typedef struct ast_list {
    ast_expr **items;
    int n;
} ast_list;
ast_list *ast_list_add(rt_arena *a, ast_list *l, ast_expr *e);
ast_expr *ast_if(rt_arena *a, loc at, ast_expr *c, ast_expr *t, ast_expr *e);
/* `(a, b)` and `lo..hi` right of `in`; ast_in then adds the left side. */
ast_expr *ast_in_list(rt_arena *a, loc at, ast_list *items);
ast_expr *ast_in_range(rt_arena *a, loc at, ast_expr *lo, ast_expr *hi);
ast_expr *ast_in(loc at, ast_expr *lhs, ast_expr *rhs, bool negated);
ast_expr *ast_is_missing(rt_arena *a, loc at, ast_expr *e, bool negated);
ast_arg ast_arg_make(ast_expr *key, ast_expr *value);
ast_expr *ast_call_arg(rt_arena *a, ast_expr *call, ast_arg arg);
/* Completes a call; args is NULL for `f()` or what ast_call_arg built. */
ast_expr *ast_call(rt_arena *a, loc at, const char *name, loc name_at,
                   ast_expr *args, ast_expr *where, ast_expr *weight,
                   ast_expr *per);

ast_band *ast_band_make(rt_arena *a, loc at, const char *label, ast_op op,
                        ast_expr *bound);
ast_clause *ast_band_add(rt_arena *a, ast_clause *thresholds, ast_band *b);
ast_clause *ast_clause_text(rt_arena *a, clause_kind k, loc at,
                            const char *lang, const char *text, loc text_at);
ast_clause *ast_clause_unit(rt_arena *a, loc at, const char *text, loc text_at,
                            bool is_string, bool has_num, double num);
ast_clause *ast_clause_expr(rt_arena *a, clause_kind k, loc at, ast_expr *e);
ast_clause *ast_clause_by(rt_arena *a, loc at, ast_list *items);
ast_clause *ast_clause_target(rt_arena *a, loc at, ast_expr *value,
                              ast_expr *year);
/* Sets the kind and keyword location of a clause built piecewise. */
ast_clause *ast_clause_at(ast_clause *c, clause_kind k, loc at);

ast_column *ast_column_make(rt_arena *a, const char *name, loc at,
                            const char *type, loc type_at);
/* `in (...)`, `in lo..hi`: rhs from ast_in_list / ast_in_range. */
ast_column *ast_column_in(struct diag *d, ast_column *c, ast_expr *rhs);
ast_column *ast_column_missing(struct diag *d, ast_column *c, loc at,
                               ast_list *values);

ast_decl *ast_decl_new(rt_arena *a, decl_kind k);
ast_decl *ast_decl_use(rt_arena *a, loc at, const char *name, loc name_at,
                       bool is_path);
ast_decl *ast_decl_expr(rt_arena *a, decl_kind k, loc at, const char *name,
                        loc name_at, ast_expr *e);
ast_param ast_param_make(const char *name, loc at, ast_expr *def);
ast_decl *ast_fn_param(rt_arena *a, ast_decl *fn, ast_param p);
ast_decl *ast_dataset_period(struct diag *d, ast_decl *ds, const char *name,
                             loc at);
ast_decl *ast_dataset_weight(struct diag *d, ast_decl *ds, const char *name,
                             loc at);
/* `weight w allow negative`: word1 and word2 must be those two words. */
ast_decl *ast_dataset_weight_signed(struct diag *d, ast_decl *ds,
                                    const char *name, loc at, const char *word1,
                                    loc at1, const char *word2, loc at2);
ast_decl *ast_dataset_column(rt_arena *a, ast_decl *ds, ast_column *c);
/* `design {` opens the dataset's design; each `word value` fills it. */
ast_decl *ast_dataset_design(struct diag *d, rt_arena *a, ast_decl *ds, loc at);
ast_decl *ast_design_item(struct diag *d, ast_decl *ds, const char *word,
                          loc word_at, const char *value, loc value_at);
ast_decl *ast_add_clause(rt_arena *a, ast_decl *ind, ast_clause *c);
/* Marks a block in which the parser skipped text after a syntax error. */
ast_decl *ast_decl_broken(ast_decl *d);
/* Names a block built piecewise (fn, dataset, indicator). */
/* `ci wilson 95` */
ast_clause *ast_clause_ci(rt_arena *a, loc at, const char *method,
                          loc method_at, double level);
/* `low_count when n < 30`: a flag raised when the condition holds. */
/* `decimals 1`: the places a rounded value keeps (table, Markdown,
 * --excel, --round). */
ast_clause *ast_clause_decimals(rt_arena *a, loc at, double places);
ast_clause *ast_clause_flag(rt_arena *a, loc at, const char *flag,
                            ast_expr *cond);
/* Test blocks. */
const char *ast_lines(rt_arena *a, const char *prev, const char *line);
ast_list *ast_cell(rt_arena *a, ast_list *l, const char *name, ast_expr *v);
ast_decl *ast_test_data(rt_arena *a, ast_decl *t, loc at, const char *dataset,
                        const char *text);
ast_decl *ast_test_expect(rt_arena *a, ast_decl *t, loc at, const char *ind,
                          ast_list *cells, ast_expr *value, ast_expr *within,
                          ast_expr *ci);
/* `policy { ... }`: clauses that apply to every indicator. */
ast_decl *ast_decl_policy(ast_decl *clauses, loc at, loc end_at);
/* `domain labour { title "..." }`: clauses gathered as an indicator's,
 * checked by domains_check (compiler/domains.h). */
ast_decl *ast_decl_domain(ast_decl *clauses, loc at, const char *name,
                          loc name_at, loc end_at);
ast_decl *ast_decl_finish(ast_decl *d, loc at, const char *name, loc name_at,
                          loc end_at, ast_expr *e);
void ast_push_decl(ast_decl ***v, int *n, size_t *cap, ast_decl *d);

/* `hierarchy h { a > b > c }` and `codelist h { ... }`, built piecewise:
 * levels (d NULL: a new hierarchy), entries, then ast_decl_finish. */
ast_decl *ast_hier_level(rt_arena *a, ast_decl *d, const char *name, loc at);
ast_decl *ast_codelist_entry(rt_arena *a, ast_decl *d, const char *level,
                             loc level_at, const char *code, loc code_at);
/* `in "PARENT"` and titles belong to the entry before them; before any
 * entry they are an error. */
ast_decl *ast_codelist_parent(struct diag *dg, ast_decl *d, const char *parent,
                              loc at);
/* `title "..."` (lang NULL) or `title@sr "..."` of the last entry. */
ast_decl *ast_codelist_title(struct diag *dg, ast_decl *d, loc at,
                             const char *lang, const char *text);

/* `index sdi { ... }`: items gathered piecewise, like an indicator's. */
typedef enum { AST_IX_ACROSS, AST_IX_COMBINE, AST_IX_MISSING } ast_ix_word;
ast_decl *ast_index_new(rt_arena *a);
/* `across municipality`, `combine mean`, `missing reweight`; a second
 * one is an error. */
ast_decl *ast_index_word(struct diag *d, ast_decl *ix, ast_ix_word w, loc at,
                         const char *word);
/* `scale zscore`, `scale minmax 1..100` (has_range), `scale ratio_to
 * Pirot` / `ratio_to "Bela Palanka"` (ref). */
ast_decl *ast_index_scale(struct diag *d, ast_decl *ix, loc at,
                          const char *kind, bool has_range, double lo,
                          double hi, const char *ref, bool ref_is_string,
                          loc ref_at);
/* One member more (area NULL: a new area). */
ast_area *ast_area_member(rt_arena *a, ast_area *area, const char *name, loc at,
                          double weight, loc weight_at);
ast_decl *ast_index_area(rt_arena *a, ast_decl *ix, const char *name, loc at,
                         double weight, loc weight_at, ast_area *members);

/* Constructors (ast.c), called from parser actions. */
ast_expr *ast_num(rt_arena *a, loc at, double v);
ast_expr *ast_str(rt_arena *a, loc at, const char *s);
ast_expr *ast_bool(rt_arena *a, loc at, bool v);
ast_expr *ast_name(rt_arena *a, loc at, const char *name);
/* `dataset.column`: a column of one named data file. */
ast_expr *ast_qualified(rt_arena *a, loc at, const char *ds, const char *name);
ast_expr *ast_unary(rt_arena *a, loc at, ast_op op, ast_expr *e);
ast_expr *ast_binary(rt_arena *a, loc at, ast_op op, ast_expr *l, ast_expr *r);
const char *ast_op_name(ast_op op);
/* The sub-expressions of e (operands, call arguments and keys, where,
 * weighted by, per, list items) into out; returns how many (at most max).
 * One list, so every walk over the tree sees the same children. */
int ast_children(const ast_expr *e, const ast_expr **out, int max);
const char *ast_kind_name(ast_kind k);
const char *ast_clause_keyword(clause_kind k);
/* The keyword that opens a declaration of kind k (use, const, ...). */
const char *ast_decl_keyword(decl_kind k);
/* The clause k of a block: with lang, its variant in that language when
 * there is one (title@sr), else the one without a language; NULL when
 * the block has none. The one lookup of checker, doc and explain. */
const ast_clause *ast_clause_find(const ast_decl *d, clause_kind k,
                                  const char *lang);
/* Prints the tree in a stable s-expression form (sicalc fmt --dump, the
 * parser's unit tests). */
void ast_dump(FILE *out, const ast_program *p);

#endif
