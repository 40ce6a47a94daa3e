/* sql_dialect.c — how each engine spells what the SQL generator needs. */
#include <string.h>

#include "sql_int.h"

/* The decimal subset of strtod that runtime/numparse.c reads. */
#define NUMBER_RE "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"

static const sql_dialect dialects[] = {
    {
        .name = "postgres",
        .t_double = "DOUBLE PRECISION",
        .t_bigint = "BIGINT",
        .t_text = "TEXT",
        .t_bool = "BOOLEAN",
        .exact_sum = "SUM(CAST(%s AS NUMERIC))",
        .sum_exact = true,
        /* Null-safe and hashable (IS NOT DISTINCT FROM is neither
         * hashed nor merged: the per-key join of laeken's 15,000 rows to
         * its households was a nested loop of minutes). */
        .ndeq = "COALESCE('v' || %s, 'n') = COALESCE('v' || %s, 'n')",
        .is_number = "(%s ~ '" NUMBER_RE "')",
        .ltrim = "LTRIM",
        .ln = "LN",
        .pow = "POWER",
        .greatest = "GREATEST(%s, %s)",
        .to_text = "CAST(%s AS TEXT)",
        .collate = " COLLATE \"C\"",
        .prelude = "",
        .checks = true,
        .nullable = "%s",
        .engine = "",
    },
    {
        .name = "duckdb",
        .t_double = "DOUBLE",
        .t_bigint = "BIGINT",
        .t_text = "VARCHAR",
        .t_bool = "BOOLEAN",
        /* fsum: compensated, as near to exact as DuckDB gets. */
        .exact_sum = "fsum(%s)",
        .sum_exact = false,
        .ndeq = "%s IS NOT DISTINCT FROM %s",
        .is_number = "regexp_matches(%s, '" NUMBER_RE "')",
        .ltrim = "LTRIM",
        .ln = "LN",
        .pow = "POWER",
        .greatest = "GREATEST(%s, %s)",
        .to_text = "CAST(%s AS VARCHAR)",
        .collate = "",
        .prelude = "",
        .checks = true,
        .nullable = "%s",
        .engine = "",
    },
    {
        .name = "sqlite",
        .t_double = "REAL",
        .t_bigint = "INTEGER",
        .t_text = "TEXT",
        .t_bool = "INTEGER",
        /* Exact on INTEGER columns; on REAL ones a plain double sum. */
        .exact_sum = "SUM(%s)",
        .sum_exact = false,
        .ndeq = "%s IS %s",
        .is_number = NULL, /* no regular expressions: sql_expr.c */
        .ltrim = "ltrim",
        .ln = "ln",
        .pow = "pow",
        .greatest = "MAX(%s, %s)",
        .to_text = "CAST(%s AS TEXT)",
        .collate = "",
        .prelude = "",
        .checks = true,
        .nullable = "%s",
        .engine = "",
    },
    {
        .name = "clickhouse",
        .t_double = "Float64",
        .t_bigint = "Int64",
        .t_text = "String",
        .t_bool = "Bool",
        /* Compensated; NULLs as 0 (sumKahan over Nullable, as a window
         * function, loses part of the partition). */
        .exact_sum = "sumKahan(ifNull(%s, 0))",
        .sum_exact = false,
        .ndeq = "isNotDistinctFrom(%s, %s)",
        .is_number = "match(%s, '" NUMBER_RE "')",
        .ltrim = "trimLeft",
        .ln = "log",
        .pow = "pow",
        .greatest = "greatest(%s, %s)",
        .to_text = "toString(%s)",
        .collate = "",
        /* NULLs from outer joins and through CAST, as standard SQL. */
        .prelude = "SET join_use_nulls = 1;\nSET cast_keep_nullable = 1;\n"
                   "SET max_query_size = 100000000;\n"
                   /* A catalogue of many indicators is one large query. */
                   "SET max_ast_elements = 10000000;\n"
                   "SET max_expanded_ast_elements = 10000000;\n",
        .checks = true,
        .table_checks = true,
        .cast_inputs = true,
        .temp_table = "CREATE TEMPORARY TABLE %s ENGINE = Memory AS",
        .nullable = "Nullable(%s)",
        .engine = " ENGINE = MergeTree ORDER BY tuple()",
    },
};

const sql_dialect *sql_dialect_find(const char *name)
{
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++)
        if (strcmp(dialects[i].name, name) == 0)
            return &dialects[i];
    return NULL;
}

const char *sql_dialect_name(const sql_dialect *dl)
{
    return dl->name;
}
