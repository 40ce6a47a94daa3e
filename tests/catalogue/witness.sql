-- An independent witness for the catalogue: SQLite computes some of
-- indicators/*.si's figures from the same example CSV files
-- (examples/pirot/data), by year, in total and by one breakdown.
-- tests/catalogue/run.sh runs it in the data folder and checks sicalc's
-- rows against it (numerator and denominator exact, value to 1e-9).
-- Output: indicator,year,dimension,group,numerator,denominator,value
-- (dimension _T: the total row).
-- age_standardised_death_rate: the DSR written out as a sum over the
-- ESP 2013 bands (85+ = 2500) of weight x deaths / population.
.bail on
.mode csv
.import --csv population.csv population
.import --csv nsz.csv nsz
.import --csv employment.csv employment
.import --csv vital.csv vital
.import --csv health.csv health
.import --csv housing.csv housing
.import --csv deaths_age.csv deaths_age
.headers off

-- Each source summed per year and group, for one breakdown at a time.
CREATE TEMP VIEW pop_g AS
  SELECT year, '_T' AS dim, '_T' AS grp, population, population_2011, age FROM population
  UNION ALL SELECT year, 'municipality', municipality, population, population_2011, age FROM population
  UNION ALL SELECT year, 'sex', sex, population, population_2011, age FROM population;
CREATE TEMP VIEW pop_sum AS
  SELECT year, dim, grp,
         SUM(CAST(population AS REAL)) AS pop,
         SUM(CAST(population_2011 AS REAL)) AS pop2011,
         SUM(CASE WHEN CAST(age AS INTEGER) >= 65 THEN CAST(population AS REAL) ELSE 0 END) AS elderly,
         SUM(CASE WHEN CAST(age AS INTEGER) BETWEEN 15 AND 64 THEN CAST(population AS REAL) ELSE 0 END) AS working
  FROM pop_g GROUP BY year, dim, grp;

CREATE TEMP VIEW nsz_sum AS
  SELECT year, dim, grp, SUM(CAST(unemployed AS REAL)) AS unemployed FROM (
    SELECT year, '_T' AS dim, '_T' AS grp, unemployed FROM nsz
    UNION ALL SELECT year, 'municipality', municipality, unemployed FROM nsz
    UNION ALL SELECT year, 'sex', sex, unemployed FROM nsz)
  GROUP BY year, dim, grp;
CREATE TEMP VIEW emp_sum AS
  SELECT year, dim, grp, SUM(CAST(employed AS REAL)) AS employed FROM (
    SELECT year, '_T' AS dim, '_T' AS grp, employed FROM employment
    UNION ALL SELECT year, 'municipality', municipality, employed FROM employment
    UNION ALL SELECT year, 'sex', sex, employed FROM employment)
  GROUP BY year, dim, grp;
CREATE TEMP VIEW vital_sum AS
  SELECT year, dim, grp, SUM(CAST(live_births AS REAL)) AS births FROM (
    SELECT year, '_T' AS dim, '_T' AS grp, live_births FROM vital
    UNION ALL SELECT year, 'municipality', municipality, live_births FROM vital)
  GROUP BY year, dim, grp;
CREATE TEMP VIEW health_sum AS
  SELECT year, dim, grp, SUM(CAST(doctors AS REAL)) AS doctors FROM (
    SELECT year, '_T' AS dim, '_T' AS grp, doctors FROM health
    UNION ALL SELECT year, 'municipality', municipality, doctors FROM health)
  GROUP BY year, dim, grp;
CREATE TEMP VIEW housing_sum AS
  SELECT year, dim, grp, SUM(CAST(household_members AS REAL)) AS members,
         SUM(CAST(households AS REAL)) AS households FROM (
    SELECT year, '_T' AS dim, '_T' AS grp, household_members, households FROM housing
    UNION ALL SELECT year, 'municipality', municipality, household_members, households FROM housing)
  GROUP BY year, dim, grp;

-- registered unemployed / (registered unemployed + registered employed), %
SELECT 'registered_unemployment_rate', n.year, n.dim, n.grp, n.unemployed,
       n.unemployed + e.employed, 100.0 * n.unemployed / (n.unemployed + e.employed)
FROM nsz_sum n JOIN emp_sum e USING (year, dim, grp);
-- 65 and over / everyone, %
SELECT 'elderly_share', year, dim, grp, elderly, pop, 100.0 * elderly / pop FROM pop_sum;
-- 65 and over / 15-64, %
SELECT 'old_age_dependency', year, dim, grp, elderly, working, 100.0 * elderly / working FROM pop_sum;
-- (population - population in 2011) / population in 2011, %
SELECT 'population_change_2011', year, dim, grp, pop - pop2011, pop2011,
       100.0 * (pop - pop2011) / pop2011 FROM pop_sum;
-- live births per 1000 inhabitants
SELECT 'crude_birth_rate', v.year, v.dim, v.grp, v.births, p.pop, 1000.0 * v.births / p.pop
FROM vital_sum v JOIN pop_sum p USING (year, dim, grp);
-- doctors per 1000 inhabitants
SELECT 'doctors_per_1000', h.year, h.dim, h.grp, h.doctors, p.pop, 1000.0 * h.doctors / p.pop
FROM health_sum h JOIN pop_sum p USING (year, dim, grp);
-- household members / households
SELECT 'average_household_size', year, dim, grp, members, households, 1.0 * members / households
FROM housing_sum;
-- deaths per 100 000, directly standardised to ESP 2013 (85 and over
-- joined): sum over bands of (esp / 100000) * deaths / population; the
-- numerator and denominator are the total deaths and population.
CREATE TEMP TABLE esp (lo INTEGER, w REAL);
INSERT INTO esp VALUES (0, 5000), (5, 5500), (10, 5500), (15, 5500), (20, 6000),
  (25, 6000), (30, 6500), (35, 7000), (40, 7000), (45, 7000), (50, 7000),
  (55, 6500), (60, 6000), (65, 5500), (70, 5000), (75, 4000), (80, 2500), (85, 2500);
CREATE TEMP VIEW band_d AS
  SELECT year, dim, grp, CAST(age AS INTEGER) AS lo, SUM(CAST(deaths AS REAL)) AS d FROM (
    SELECT year, '_T' AS dim, '_T' AS grp, age, deaths FROM deaths_age
    UNION ALL SELECT year, 'municipality', municipality, age, deaths FROM deaths_age
    UNION ALL SELECT year, 'sex', sex, age, deaths FROM deaths_age)
  GROUP BY year, dim, grp, lo;
CREATE TEMP VIEW band_p AS
  SELECT year, dim, grp, MIN(CAST(age AS INTEGER) / 5 * 5, 85) AS lo,
         SUM(CAST(population AS REAL)) AS p FROM pop_g
  GROUP BY year, dim, grp, lo;
SELECT 'age_standardised_death_rate', d.year, d.dim, d.grp, SUM(d.d), SUM(p.p),
       SUM(e.w / 100000.0 * d.d / p.p) * 100000
FROM band_d d JOIN band_p p USING (year, dim, grp, lo) JOIN esp e USING (lo)
GROUP BY d.year, d.dim, d.grp;
-- observed / expected deaths x 100, expected at the all-areas rates of
-- each band (indirect standardisation)
CREATE TEMP VIEW band_rate AS
  SELECT d.year, d.lo, d.d / p.p AS r FROM band_d d JOIN band_p p USING (year, dim, grp, lo)
  WHERE d.dim = '_T';
SELECT 'standardised_mortality_ratio', d.year, d.dim, d.grp, SUM(d.d), SUM(p.p * r.r),
       100.0 * SUM(d.d) / SUM(p.p * r.r)
FROM band_d d JOIN band_p p USING (year, dim, grp, lo) JOIN band_rate r USING (year, lo)
WHERE d.dim <> 'sex'
GROUP BY d.year, d.dim, d.grp;
-- median_income_at_risk (the SILC example, ../../silc/silc.csv): each
-- person's equivalised income (household income / the modified OECD
-- scale counted from the household's ages), laeken's weighted median (the
-- first income, in ascending order, whose cumulative weight share reaches
-- one half), the threshold 0.6 x the year's median, and the same median
-- over the persons below it, per domain. No numerator or denominator ('').
.import --csv ../../silc/silc.csv silc
CREATE TEMP VIEW silc_hh AS
  SELECT household_id, SUM(CAST(age AS INTEGER) >= 14) AS adults,
         SUM(CAST(age AS INTEGER) < 14) AS kids
  FROM silc GROUP BY household_id;
CREATE TEMP VIEW silc_eq AS
  SELECT s.year, s.region, s.sex, CAST(s.weight AS REAL) AS w,
         CAST(s.hh_disposable_income AS REAL) /
           (1 + 0.5 * (h.adults - 1) + 0.3 * h.kids) AS y
  FROM silc s JOIN silc_hh h USING (household_id);
CREATE TEMP VIEW silc_t AS
  SELECT year, 0.6 * MIN(y) AS t FROM (
    SELECT year, y, SUM(w) OVER (PARTITION BY year ORDER BY y ROWS UNBOUNDED PRECEDING)
                    / SUM(w) OVER (PARTITION BY year) AS rw
    FROM silc_eq)
  WHERE rw >= 0.5 GROUP BY year;
CREATE TEMP VIEW silc_poor AS
  SELECT year, dim, grp, y, w FROM (
    SELECT year, '_T' AS dim, '_T' AS grp, y, w FROM silc_eq
    UNION ALL SELECT year, 'region', region, y, w FROM silc_eq
    UNION ALL SELECT year, 'sex', sex, y, w FROM silc_eq)
  JOIN silc_t USING (year) WHERE y < t;
SELECT 'median_income_at_risk', year, dim, grp, '', '', MIN(y) FROM (
  SELECT year, dim, grp, y,
         SUM(w) OVER (PARTITION BY year, dim, grp ORDER BY y ROWS UNBOUNDED PRECEDING)
           / SUM(w) OVER (PARTITION BY year, dim, grp) AS rw
  FROM silc_poor)
WHERE rw >= 0.5 GROUP BY year, dim, grp;
