// duckdb.mjs — the bench workload (bench/workload.si) in DuckDB, as a peer.
//
//   node bench/duckdb.mjs FILE.csv [--single] [--threads N]
//        [--strategy twoscan|table] [--no-rollup] [-o OUT.csv]
//
// Prints one row per indicator x year x group in a keyed form comparable
// with sicalc's CSV (bench/compare.py reads both):
//   indicator,year,municipality,sex,numerator,denominator,value
// with _T for a dimension that is not broken down. --single leaves out the
// poverty rate (the only indicator that needs a second pass).
//
// Definitions (as bench/workload.si): every figure is weighted; a ratio is
// 100 * sum(w | num) / sum(w | den); mean income is sum(w * income) /
// sum(w | income not empty). The poverty line is 0.6 x the period median of
// income, the median as laeken's weighted quantile (the first income, in
// increasing order, whose cumulative weight share exceeds 0.5); weights are
// read as DECIMAL so that comparison is exact. The poverty rate is the
// weighted share of persons with income below the line among those with an
// income, by group against the period's line.
//
// Strategy: "twoscan" (default, the fastest we found) reads the CSV twice:
// year/income/weight into a temporary table for the medians, then the main
// aggregation. "table" loads every needed column into an in-memory table
// first and runs both queries on it (more memory, not faster). The main
// aggregation is one hash GROUP BY over the finest groups (year x
// municipality x sex) with a CASE-summed weight per condition, rolled up
// with GROUPING SETS afterwards; without the poverty rate (--single) it is
// one streaming scan. Tried and slower on this 2-CPU machine under DuckDB
// 1.5: GROUPING SETS straight over the rows (--no-rollup; about 1.5x), a
// window over all sorted incomes for the median (2.6 s instead of 1.0 s at
// 10M rows), SUM ... FILTER or SUM(w * cond::INTEGER) instead of CASE, and
// weights read as DOUBLE (no clear gain).
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
let rollup = true;
let file = null, single = false, threads = 2, strategy = 'twoscan', out = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--single') single = true;
  else if (a === '--threads') threads = Number(args[++i]);
  else if (a === '--strategy') strategy = args[++i];
  else if (a === '-o') out = args[++i];
  else if (a === '--no-rollup') rollup = false;
  else if (!file) file = a;
  else { console.error(`duckdb.mjs: unexpected argument ${a}`); process.exit(2); }
}
if (!file || !['twoscan', 'table'].includes(strategy)) {
  console.error('usage: node duckdb.mjs FILE.csv [--single] [--threads N] [--strategy twoscan|table] [-o OUT]');
  process.exit(2);
}

const q = (s) => "'" + s.replace(/'/g, "''") + "'";
const csv = `read_csv(${q(file)}, header = true, delim = ',', quote = '"',
  auto_detect = false, columns = {
    'municipality': 'VARCHAR', 'year': 'INTEGER', 'person_id': 'BIGINT',
    'household_id': 'BIGINT', 'sex': 'VARCHAR', 'age': 'INTEGER',
    'settlement': 'VARCHAR', 'roma': 'INTEGER', 'disability': 'INTEGER',
    'activity': 'VARCHAR', 'long_term_unemployed': 'INTEGER',
    'education': 'VARCHAR', 'income': 'DOUBLE', 'social_assistance': 'INTEGER',
    'child_allowance': 'INTEGER', 'weight': 'DECIMAL(9,2)'})`;

// Conditions, each summed once (shared between indicators, as sicalc does).
const W = 'CAST(weight AS DOUBLE)';
const sums = {
  tot: 'TRUE',
  unemp1564: "activity = 'unemployed' AND age BETWEEN 15 AND 64",
  active1564: "activity IN ('employed', 'unemployed') AND age BETWEEN 15 AND 64",
  unemp: "activity = 'unemployed'",
  ltu: "activity = 'unemployed' AND long_term_unemployed = 1",
  age65: 'age >= 65',
  age1564: 'age BETWEEN 15 AND 64',
  sa: 'social_assistance = 1',
  ca18: 'child_allowance = 1 AND age < 18',
  u18: 'age < 18',
  tert2564: "education = 'tertiary' AND age BETWEEN 25 AND 64",
  age2564: 'age BETWEEN 25 AND 64',
  roma: 'roma = 1',
  dis_emp1564: "disability = 1 AND activity = 'employed' AND age BETWEEN 15 AND 64",
  dis1564: 'disability = 1 AND age BETWEEN 15 AND 64',
  inc: 'income IS NOT NULL',
  rural: "settlement = 'rural'",
};
if (!single) sums.poor = 'income < l.line';

// indicator -> [numerator key, denominator key, scale]
const indicators = [
  ['unemployment_rate', 'unemp1564', 'active1564', 100],
  ['long_term_unemployment_share', 'ltu', 'unemp', 100],
  ['share_65_plus', 'age65', 'tot', 100],
  ['old_age_dependency', 'age65', 'age1564', 100],
  ['social_assistance_share', 'sa', 'tot', 100],
  ['child_allowance_share', 'ca18', 'u18', 100],
  ['tertiary_share', 'tert2564', 'age2564', 100],
  ['roma_share', 'roma', 'tot', 100],
  ['disability_employment_rate', 'dis_emp1564', 'dis1564', 100],
  ['mean_income', 's_income', 'inc', 1],
  ['rural_share', 'rural', 'tot', 100],
];
if (!single) indicators.push(['at_risk_of_poverty_rate', 'poor', 'inc', 100]);

const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await instance.connect();
await con.run('SET preserve_insertion_order = false');

let src = csv;
if (strategy === 'table') {
  await con.run(`CREATE TEMP TABLE people AS SELECT municipality, year, sex, age,
    settlement, roma, disability, activity, long_term_unemployed, education,
    income, social_assistance, child_allowance, weight FROM ${csv}`);
  src = 'people';
}

let join = '';
if (!single) {
  // laeken's weighted median per year: the first income (increasing) whose
  // cumulative weight exceeds half the year's total weight, in exact
  // decimals. Sorting 10M incomes is the slow part, so: a histogram over
  // monotone log-scale bins finds the bin where the cumulative weight
  // crosses one half, and only that bin's rows are sorted.
  const incomes = strategy === 'table' ? src : 'incomes';
  if (strategy !== 'table')
    await con.run(`CREATE TEMP TABLE incomes AS
      SELECT year, income, weight FROM ${src} WHERE income IS NOT NULL`);
  await con.run(`CREATE TEMP TABLE lines AS
    WITH b AS (SELECT year, income, weight,
                 CAST(floor(ln(greatest(income, 1e-300)) * 4000) AS INTEGER) AS bin
               FROM ${incomes} WHERE income IS NOT NULL),
    h AS (SELECT year, bin, SUM(weight) AS bw FROM b GROUP BY year, bin),
    c AS (SELECT year, bin, bw,
            SUM(bw) OVER (PARTITION BY year ORDER BY bin
                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cw,
            SUM(bw) OVER (PARTITION BY year) AS tw FROM h),
    s AS (SELECT year, arg_min(bin, bin) AS bin, arg_min(cw - bw, bin) AS before,
            ANY_VALUE(tw) AS tw
          FROM c WHERE 2 * cw > tw GROUP BY year),
    r AS (SELECT b.year, b.income, s.tw, s.before + SUM(b.weight) OVER (
            PARTITION BY b.year ORDER BY b.income
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cw
          FROM b JOIN s ON b.year = s.year AND b.bin = s.bin)
    SELECT year, 0.6 * MIN(income) FILTER (WHERE 2 * cw > tw) AS line
    FROM r GROUP BY year`);
  join = 'JOIN lines l USING (year)';
}

// One hash aggregation over the finest groups (year x municipality x sex),
// summing a weight per condition (CASE, cheaper than FILTER here), then the
// GROUPING SETS roll-up over those few thousand rows.
const keys = [...Object.keys(sums), 's_income'];
const inner = Object.entries(sums).map(([k, c]) =>
  c === 'TRUE' ? `SUM(w) AS ${k}` : `SUM(CASE WHEN ${c} THEN w ELSE 0 END) AS ${k}`);
inner.push('SUM(w * income) AS s_income');
const fine = `SELECT year, municipality, sex, ${inner.join(',\n      ')}
    FROM (SELECT *, CAST(weight AS DOUBLE) AS w FROM ${src}) ${join}
    GROUP BY year, municipality, sex`;
const sql = rollup ? `SELECT year,
    CASE WHEN GROUPING(municipality) = 1 THEN '_T' ELSE municipality END AS municipality,
    CASE WHEN GROUPING(sex) = 1 THEN '_T' ELSE sex END AS sex,
    GROUPING(municipality) AS gm, GROUPING(sex) AS gs,
    ${keys.map((k) => `COALESCE(SUM(${k}), 0) AS ${k}`).join(', ')}
  FROM (${fine})
  GROUP BY GROUPING SETS ((year), (year, municipality), (year, sex), (year, municipality, sex))`
  : `SELECT year,
    CASE WHEN GROUPING(municipality) = 1 THEN '_T' ELSE municipality END AS municipality,
    CASE WHEN GROUPING(sex) = 1 THEN '_T' ELSE sex END AS sex,
    GROUPING(municipality) AS gm, GROUPING(sex) AS gs,
    ${Object.entries(sums).map(([k, c]) => c === 'TRUE' ? `SUM(w) AS ${k}` : `COALESCE(SUM(w) FILTER (WHERE ${c}), 0) AS ${k}`).join(',\n    ')},
    COALESCE(SUM(w * income), 0) AS s_income
  FROM (SELECT *, CAST(weight AS DOUBLE) AS w FROM ${src}) ${join}
  GROUP BY GROUPING SETS ((year), (year, municipality), (year, sex), (year, municipality, sex))`;
const reader = await con.runAndReadAll(sql);
const rows = reader.getRowObjectsJS();

// sicalc's order: breakdown (total, municipality, sex, municipality * sex),
// then year, then group values bytewise.
const bd = (r) => (r.gm ? (r.gs ? 0 : 2) : (r.gs ? 1 : 3));
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
rows.sort((a, b) => bd(a) - bd(b) || a.year - b.year ||
  cmp(a.municipality, b.municipality) || cmp(a.sex, b.sex));

const num = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '' : String(x));
const cell = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
const lines = ['indicator,year,municipality,sex,numerator,denominator,value'];
for (const [name, n, d, scale] of indicators)
  for (const r of rows) {
    const nv = r[n], dv = r[d];
    const v = dv === 0 ? null : scale * nv / dv;
    lines.push(`${name},${r.year},${cell(r.municipality)},${cell(r.sex)},${num(nv)},${num(dv)},${num(v)}`);
  }
const text = lines.join('\n') + '\n';
if (out) writeFileSync(out, text); else process.stdout.write(text);
