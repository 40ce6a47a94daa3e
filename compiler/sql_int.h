/* sql_int.h — what the parts of the SQL generator share: the dialect
 * table (sql_dialect.c), the rendering of expressions (sql_expr.c), the
 * passes and the final SELECT (sql_emit.c, sql_indicator.c). Rendered
 * SQL is text in the generator's arena. */
#ifndef SICALC_SQL_INT_H
#define SICALC_SQL_INT_H

#include <stdbool.h>

#include "geo.h"
#include "sql.h"

/* How one engine spells what the generator needs. Every %s-format takes
 * its operands in order. */
struct sql_dialect {
    const char *name;
    const char *t_double, *t_bigint, *t_text, *t_bool; /* column types */
    const char *exact_sum;  /* SUM of rounded products, exactly if it can */
    bool sum_exact;         /* exact_sum is exact (else a comment says so) */
    const char *ndeq;       /* null-safe equality: a, b */
    const char *is_number;  /* a text that reads as a decimal number: x */
    const char *ln, *pow;   /* function names */
    const char *ltrim;      /* LTRIM(text, characters) */
    const char *greatest;   /* of two: a, b */
    const char *to_text;    /* an integral number as text: x */
    const char *collate;    /* after a text ORDER BY key: byte order */
    const char *prelude;    /* statements before the query, or "" */
    bool checks;            /* CHECK constraints in CREATE TABLE */
    bool cast_inputs;       /* aggregate inputs as doubles: the UNION ALL
                               of data files needs one type */
    const char *temp_table; /* non-NULL: each pass's groups and overall
                               values a table of this statement (name),
                               not a CTE (ClickHouse inlines CTEs) */
    bool table_checks;      /* ... as table constraints, NULL let through */
    const char *nullable;   /* a column type that holds NULL: type */
    const char *engine;     /* after CREATE TABLE's columns, or "" */
};

typedef enum { SQL_NUM, SQL_STR, SQL_BOOL } sql_vtype;

/* Where an expression is rendered: over a data row (a row of table
 * alias "t", overall and per-key values joined in), over a group of a
 * pass (aggregates as columns), or over a finished row (suppress and
 * low_count: numerator, denominator, value, n). */
typedef enum { SQL_IN_ROW, SQL_IN_GROUP, SQL_IN_RESULT } sql_place;

typedef struct sql_ctx {
    rt_arena *a;
    const rt_program *p;
    const sql_dialect *dl;
    diag *d;
    loc at;           /* the indicator being compiled, for errors */
    const char *what; /* its id */
    sql_place place;
    int ds;          /* SQL_IN_ROW: the data file of the row */
    int ncte;        /* CTEs written so far */
    bool keep_going; /* unsupported: a warning, the indicator left out */
    bool left_out;   /* the current indicator was */
    bool *skip;      /* per indicator: left out */
    const rt_indicator *ind; /* SQL_IN_RESULT: whose result names */
} sql_ctx;

/* printf into the arena. */
const char *sql_fmt(sql_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 'text' quoted as an SQL string literal. */
const char *sql_quote(sql_ctx *c, const char *s);
/* "name" quoted as an identifier. */
const char *sql_ident(sql_ctx *c, const char *s);
/* An error at the current indicator: construct cannot be compiled for
 * the dialect. */
void sql_unsupported(sql_ctx *c, const char *construct);

sql_vtype sql_type(const rt_program *p, const rt_expr *e);
/* e as an SQL value: booleans as SQL conditions. */
const char *sql_expr(sql_ctx *c, const rt_expr *e);
/* e as a number (a boolean as 1 or 0). */
const char *sql_num(sql_ctx *c, const rt_expr *e);
/* e as a dimension's text (a number as the native engine writes it). */
const char *sql_text(sql_ctx *c, const rt_expr *e);
/* The condition that evaluating e divided by zero (the flag
 * zero_denominator), or NULL when e has no division. */
const char *sql_zerodiv(sql_ctx *c, const rt_expr *e);
/* The literal of a double, exactly. */
const char *sql_double(sql_ctx *c, double v);

/* ---- shared (sql_common.c), passes (sql_emit.c), indicators
 * (sql_indicator.c) ---- */

/* Starts CTE name ("WITH" or a comma before it), after a comment line
 * when comment is not NULL. */
void sql_cte(sql_ctx *c, FILE *f, const char *comment, const char *name);
/* The first dimension column of a data row (the period is column 0
 * when there is one, kept apart). */
int sql_first_col(const rt_program *p);
/* Whether grouping g breaks down by output column col. */
bool sql_has_col(const rt_program *p, int g, int col);
/* "a, b, c": the groupings among gs[0..n) that break down by col. */
const char *sql_levels_with(sql_ctx *c, const int *gs, int n, int col);
/* The numeric-aware sort keys of a text (runtime/numparse.c,
 * rt_dim_compare), unknown (NULL) last. */
const char *sql_sort_key(sql_ctx *c, const char *x);
/* The pass tables an expression in a group context reads, as a bit set
 * of passes (pass k: bit k). */
unsigned long long sql_passes_of(const rt_program *p, const rt_expr *e);
/* "FROM pB" and a LEFT JOIN for every other pass in set, on the group
 * (level, period, dimensions), and for every overall table in ovs. */
const char *sql_group_from(sql_ctx *c, int base, unsigned long long passes,
                           unsigned long long ovs);
/* Order statistics (sql_order.c). */
bool sql_is_order_stat(rt_aggkind k);
/* arpr, poormed, rmpg: against the period's threshold. */
bool sql_is_laeken_rate(rt_aggkind k);
/* SUM(x) with the dialect's exact (or best) sum, 0 over no row, as a
 * double. */
const char *sql_sum(sql_ctx *c, const char *x);
/* The window CTEs pass k's order statistics need over from (grouped by
 * keys); the CTE to group from next (from itself when none). */
const char *sql_windows(sql_ctx *c, FILE *f, int k, const char *keys,
                        const char *from);
/* An order statistic's value in the pass's GROUP BY. */
const char *sql_order_value(sql_ctx *c, int ai);
/* For an indicator of constants and overall values: the last pass
 * whose groups include all its breakdowns, or 0 (none). */
int sql_constants_pass(const rt_program *p, const rt_indicator *ind);
/* One indicator's CTEs (i<n>_g, i<n>_r, i<n>), after a comma. */
void sql_indicator(sql_ctx *c, FILE *f, int i, const char *where);
/* The CTE i<n> of an indicator with `suppress`, from i<n>_f (its rows
 * with sup, the primary suppression, and the flags before (fpre) and
 * after (fpost) `suppressed`): sql_suppress.c. */
void sql_suppress(sql_ctx *c, FILE *f, int i);
/* ci_low and ci_high of an interval other than Wilson's, over the
 * columns of i<n>_v (sql_interval.c); for Dobson's, the columns std_ok,
 * std_o, std_v of the group (sql_interval_sums, in i<n>_g). */
void sql_interval(sql_ctx *c, FILE *f, const rt_indicator *ind);
void sql_interval_sums(sql_ctx *c, FILE *f, const rt_indicator *ind);
/* The final SELECT over every indicator's rows, in the native order,
 * with the hierarchy's coverage flags and rows equal to the total (g,
 * NULL: no hierarchy). */
void sql_final(sql_ctx *c, FILE *f, const geo_model *g);
/* The hierarchy's CTEs over the rows of from (columns cols, the
 * dimensions as written d<col>): the CTE to select from (sql_geo.c). */
const char *sql_geo(sql_ctx *c, FILE *f, const geo_model *g, const char *from,
                    const char *cols);

#endif
