// Runs a load script, then a query, in an in-memory DuckDB (npm
// @duckdb/node-api); prints {"columns": [...], "rows": [[...]...]} with
// numbers as JSON numbers (BIGINT and DECIMAL converted).
// Usage: node duckdb.mjs LOAD.sql QUERY.sql   (NODE_PATH: its node_modules)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.SQL_NODE_PATH + '/');
const { DuckDBInstance } = require('@duckdb/node-api');

const [load, query] = process.argv.slice(2).map((p) => readFileSync(p, 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(load);
const reader = await con.runAndReadAll(query);
const columns = reader.columnNames();
const plain = (v) => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return Number(v.toString());
};
const rows = reader.getRows().map((r) => r.map(plain));
process.stdout.write(JSON.stringify({ columns, rows }));
