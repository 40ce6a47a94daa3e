#!/bin/sh
# sqlite.sh — the bench workload (bench/workload.si) in SQLite, as a peer.
#
#   sh bench/sqlite.sh FILE.csv [--single] > OUT.csv
#
# Imports the CSV with the sqlite3 shell's .import into a typed in-memory
# table, aggregates once per finest group (year x municipality x sex) and
# emulates GROUPING SETS with a UNION ALL of the four roll-ups of that.
# Prints the keyed form bench/compare.py reads:
#   indicator,year,municipality,sex,numerator,denominator,value
# Same definitions as bench/duckdb.mjs: weighted sums; the poverty line is
# 0.6 x laeken's weighted median per year (the first income, increasing,
# whose cumulative weight exceeds half the total; weights summed in exact
# integer hundredths), by a window over the sorted incomes. --single leaves
# out the poverty rate. Slow: make bench runs it on the 1M file only.
set -e
file=$1
[ -n "$file" ] && [ -r "$file" ] || { echo "usage: sh sqlite.sh FILE.csv [--single]" >&2; exit 2; }
single=0
[ "$2" = "--single" ] && single=1

if [ $single = 1 ]; then
  poor_col="0 AS poor,"
  line_sql="CREATE TEMP TABLE lines AS SELECT DISTINCT year, NULL AS line FROM people;"
  arpr=""
else
  poor_col="SUM(CASE WHEN p.income < l.line THEN weight ELSE 0 END) AS poor,"
  line_sql="
CREATE TEMP TABLE lines AS
SELECT year, 0.6 * MIN(income) AS line FROM (
  SELECT year, income,
         SUM(wc) OVER (PARTITION BY year ORDER BY income
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cw,
         SUM(wc) OVER (PARTITION BY year) AS tw
  FROM (SELECT year, income, CAST(round(weight * 100) AS INTEGER) AS wc
        FROM people WHERE income IS NOT NULL))
WHERE 2 * cw > tw
GROUP BY year;"
  arpr="UNION ALL SELECT 'at_risk_of_poverty_rate', year, municipality, sex, poor, inc, 100.0 * poor / NULLIF(inc, 0) FROM g"
fi

sqlite3 -bail <<EOF
.output /dev/null
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -1000000;
CREATE TABLE people (municipality TEXT, year INTEGER, person_id INTEGER,
  household_id INTEGER, sex TEXT, age INTEGER, settlement TEXT,
  roma INTEGER, disability INTEGER, activity TEXT,
  long_term_unemployed INTEGER, education TEXT, income REAL,
  social_assistance INTEGER, child_allowance INTEGER, weight REAL);
.import --csv --skip 1 '$file' people
-- .import keeps an empty field as the text ''; the missing income is NULL
UPDATE people SET income = NULL WHERE income = '';
$line_sql

CREATE TEMP TABLE fine AS
SELECT p.year AS year, municipality, sex,
  SUM(weight) AS tot,
  SUM(CASE WHEN activity = 'unemployed' AND age BETWEEN 15 AND 64 THEN weight ELSE 0 END) AS unemp1564,
  SUM(CASE WHEN activity IN ('employed', 'unemployed') AND age BETWEEN 15 AND 64 THEN weight ELSE 0 END) AS active1564,
  SUM(CASE WHEN activity = 'unemployed' THEN weight ELSE 0 END) AS unemp,
  SUM(CASE WHEN activity = 'unemployed' AND long_term_unemployed = 1 THEN weight ELSE 0 END) AS ltu,
  SUM(CASE WHEN age >= 65 THEN weight ELSE 0 END) AS age65,
  SUM(CASE WHEN age BETWEEN 15 AND 64 THEN weight ELSE 0 END) AS age1564,
  SUM(CASE WHEN social_assistance = 1 THEN weight ELSE 0 END) AS sa,
  SUM(CASE WHEN child_allowance = 1 AND age < 18 THEN weight ELSE 0 END) AS ca18,
  SUM(CASE WHEN age < 18 THEN weight ELSE 0 END) AS u18,
  SUM(CASE WHEN education = 'tertiary' AND age BETWEEN 25 AND 64 THEN weight ELSE 0 END) AS tert2564,
  SUM(CASE WHEN age BETWEEN 25 AND 64 THEN weight ELSE 0 END) AS age2564,
  SUM(CASE WHEN roma = 1 THEN weight ELSE 0 END) AS roma,
  SUM(CASE WHEN disability = 1 AND activity = 'employed' AND age BETWEEN 15 AND 64 THEN weight ELSE 0 END) AS dis_emp1564,
  SUM(CASE WHEN disability = 1 AND age BETWEEN 15 AND 64 THEN weight ELSE 0 END) AS dis1564,
  SUM(CASE WHEN p.income IS NOT NULL THEN weight ELSE 0 END) AS inc,
  SUM(CASE WHEN settlement = 'rural' THEN weight ELSE 0 END) AS rural,
  $poor_col
  TOTAL(weight * p.income) AS s_income
FROM people p JOIN lines l ON p.year = l.year
GROUP BY p.year, municipality, sex;

CREATE TEMP VIEW g AS
WITH s(year, municipality, sex, tot, unemp1564, active1564, unemp, ltu, age65,
       age1564, sa, ca18, u18, tert2564, age2564, roma, dis_emp1564, dis1564,
       inc, rural, poor, s_income) AS (
  SELECT year, '_T', '_T', SUM(tot), SUM(unemp1564), SUM(active1564), SUM(unemp), SUM(ltu), SUM(age65), SUM(age1564), SUM(sa), SUM(ca18), SUM(u18), SUM(tert2564), SUM(age2564), SUM(roma), SUM(dis_emp1564), SUM(dis1564), SUM(inc), SUM(rural), SUM(poor), SUM(s_income) FROM fine GROUP BY year
  UNION ALL
  SELECT year, municipality, '_T', SUM(tot), SUM(unemp1564), SUM(active1564), SUM(unemp), SUM(ltu), SUM(age65), SUM(age1564), SUM(sa), SUM(ca18), SUM(u18), SUM(tert2564), SUM(age2564), SUM(roma), SUM(dis_emp1564), SUM(dis1564), SUM(inc), SUM(rural), SUM(poor), SUM(s_income) FROM fine GROUP BY year, municipality
  UNION ALL
  SELECT year, '_T', sex, SUM(tot), SUM(unemp1564), SUM(active1564), SUM(unemp), SUM(ltu), SUM(age65), SUM(age1564), SUM(sa), SUM(ca18), SUM(u18), SUM(tert2564), SUM(age2564), SUM(roma), SUM(dis_emp1564), SUM(dis1564), SUM(inc), SUM(rural), SUM(poor), SUM(s_income) FROM fine GROUP BY year, sex
  UNION ALL
  SELECT * FROM fine)
SELECT * FROM s;

.output stdout
.headers on
.mode csv
SELECT 'unemployment_rate' AS indicator, year, municipality, sex, unemp1564 AS numerator, active1564 AS denominator, 100.0 * unemp1564 / NULLIF(active1564, 0) AS value FROM g
UNION ALL SELECT 'long_term_unemployment_share', year, municipality, sex, ltu, unemp, 100.0 * ltu / NULLIF(unemp, 0) FROM g
UNION ALL SELECT 'share_65_plus', year, municipality, sex, age65, tot, 100.0 * age65 / NULLIF(tot, 0) FROM g
UNION ALL SELECT 'old_age_dependency', year, municipality, sex, age65, age1564, 100.0 * age65 / NULLIF(age1564, 0) FROM g
UNION ALL SELECT 'social_assistance_share', year, municipality, sex, sa, tot, 100.0 * sa / NULLIF(tot, 0) FROM g
UNION ALL SELECT 'child_allowance_share', year, municipality, sex, ca18, u18, 100.0 * ca18 / NULLIF(u18, 0) FROM g
UNION ALL SELECT 'tertiary_share', year, municipality, sex, tert2564, age2564, 100.0 * tert2564 / NULLIF(age2564, 0) FROM g
UNION ALL SELECT 'roma_share', year, municipality, sex, roma, tot, 100.0 * roma / NULLIF(tot, 0) FROM g
UNION ALL SELECT 'disability_employment_rate', year, municipality, sex, dis_emp1564, dis1564, 100.0 * dis_emp1564 / NULLIF(dis1564, 0) FROM g
UNION ALL SELECT 'mean_income', year, municipality, sex, s_income, inc, s_income / NULLIF(inc, 0) FROM g
UNION ALL SELECT 'rural_share', year, municipality, sex, rural, tot, 100.0 * rural / NULLIF(tot, 0) FROM g
$arpr;
EOF
