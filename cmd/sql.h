/* sql.h — `sicalc sql`: the catalogue compiled to one SQL script for
 * PostgreSQL, DuckDB, SQLite or ClickHouse, or (--schema) the tables its
 * datasets' contracts imply (compiler/sql.h). */
#ifndef SICALC_CMD_SQL_H
#define SICALC_CMD_SQL_H

#include "cli.h"

/* The dispatch table's handler (cli.h); returns 0, 1 when the output
 * cannot be written, 2 for usage or compile errors (a construct the
 * dialect cannot express among them). */
int sql_main(const cli_command *self, int argc, char **argv);

#endif
