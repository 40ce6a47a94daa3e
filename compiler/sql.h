/* sql.h — the catalogue compiled to one SQL script (`sicalc sql`): the
 * compiled program (runtime/program.h) walked pass by pass into CTEs
 * whose final SELECT returns the rows the native engine writes, for
 * PostgreSQL, DuckDB, SQLite or ClickHouse (docs/SCALE.md). A construct
 * a dialect cannot express is an error at the indicator that uses it. */
#ifndef SICALC_SQL_H
#define SICALC_SQL_H

#include <stdio.h>

#include "../runtime/program.h"
#include "ast.h"
#include "diag.h"

typedef struct sql_dialect sql_dialect;

/* The dialect of this name ("postgres", "duckdb", "sqlite",
 * "clickhouse"), or NULL. */
const sql_dialect *sql_dialect_find(const char *name);
/* Its name, as sql_dialect_find takes it. */
const char *sql_dialect_name(const sql_dialect *dl);

/* `--table DATASET=NAME`: the table holding a dataset's rows (by
 * default the dataset's own name). */
typedef struct sql_table {
    const char *dataset, *table;
} sql_table;

typedef struct sql_opts {
    const sql_dialect *dialect;
    const sql_table *tables;
    int ntables;
    const char *const *files; /* the .si files, named in the header */
    int nfiles;
    bool keep_going; /* an indicator the dialect cannot express is left
                        out with a warning, the others compiled */
} sql_opts;

/* Writes the script computing every indicator of p (the syntax tree
 * prog gives each indicator's source line) to out; false, with errors
 * reported through d and nothing useful written, when some construct
 * has no form in the dialect. */
bool sql_emit(FILE *out, diag *d, const rt_program *p, const ast_program *prog,
              const sql_opts *o);

/* Writes one CREATE TABLE per dataset of prog: its declared columns
 * with their contract's types and checks, and the other columns p
 * reads. */
void sql_schema(FILE *out, const rt_program *p, const ast_program *prog,
                const sql_opts *o);

#endif
