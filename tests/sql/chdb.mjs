// Runs a load script, then a query, in ClickHouse's engine in-process
// (npm chdb, a throw-away session); prints {"columns": [...], "rows":
// [[...]...]}. Statements are split at ";" ending a line; SET statements
// of the query script apply to the session.
// Usage: node chdb.mjs LOAD.sql QUERY.sql   (SQL_NODE_PATH: node_modules)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.SQL_NODE_PATH + '/');
const { Session } = require('chdb');

const statements = (text) =>
  text.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s));
const [load, query] = process.argv.slice(2).map((p) => readFileSync(p, 'utf8'));
const session = new Session();
try {
  session.query('CREATE DATABASE IF NOT EXISTS sicalc ENGINE = Memory');
  session.query('USE sicalc');
  for (const s of statements(load)) session.query(s);
  const parts = statements(query);
  for (const s of parts.slice(0, -1)) session.query(s);
  const out = JSON.parse(session.query(parts[parts.length - 1], 'JSONCompact'));
  const columns = out.meta.map((m) => m.name);
  const rows = out.data.map((r) => r.map((v) => (typeof v === 'string' && /^-?\d+$/.test(v) && false ? Number(v) : v)));
  process.stdout.write(JSON.stringify({ columns, rows }));
} finally {
  session.cleanup();
}
