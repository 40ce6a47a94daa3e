/* program.h — the compiled catalogue: the contract between the compiler
 * (compiler/compile.c: checked and lowered by check*.c and lower.c,
 * planned by plan.c) and the runtime (which runs it over data).
 *
 * Evaluation model. Every aggregate (rt_agg) is accumulated per group of
 * each grouping it is attached to. Grouping 0 is always the total (only
 * the period, if any), so its groups are the periods. An aggregate that
 * appears inside a row context (a `where`, a `let`, another aggregate's
 * argument, an aggregate `const`, `overall(...)`) is an rt_overall: an
 * expression over total-grouping aggregates, evaluated per period after
 * its pass, and read in rows through RT_OVERALL. Pass k accumulates the
 * aggregates with pass == k; overall values of pass k are ready for pass
 * k + 1. Ownership: everything lives in the program's arena. */
#ifndef SICALC_PROGRAM_H
#define SICALC_PROGRAM_H

#include <stdbool.h>

#include "arena.h"
#include "value.h"

/* Most dimension columns in one run (the period included), so at most
 * this many in any grouping: the planner's base groupings cross every
 * dimension of an aggregate's breakdowns, and the runtime keeps a
 * group's key in arrays of this size on the stack. The compiler reports
 * a catalogue that needs more. */
#define RT_MAX_DIMS 64

typedef enum {
#define X(op, name, arity) RT_##op,
#include "ops.def"
#undef X
    RT__NOPS
} rt_opcode;

typedef enum {
#define X(k, name, nargs) RT_AGG_##k,
#include "aggs.def"
#undef X
    RT__NAGGS,
    /* Not in the language: share(x < arpt(x) where ...) as the run
     * computes it, from x's values in the pass of its threshold
     * (runtime/rewrite.c). */
    RT_AGG_BELOW = RT__NAGGS
} rt_aggkind;

/* Slots of RT_RESULT: the names a `suppress when` / `low_count when`
 * condition reads (runtime/results.def; a design's se and cv join them
 * there). */
enum {
#define X(k, name) RT_RES_##k,
#include "results.def"
#undef X
    RT__NRESULTS
};

typedef struct rt_expr rt_expr;
struct rt_expr {
    rt_opcode op;
    int slot;
    rt_value k; /* RT_CONST */
    rt_expr **kids;
    int nkids;
    bool negated; /* IN_LIST, IN_RANGE, IS_MISSING */
};

typedef struct rt_agg {
    rt_aggkind kind;
    int ds;          /* the data file it reads */
    rt_expr *arg;    /* NULL for count() */
    rt_expr *where;  /* NULL: every row */
    rt_expr *weight; /* NULL: weight 1 */
    double p;        /* quantile */
    bool w2;         /* track Σ w² (an interval's effective sample size) */
    bool design;     /* keep every row's value, weight and PSU: a
                        standard error needs them (runtime/linearise.c) */
    int pass;        /* 1-based */
    int *groupings;  /* indexes into rt_program.groupings */
    int ngroupings;
    int threshold; /* RT_AGG_BELOW: the arpt whose period value the
                      values are compared with */
    int base;      /* the grouping rows feed (one of groupings): the
                      cross of all its dimensions; the others are rolled
                      up from it after the pass, so a row updates one
                      state per aggregate, not one per breakdown */
} rt_agg;

typedef struct rt_grouping {
    int ndims;
    rt_expr **dims; /* [ds * ndims + d]: the group's value in dimension d,
                       for a record of data file ds (NULL where the
                       breakdown is not computed from that file) */
    int *outcol;    /* for each dim, its column among rt_program.dim_names */
    int pass;       /* the first pass in which its dims can be computed;
                       every record creates its group from then on, so
                       the groups of a breakdown are those of the data,
                       whatever the indicators' filters */
} rt_grouping;

typedef struct rt_overall {
    rt_expr *expr; /* over RT_AGG of total-grouping aggregates */
    int pass;      /* ready after this pass */
} rt_overall;

typedef enum {
    RT_CMP_LT,
    RT_CMP_LE,
    RT_CMP_GT,
    RT_CMP_GE,
    RT_CMP_EQ,
    RT_CMP_NE
} rt_cmp;

typedef struct rt_band {
    const char *label;
    bool has_cond;
    rt_cmp cmp;
    double bound;
} rt_band;

/* Confidence intervals (docs/STATISTICS.md): for a proportion (Wilson,
 * Wilson with continuity correction, Clopper-Pearson, Jeffreys), for a
 * count of events over a denominator (exact Poisson, Byar), for a
 * directly standardised rate (Dobson with Byar's or exact limits) and
 * for a mean (Student's t); and from a sample design, the value ± z·se. */
typedef enum {
    RT_CI_NONE,
    RT_CI_WILSON,
    RT_CI_WILSON_CC,
    RT_CI_CLOPPER_PEARSON,
    RT_CI_JEFFREYS,
    RT_CI_POISSON,
    RT_CI_BYAR,
    RT_CI_DOBSON,
    RT_CI_DOBSON_EXACT,
    RT_CI_T,
    RT_CI_LINEARISED /* value ± z·se, the design-based standard error */
} rt_ci;

/* A standardised indicator (`dsr(...)`, `isr(...)`): per stratum (age
 * band) the aggregates of its events and its population. Direct: value =
 * Σ weight·events/population (weights sum to 1), numerator and
 * denominator the total events and population. Indirect: numerator the
 * events, denominator the expected events Σ population·reference rate. */
typedef enum { RT_STD_DIRECT, RT_STD_INDIRECT } rt_stdkind;

typedef struct rt_standard {
    rt_stdkind kind;
    int nstrata;
    int *events, *population; /* aggregate slots, one per stratum */
    double *weight;           /* direct: the standard population's shares */
} rt_standard;

typedef struct rt_indicator {
    const char *id;
    const char *unit;             /* as printed: "percent", "per 1000", "RSD" */
    const char *title, *title_sr; /* NULL when the catalogue gives none */
    int decimals;                 /* places of a rounded value; -1: none */
    double scale; /* 100 for percent, 1000 for per 1000, else 1 */
    rt_expr *numerator, *denominator; /* both, or */
    rt_expr *value;                   /* this one */
    int *groupings;                   /* breakdowns, the total (0) first */
    int ngroupings;
    rt_band *bands;
    int nbands;
    rt_expr *suppress;    /* NULL: never */
    rt_expr *low_count;   /* the flag low_count when it holds; NULL: never */
    rt_ci ci;             /* confidence interval, RT_CI_NONE for none */
    double ci_level;      /* e.g. 0.95 */
    bool se;              /* se and cv columns: the design-based standard
                             error (runtime/linearise.c) */
    int num_agg, den_agg; /* the aggregates that are the numerator and the
                             denominator, for the interval (-1: none) */
    int mean_agg;         /* ci t: the mean that is the value (-1: none) */
    rt_standard *std;     /* NULL: not standardised */
    int *aggs;            /* every aggregate it reads (n and flags) */
    int naggs;
} rt_indicator;

/* A composite index (`index sdi { ... }`), computed by runtime/index.c
 * from its members' finished rows: each member's value per unit of the
 * `across` dimension (every other dimension a total), normalised over
 * the units of the period, combined per area, then over the areas. */
typedef enum {
    RT_SCALE_MINMAX,
    RT_SCALE_ZSCORE,
    RT_SCALE_RANK,
    RT_SCALE_RATIO
} rt_scale;

typedef struct rt_index_member {
    const char *id; /* the member indicator */
    int area;       /* index into rt_index.areas */
    double weight;
    bool lower; /* better lower: inverted */
} rt_index_member;

typedef struct rt_index_area {
    const char *name; /* "economy" */
    const char *id;   /* "sdi.economy": its output rows */
    double weight;
} rt_index_area;

typedef struct rt_index {
    const char *id;
    const char *across; /* the dimension of the units */
    int across_dim;     /* its column among dim_names, -1: none (no
                           member was run: no rows) */
    rt_scale scale;
    double lo, hi;    /* minmax */
    const char *ref;  /* ratio_to: the reference unit */
    bool geomean;     /* combine geomean (else the weighted mean) */
    bool all_or_none; /* missing none: a missing member leaves no score */
    rt_index_area *areas;
    int nareas;
    rt_index_member *members;
    int nmembers;
    rt_band *bands; /* thresholds on the index's value */
    int nbands;
} rt_index;

/* Contract of a data column, from `dataset { column ... }`. */
typedef enum {
    RT_COL_ANY,
    RT_COL_INT,
    RT_COL_NUMBER,
    RT_COL_TEXT,
    RT_COL_BOOL
} rt_coltype;

typedef struct rt_column {
    const char *name;
    int ds;              /* the data file it belongs to */
    bool as_num, as_str; /* the representations the program reads */
    rt_coltype type;
    bool has_range;
    double lo, hi;
    bool nonneg;        /* a weight: a negative value is a data error */
    bool weight_signed; /* the weight of `weight C allow negative` */
    const char **allowed;
    int nallowed;
    const char **missing;
    int nmissing; /* beyond "" and "NA" */
} rt_column;

/* An aggregate per key within the period (`count(where age >= 14 per
 * household_id)`), computed in an earlier pass and read back in each
 * row for that row's key through RT_PERAGG. Its grouping's one dimension
 * is the key and appears in no output. */
typedef struct rt_peragg {
    int agg;
    int grouping;
} rt_peragg;

/* A stratum with one PSU: an error, or centred on the grand mean (R
 * survey's options(survey.lonely.psu = "adjust")). */
typedef enum { RT_LONELY_FAIL, RT_LONELY_ADJUST } rt_lonely;

/* The sample design of a data file (`design { ... }`): one-stage,
 * stratified, clusters (PSUs) drawn with replacement unless fpc. */
typedef struct rt_design {
    rt_expr *strata;  /* text; NULL: one stratum */
    rt_expr *cluster; /* text; NULL: every row its own PSU */
    rt_expr *fpc;     /* number: PSUs in the stratum's population (> 1)
                         or the sampling fraction (<= 1); NULL: none */
    int strata_col, cluster_col, fpc_col; /* for data errors; -1: none */
    rt_lonely lonely;
} rt_design;

typedef struct rt_dataset {
    const char *name;
    int period_col;    /* index into cols, or -1: its rows have no period */
    rt_design *design; /* NULL: none declared */
    rt_expr *weight;   /* the dataset's weight, NULL: 1 */
} rt_dataset;

typedef struct rt_program {
    rt_arena *arena;
    rt_column *cols;
    int ncols;
    rt_agg *aggs;
    int naggs;
    rt_grouping *groupings;
    int ngroupings;
    rt_overall *overalls;
    int noveralls;
    rt_indicator *inds;
    int ninds;
    int npasses;
    int nlets; /* RT_LET slots */
    rt_peragg *peraggs;
    int nperaggs;
    rt_dataset *datasets; /* one per data file, in command-line order */
    int ndatasets;
    bool has_period; /* dim_names[0] is the period */
    bool has_ci;     /* some indicator has an interval: the output has
                        ci_low and ci_high columns */
    bool has_se;     /* some indicator has a standard error: se and cv
                        columns; the scan keeps PSUs (one thread) */
    const char **dim_names;
    int ndims;         /* output dimension columns, the
                          period first when there is one */
    rt_index *indexes; /* composite indices, in catalogue order */
    int nindexes;
} rt_program;

#endif
