-- Reference numbers for tests/diff/catalogue.si, computed by SQLite.
-- Run by tests/diff/sqlite.sh in a folder holding persons.csv; prints CSV
-- in sicalc's contract (indicator, year, dimensions, numerator,
-- denominator, value, unit, status).
--
-- SQLite has no GROUPING SETS. Each indicator lists its groupings in
-- `breakdowns` (one flag per dimension; the total is all zeros); joining the
-- per-row contributions to it and grouping on CASE flag THEN dim ELSE '_T'
-- gives the union of the GROUP BYs in one query.
--
-- Missing values the SQL way: income '' or 'NA' becomes NULL; arithmetic
-- with NULL is NULL; SUM and MAX skip NULLs; CASE WHEN <NULL condition> is
-- the ELSE branch, so a `where` on a missing value is false.

CREATE TABLE raw (municipality TEXT, year INTEGER, sex TEXT, age INTEGER,
                  activity TEXT, income TEXT, weight REAL, settlement TEXT);
.import --csv --skip 1 persons.csv raw

CREATE VIEW persons AS
SELECT municipality, year, sex, age, activity,
       CASE WHEN income IN ('', 'NA') THEN NULL
            ELSE CAST(income AS REAL) END AS income,
       weight, settlement
FROM raw;

-- the catalogue's `let`s
CREATE VIEW p AS
SELECT *,
       age BETWEEN 15 AND 64                   AS working_age,
       activity IN ('employed', 'unemployed')  AS active,
       CASE WHEN age < 15 THEN 1 ELSE 0 END    AS child,
       income / 117.2                          AS income_eur
FROM persons;

-- kind: ratio = numerator/denominator indicator (both printed);
--       total = value sum(...)/count(); mean = value Σnum/Σden (mean, share);
--       max   = value max(x).  thresholds: value < good (<= when le) ...
CREATE TABLE indicators (name TEXT PRIMARY KEY, ord INTEGER, kind TEXT,
                         scale REAL, unit TEXT, le INTEGER,
                         good REAL, warning REAL);
INSERT INTO indicators VALUES
  ('population',                  1, 'total', 1,    'count',    NULL, NULL, NULL),
  ('unemployment_rate',           2, 'ratio', 100,  'percent',  0,    10,   20),
  ('elderly_share',               3, 'mean',  100,  'percent',  NULL, NULL, NULL),
  ('youth_employment_rate',       4, 'ratio', 100,  'percent',  NULL, NULL, NULL),
  ('mean_income',                 5, 'mean',  1,    'RSD',      NULL, NULL, NULL),
  ('mean_income_eur_working_age', 6, 'mean',  1,    'EUR',      NULL, NULL, NULL),
  ('income_per_person',           7, 'ratio', 1,    'ratio',    NULL, NULL, NULL),
  ('low_income_rate',             8, 'ratio', 100,  'percent',  1,    30,   45),
  ('child_dependency',            9, 'ratio', 1000, 'per 1000', NULL, NULL, NULL),
  ('dependent_share',            10, 'mean',  100,  'percent',  NULL, NULL, NULL),
  ('employed_income_total',      11, 'total', 1,    'RSD',      NULL, NULL, NULL),
  ('max_income',                 12, 'max',   1,    'RSD',      NULL, NULL, NULL);

CREATE TABLE breakdowns (indicator TEXT, bsex INTEGER, bmun INTEGER,
                         bset INTEGER);
INSERT INTO breakdowns VALUES
  ('population', 0,0,0), ('population', 1,0,0), ('population', 0,1,0),
  ('population', 1,1,0),
  ('unemployment_rate', 0,0,0), ('unemployment_rate', 1,0,0),
  ('unemployment_rate', 0,1,0), ('unemployment_rate', 1,1,0),
  ('elderly_share', 0,0,0), ('elderly_share', 1,0,0),
  ('elderly_share', 0,0,1),
  ('youth_employment_rate', 0,0,0), ('youth_employment_rate', 1,0,0),
  ('youth_employment_rate', 0,0,1), ('youth_employment_rate', 1,0,1),
  ('mean_income', 0,0,0), ('mean_income', 1,0,0), ('mean_income', 0,1,0),
  ('mean_income', 1,1,0),
  ('mean_income_eur_working_age', 0,0,0),
  ('mean_income_eur_working_age', 0,0,1),
  ('income_per_person', 0,0,0), ('income_per_person', 0,0,1),
  ('income_per_person', 0,1,0),
  ('low_income_rate', 0,0,0), ('low_income_rate', 0,1,0),
  ('child_dependency', 0,0,0), ('child_dependency', 0,1,0),
  ('dependent_share', 0,0,0), ('dependent_share', 1,0,0),
  ('employed_income_total', 0,0,0), ('employed_income_total', 0,1,0),
  ('max_income', 0,0,0), ('max_income', 0,1,0);

-- Per-row contributions of every person to every indicator. The dataset
-- weight is applied here: count = Σw, sum(x) = Σw·x, mean(x) = Σw·x / Σw
-- over rows where x is present, share(c) = Σw·[c] / Σw.
CREATE VIEW contrib AS
SELECT 'population' AS indicator, year, sex, municipality, settlement,
       weight AS num, NULL AS den, NULL AS x FROM p
UNION ALL
SELECT 'unemployment_rate', year, sex, municipality, settlement,
       CASE WHEN activity = 'unemployed' AND working_age THEN weight ELSE 0 END,
       CASE WHEN active AND working_age THEN weight ELSE 0 END, NULL FROM p
UNION ALL
SELECT 'elderly_share', year, sex, municipality, settlement,
       CASE WHEN age >= 65 THEN weight ELSE 0 END, weight, NULL FROM p
UNION ALL
SELECT 'youth_employment_rate', year, sex, municipality, settlement,
       CASE WHEN activity = 'employed' AND age BETWEEN 15 AND 24
            THEN weight ELSE 0 END,
       CASE WHEN age BETWEEN 15 AND 24 THEN weight ELSE 0 END, NULL FROM p
UNION ALL
SELECT 'mean_income', year, sex, municipality, settlement,
       weight * income,
       CASE WHEN income IS NOT NULL THEN weight END, NULL FROM p
UNION ALL
SELECT 'mean_income_eur_working_age', year, sex, municipality, settlement,
       CASE WHEN working_age THEN weight * income_eur END,
       CASE WHEN working_age AND income_eur IS NOT NULL THEN weight END,
       NULL FROM p
UNION ALL
SELECT 'income_per_person', year, sex, municipality, settlement,
       weight * income, weight, NULL FROM p
UNION ALL
SELECT 'low_income_rate', year, sex, municipality, settlement,
       CASE WHEN income < 40000 AND working_age THEN weight ELSE 0 END,
       CASE WHEN income IS NOT NULL AND working_age THEN weight ELSE 0 END,
       NULL FROM p
UNION ALL
SELECT 'child_dependency', year, sex, municipality, settlement,
       weight * child,
       CASE WHEN working_age THEN weight ELSE 0 END, NULL FROM p
UNION ALL
SELECT 'dependent_share', year, sex, municipality, settlement,
       CASE WHEN NOT working_age OR activity = 'inactive' THEN weight ELSE 0 END,
       weight, NULL FROM p
UNION ALL
SELECT 'employed_income_total', year, sex, municipality, settlement,
       CASE WHEN activity = 'employed' THEN weight * income END, NULL, NULL
FROM p
UNION ALL
SELECT 'max_income', year, sex, municipality, settlement,
       NULL, NULL, income FROM p;

CREATE VIEW grouped AS
SELECT c.indicator,
       c.year,
       CASE WHEN b.bsex THEN c.sex ELSE '_T' END          AS sex,
       CASE WHEN b.bmun THEN c.municipality ELSE '_T' END AS municipality,
       CASE WHEN b.bset THEN c.settlement ELSE '_T' END   AS settlement,
       SUM(c.num) AS num, SUM(c.den) AS den, MAX(c.x) AS mx
FROM contrib c JOIN breakdowns b ON b.indicator = c.indicator
GROUP BY 1, 2, 3, 4, 5;

CREATE VIEW result AS
SELECT g.*, i.ord, i.kind, i.unit, i.le, i.good, i.warning,
       CASE i.kind
         WHEN 'ratio' THEN i.scale * g.num / g.den
         WHEN 'mean'  THEN i.scale * g.num / g.den
         WHEN 'total' THEN i.scale * g.num
         WHEN 'max'   THEN i.scale * g.mx
       END AS value
FROM grouped g JOIN indicators i ON i.name = g.indicator;

.headers on
.mode csv
SELECT indicator, year, sex, municipality, settlement,
       CASE WHEN kind = 'ratio' THEN printf('%!.17g', num) END AS numerator,
       CASE WHEN kind = 'ratio' THEN printf('%!.17g', den) END AS denominator,
       printf('%!.17g', value) AS value,
       unit,
       CASE WHEN good IS NULL OR value IS NULL THEN ''
            WHEN (le AND value <= good) OR (NOT le AND value < good) THEN 'good'
            WHEN (le AND value <= warning) OR (NOT le AND value < warning)
              THEN 'warning'
            ELSE 'bad' END AS status
FROM result
ORDER BY ord, year, sex, municipality, settlement;
