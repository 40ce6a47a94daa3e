#!/usr/bin/env python3
"""Independent witnesses for the golden files (tests/golden/*.out).

The golden suite checks that sicalc prints its .out files; this checks that
the figures in those files are right, computed another way: SQLite (Python's
sqlite3 module) over the same CSV files, with the definitions written again
in SQL, and for intervals the formulas written again in Python. It reads
only the .out files and the data, never runs sicalc, so a golden blessed
from a wrong output fails here.

Usage: witness.py            (run from anywhere)
Prints 'ok NAME' / 'FAIL NAME: detail' per golden file, then
'N passed, N failed'; exits 1 on any failure.

Regression guards only (no witness here): the diff_* cases without data and
diff_data_declarations/_let/_renamed/_status/_top, diff_md_let (what
changed, not figures), doc_*, fmt_*, test_* (their expectations are in the
.si), contract_int_large, change_base_unknown, select_table (select_columns' figures,
rounded), focus_table and focus_md (geo.csv's figures, levels and ranks
are witnessed by tests/cli/focus.sh), and every error case (.err: messages, no
figures). suppress_pick.out was written by hand (see suppress_pick.si).
"""
import csv
import json
import math
import os
import sqlite3
import sys
from statistics import NormalDist

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)
db = sqlite3.connect(":memory:")
passed = failed = 0
problems = {}  # golden -> list of problems
checked = {}  # golden -> number of figures checked


def load(table, path, delimiter=",", decimal="."):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    head = [h.strip() for h in rows[0]]

    def conv(v):
        v = v.strip()
        if v in ("", "NA"):  # missing (docs/LANGUAGE.md, Data)
            return None
        t = v.replace(decimal, ".") if decimal != "." else v
        try:
            return int(t)
        except ValueError:
            try:
                return float(t)
            except ValueError:
                return v

    db.execute(f"DROP TABLE IF EXISTS {table}")
    db.execute(f"CREATE TABLE {table} ({', '.join(chr(34) + h + chr(34) for h in head)})")
    db.executemany(
        f"INSERT INTO {table} VALUES ({', '.join('?' * len(head))})",
        [[conv(v) for v in r] for r in rows[1:] if r],
    )


def q(sql, *args):
    return db.execute(sql, args).fetchone()[0]


def quantile(sql_values, p, *args):
    """laeken's weighted quantile (docs/LANGUAGE.md): the first value, in
    increasing order, whose cumulative weight share exceeds p. sql_values
    selects (x, w)."""
    return q(
        f"""WITH s(x, w) AS ({sql_values}),
        c AS (SELECT x, TOTAL(w) OVER (ORDER BY x ROWS UNBOUNDED PRECEDING) AS cw,
                     TOTAL(w) OVER () AS tw FROM s)
        SELECT x FROM c WHERE cw / tw > ? ORDER BY x LIMIT 1""",
        *args,
        p,
    )


# --- reading the .out files -------------------------------------------------
FIXED = {"indicator", "numerator", "denominator", "value", "se", "cv",
         "ci_low", "ci_high",
         "unit", "status", "n", "flags", "rank", "change", "change_pct",
         "change_base", "change_base_pct"}


def csv_rows(golden):
    with open(golden + ".out", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def find(rows, indicator, period, dims):
    """The row of indicator/period whose breakdown columns are dims (the
    others _T)."""
    cols = [c for c in rows[0] if c not in FIXED and c != "year"]
    for r in rows:
        if r["indicator"] != indicator or r.get("year") != (None if period is None else str(period)):
            continue
        if all(r[c] == str(dims.get(c, "_T")) for c in cols):
            return r
    return None


def same(got, want):
    if want is None:
        return got in ("", None)
    if isinstance(want, str):
        return got == want
    if got in ("", None):
        return False
    return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-12)


def expect(golden, indicator, period, dims, **fields):
    """Row indicator/period/dims of GOLDEN.out has these fields."""
    checked[golden] = checked.get(golden, 0) + len(fields)
    rows = csv_rows(golden)
    r = find(rows, indicator, period, dims)
    where = f"{indicator} {period} {dims or 'total'}"
    if r is None:
        problems.setdefault(golden, []).append(f"{where}: no such row")
        return
    for k, want in fields.items():
        if not same(r[k], want):
            problems.setdefault(golden, []).append(
                f"{where} {k}: file has {r[k]!r}, witness {want!r}")


def expect_text(golden, text):
    """GOLDEN.out contains text (a line of explain or diff output)."""
    checked[golden] = checked.get(golden, 0) + 1
    with open(golden + ".out", encoding="utf-8") as f:
        if text not in f.read():
            problems.setdefault(golden, []).append(f"lacks {text!r}")


def num(x):
    """A number as sicalc prints it: the shortest text that reads back."""
    if x is None:
        return ""
    if float(x) == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def r2(x):
    """Rounded to 2 decimals for reading, as diff and table print."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return s


def status(v, bands):
    """bands: [(label, bound)] for 'label < bound', then the last label."""
    for label, bound in bands[:-1]:
        if v < bound:
            return label
    return bands[-1][0]


def wilson(x, n, level):
    """Wilson score interval, written from the textbook formula."""
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    p = x / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (0 if x <= 0 else max(0, c - h)), (1 if x >= n else min(1, c + h))


def poisson_exact(k, level):
    """Exact (Garwood) Poisson interval for a count k, by bisection on the
    Poisson distribution function (no gamma function borrowed)."""
    a = (1 - level) / 2

    def cdf(k_, lam):  # P(X <= k_)
        term = total = math.exp(-lam)
        for i in range(1, k_ + 1):
            term *= lam / i
            total += term
        return total

    def solve(f, target):  # f decreasing in lam
        lo, hi = 0.0, 1.0
        while f(hi) > target:
            hi *= 2
        for _ in range(200):
            mid = (lo + hi) / 2
            if f(mid) > target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    low = 0.0 if k == 0 else solve(lambda lam: cdf(k - 1, lam), 1 - a)
    high = solve(lambda lam: cdf(k, lam), a)
    return low, high


# --- people.csv: basic, format_*, explain_*, overall, rows, weights, flags,
# use_module, stats_ci, period_option, diff_data_* ---------------------------
load("people", "people.csv")
YEARS = (2021, 2022)
MUNIS = [m for (m,) in db.execute("SELECT DISTINCT municipality FROM people")]
ACTIVE = "activity IN ('employed', 'unemployed') AND age BETWEEN 15 AND 64"
UNEMP = "activity = 'unemployed' AND age BETWEEN 15 AND 64"
UR_BANDS = [("good", 30), ("warning", 60), ("bad", None)]


def unemployment(year, cond="1", unemp=UNEMP, active=ACTIVE):
    nu = q(f"SELECT COUNT(*) FROM people WHERE year=? AND {cond} AND {unemp}", year)
    de = q(f"SELECT COUNT(*) FROM people WHERE year=? AND {cond} AND {active}", year)
    return nu, de


for y in YEARS:
    groups = [({}, "1")]
    groups += [({"sex": s}, f"sex='{s}'") for s in ("F", "M")]
    groups += [({"municipality": m}, f"municipality='{m}'") for m in MUNIS]
    for dims, cond in groups:
        nu, de = unemployment(y, cond)
        if de:
            v = 100.0 * nu / de
            expect("basic", "unemployment_rate", y, dims, numerator=nu,
                   denominator=de, value=v, status=status(v, UR_BANDS), flags="")
        else:
            expect("basic", "unemployment_rate", y, dims, numerator=nu,
                   denominator=de, value=None, flags="zero_denominator")
    for m in MUNIS:
        nu = q("SELECT COUNT(*) FROM people WHERE year=? AND municipality=? AND age>=65", y, m)
        de = q("SELECT COUNT(*) FROM people WHERE year=? AND municipality=?", y, m)
        expect("basic", "elderly_per_1000", y, {"municipality": m},
               numerator=nu, denominator=de, value=1000.0 * nu / de)
        share = q("SELECT 100.0 * SUM(sex='F') / COUNT(*) FROM people WHERE year=? AND municipality=?", y, m)
        expect("basic", "share_female", y, {"municipality": m}, value=share)
    for s in ("F", "M"):
        expect("basic", "mean_income", y, {"sex": s},
               value=q("SELECT AVG(income) FROM people WHERE year=? AND sex=?", y, s))
    expect("basic", "income_total", y, {},
           value=q("SELECT SUM(income) FROM people WHERE year=? AND activity <> 'inactive'", y))

# select_*: --only, --where, --periods pick rows of the whole run; every
# figure is still the one computed over all the data (the totals too), and
# each file holds exactly the rows the selection names, nothing else.
def rows_are(golden, want):
    """GOLDEN.out holds exactly the rows keyed (indicator, year, dims)."""
    checked[golden] = checked.get(golden, 0) + 1
    rows = csv_rows(golden)
    cols = [c for c in rows[0] if c not in FIXED and c not in ("indicator", "year")] if rows else []
    got = sorted((r["indicator"], r["year"], tuple((c, r[c]) for c in cols if r[c] != "_T"))
                 for r in rows)
    want = sorted((i, str(y), tuple(sorted(d.items()))) for i, y, d in want)
    got = sorted((i, y, tuple(sorted(d))) for i, y, d in got)
    if got != want:
        problems.setdefault(golden, []).append(f"rows {got} != selected {want}")


def header_is(golden, dims):
    checked[golden] = checked.get(golden, 0) + 1
    with open(golden + ".out", encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split(",")
    got = [c for c in head if c not in FIXED and c != "indicator"]
    if got != dims:
        problems.setdefault(golden, []).append(f"dimension columns {got}, want {dims}")


# select_where: --where municipality=Pirot,_T --where sex=_T; the totals are
# those of all the municipalities (the selection never narrows a total).
want = []
for y in YEARS:
    for dims, cond in (({}, "1"), ({"municipality": "Pirot"}, "municipality='Pirot'")):
        nu, de = unemployment(y, cond)
        expect("select_where", "unemployment_rate", y, dims, numerator=nu, denominator=de,
               value=100.0 * nu / de)
        want.append(("unemployment_rate", y, dims))
rows_are("select_where", want)
header_is("select_where", ["year", "sex", "municipality"])
# select_only_glob: unemploy* and income_total, 2022 only.
want = [("income_total", 2022, {})]
for dims, cond in [({}, "1")] + [({"sex": s}, f"sex='{s}'") for s in ("F", "M")] + \
        [({"municipality": m}, f"municipality='{m}'") for m in MUNIS] + \
        [({"sex": s, "municipality": m}, f"sex='{s}' AND municipality='{m}'")
         for s in ("F", "M") for m in MUNIS]:
    nu, de = unemployment(2022, cond)
    if q(f"SELECT COUNT(*) FROM people WHERE year=2022 AND {cond}"):
        want.append(("unemployment_rate", 2022, dims))
        expect("select_only_glob", "unemployment_rate", 2022, dims, numerator=nu,
               denominator=de, value=100.0 * nu / de if de else None)
expect("select_only_glob", "income_total", 2022, {},
       value=q("SELECT SUM(income) FROM people WHERE year=2022 AND activity <> 'inactive'"))
rows_are("select_only_glob", want)
# select_columns: mean_income is broken down by sex only: no municipality.
header_is("select_columns", ["year", "sex"])
for y in YEARS:
    expect("select_columns", "mean_income", y, {},
           value=q("SELECT AVG(income) FROM people WHERE year=?", y))
# select_periods_last: the latest year with rows is 2022 for both.
last = q("SELECT MAX(year) FROM people")
want = [("income_total", last, {})]
expect("select_periods_last", "income_total", last, {},
       value=q("SELECT SUM(income) FROM people WHERE year=? AND activity <> 'inactive'", last))
for m in [None] + MUNIS:
    cond = "1" if m is None else f"municipality='{m}'"
    dims = {} if m is None else {"municipality": m}
    nu = q(f"SELECT COUNT(*) FROM people WHERE year=? AND {cond} AND age>=65", last)
    de = q(f"SELECT COUNT(*) FROM people WHERE year=? AND {cond}", last)
    expect("select_periods_last", "elderly_per_1000", last, dims, value=1000.0 * nu / de)
    want.append(("elderly_per_1000", last, dims))
rows_are("select_periods_last", want)
# select_periods_range: 2021..2021, Niš only.
nu = q("SELECT COUNT(*) FROM people WHERE year=2021 AND municipality='Niš' AND age>=65")
de = q("SELECT COUNT(*) FROM people WHERE year=2021 AND municipality='Niš'")
expect("select_periods_range", "elderly_per_1000", 2021, {"municipality": "Niš"},
       numerator=nu, denominator=de, value=1000.0 * nu / de)
rows_are("select_periods_range", [("elderly_per_1000", 2021, {"municipality": "Niš"})])

# change_base: --change --base 2021; change = value - previous period's,
# change_pct = 100 * change / |previous| (empty when previous is 0), the
# same from the base; a side without a value: empty and no_change.
def rate(y, cond):
    nu, de = unemployment(y, cond)
    return 100.0 * nu / de if de else None


for m in [None] + MUNIS:
    cond = "1" if m is None else f"municipality='{m}'"
    dims = {} if m is None else {"municipality": m}
    v21, v22 = rate(2021, cond), rate(2022, cond)
    pct = lambda a, b: None if a is None or b is None or b == 0 else 100.0 * (a - b) / abs(b)
    dif = lambda a, b: None if a is None or b is None else a - b
    flag = "zero_denominator;no_change" if v21 is None or v22 is None else ""
    expect("change_base", "unemployment_rate", 2021, dims, value=v21, change=None,
           change_pct=None, change_base=dif(v21, v21), change_base_pct=pct(v21, v21),
           flags=flag if v21 is None else "")
    expect("change_base", "unemployment_rate", 2022, dims, value=v22, change=dif(v22, v21),
           change_pct=pct(v22, v21), change_base=dif(v22, v21),
           change_base_pct=pct(v22, v21), flags=flag)


# wide_change, wide_json: one row per indicator and group, a column per year,
# then the change of the latest year.
def wide_expect(golden, rows, indicator, dims, vals):
    checked[golden] = checked.get(golden, 0) + len(vals) + 2
    hit = [r for r in rows if r["indicator"] == indicator
           and all(str(r.get(c)) == str(v) for c, v in dims.items())]
    if len(hit) != 1:
        problems.setdefault(golden, []).append(f"{indicator} {dims}: {len(hit)} rows")
        return
    r = hit[0]
    want = {str(y): v for y, v in vals.items()}
    want["change"] = vals[2022] - vals[2021]
    want["change_pct"] = 100.0 * (vals[2022] - vals[2021]) / abs(vals[2021])
    for k, v in want.items():
        if not same(None if r[k] is None else str(r[k]), v):
            problems.setdefault(golden, []).append(f"{indicator} {dims} {k}: {r[k]!r}, witness {v!r}")


wrows = csv_rows("wide_change")
with open("wide_json.out", encoding="utf-8") as f:
    jwide = json.load(f)["rows"]
for s_ in (None, "F", "M"):
    cond = "1" if s_ is None else f"sex='{s_}'"
    vals = {y: q(f"SELECT AVG(income) FROM people WHERE year=? AND {cond}", y) for y in YEARS}
    for g, rows in (("wide_change", wrows), ("wide_json", jwide)):
        wide_expect(g, rows, "mean_income", {"sex": s_ or "_T", "municipality": "_T"}
                    if g == "wide_change" else {"sex": s_ or "_T"}, vals)
for m in [None] + MUNIS:
    cond = "1" if m is None else f"municipality='{m}'"
    vals = {y: 1000.0 * q(f"SELECT COUNT(*) FROM people WHERE year=? AND {cond} AND age>=65", y)
            / q(f"SELECT COUNT(*) FROM people WHERE year=? AND {cond}", y) for y in YEARS}
    wide_expect("wide_change", wrows, "elderly_per_1000", {"sex": "_T", "municipality": m or "_T"}, vals)
checked["wide_change"] += 1
if len(wrows) != 8:
    problems.setdefault("wide_change", []).append(f"{len(wrows)} rows, want 8 (5 + 3 groups)")
# wide_md: income_total and mean_income (sex _T) by year, readable.
for y in YEARS:
    expect_text("wide_md", "%.2f" % q("SELECT SUM(income) FROM people WHERE year=? AND activity <> 'inactive'", y))
    expect_text("wide_md", "%.2f" % q("SELECT AVG(income) FROM people WHERE year=?", y))

# format_json: the same rows as basic, in JSON.
with open("format_json.out", encoding="utf-8") as f:
    jrows = json.load(f)["rows"]
for y in YEARS:
    nu, de = unemployment(y)
    hit = [r for r in jrows if r["indicator"] == "unemployment_rate" and r["year"] == str(y)
           and r["sex"] == "_T" and r["municipality"] == "_T"]
    checked["format_json"] = checked.get("format_json", 0) + 1
    if not (hit and hit[0]["numerator"] == nu and hit[0]["denominator"] == de
            and same(hit[0]["value"], 100.0 * nu / de)):
        problems.setdefault("format_json", []).append(f"unemployment_rate {y} total: {hit}")
# format_table and format_md: values rounded for reading.
for golden, sep in (("format_table", None), ("format_md", "|")):
    for y in YEARS:
        nu, de = unemployment(y)
        v = 100.0 * nu / de
        want = ["unemployment_rate", str(y), "_T", "_T", str(nu), str(de), r2(v), "percent",
                status(v, UR_BANDS)]
        checked[golden] = checked.get(golden, 0) + 1
        with open(golden + ".out", encoding="utf-8") as f:
            lines = [[c.strip() for c in (l.split(sep) if sep else l.split())] for l in f]
        lines = [[c for c in l if c] for l in lines]
        if not any(l[: len(want)] == want for l in lines):
            problems.setdefault(golden, []).append(f"no row {' '.join(want)}")

# explain: the arithmetic line of each case. It shows "A ÷ B × 100", and
# the witness divides, then multiplies, in that order: the last digit of the
# shortest form depends on it.
nu, de = unemployment(2022)
expect_text("explain_total", f"= {nu} ÷ {de} × 100 = {num(nu / de * 100)} percent")
expect_text("explain_total", f"counted    {nu} of the 30 rows of the group")
nu, de = unemployment(2021, "sex='F'")
expect_text("explain_group", f"= {nu} ÷ {de} × 100 = {num(nu / de * 100)} percent")
for y in YEARS:
    nu, de = unemployment(y, "municipality='Pirot' AND sex='M'")
    with open("explain_cross.out", encoding="utf-8") as f:
        if f"year = {y}" in f.read():
            expect_text("explain_cross", f"= {nu} ÷ {de} × 100 = {num(nu / de * 100) if de else ''}")

# overall: period-wide aggregates inside row conditions.
for y in YEARS:
    line = 0.6 * quantile("SELECT income, 1.0 FROM people WHERE year=? AND income IS NOT NULL", 0.5, y)
    mean = q("SELECT AVG(income) FROM people WHERE year=?", y)
    total = q("SELECT SUM(income) FROM people WHERE year=?", y)
    for m in MUNIS:
        nu = q("SELECT COUNT(*) FROM people WHERE year=? AND municipality=? AND income < ?", y, m, line)
        de = q("SELECT COUNT(income) FROM people WHERE year=? AND municipality=?", y, m)
        expect("overall", "poverty_rate", y, {"municipality": m}, numerator=nu, denominator=de,
               value=100.0 * nu / de if de else None)
        s = q("SELECT SUM(income) FROM people WHERE year=? AND municipality=?", y, m)
        expect("overall", "share_of_period_income", y, {"municipality": m},
               value=100.0 * s / total if s is not None else None)
    for s in ("F", "M"):
        nu = q("SELECT COUNT(*) FROM people WHERE year=? AND sex=? AND income > ?", y, s, mean)
        de = q("SELECT COUNT(income) FROM people WHERE year=? AND sex=?", y, s)
        expect("overall", "above_mean", y, {"sex": s}, numerator=nu, denominator=de,
               value=100.0 * nu / de)
        sel = "SELECT income, 1.0 FROM people WHERE year=? AND sex=? AND income IS NOT NULL"
        st = (quantile(sel, 0.25, y, s) + quantile(sel, 0.5, y, s)
              + q("SELECT MIN(income) FROM people WHERE year=? AND sex=?", y, s)
              + q("SELECT MAX(income) FROM people WHERE year=? AND sex=?", y, s))
        expect("overall", "income_stats", y, {"sex": s}, value=st)
    expect("overall", "municipalities", y, {},
           value=q("SELECT COUNT(DISTINCT municipality) FROM people WHERE year=?", y))

# rows: let, band, coalesce, fn.
AGE_GROUP = "CASE WHEN age < 18 THEN '0-17' WHEN age < 65 THEN '18-64' ELSE '65+' END"
for y in YEARS:
    for g, c in db.execute(f"SELECT {AGE_GROUP} g, COUNT(*) FROM people WHERE year=? GROUP BY g", (y,)).fetchall():
        expect("rows", "by_age_group", y, {"age_group": g}, value=c)
    expect("rows", "adults_without_income", y, {},
           value=q("SELECT 100.0 * SUM(income IS NULL) / COUNT(*) FROM people WHERE year=? AND age >= 18", y))
    expect("rows", "mean_income_zero_filled", y, {},
           value=q("SELECT AVG(COALESCE(income, 0)) FROM people WHERE year=?", y))
    expect("rows", "income_per_age", y, {},
           value=q("SELECT SUM(income) / SUM(age + 1.0) FROM people WHERE year=? AND income IS NOT NULL", y))
    for m in MUNIS:
        if m == "Niš":
            continue
        expect("rows", "working_sum", y, {"municipality": m},
               value=q("SELECT SUM(activity='employed') FROM people WHERE year=? AND municipality=?", y, m))

# weights: the dataset's weight everywhere.
for y in YEARS:
    for dims, cond in [({}, "1"), ({"sex": "F"}, "sex='F'"), ({"sex": "M"}, "sex='M'")]:
        nu = q(f"SELECT TOTAL(weight) FROM people WHERE year=? AND {cond} AND activity='unemployed'", y)
        de = q(f"SELECT TOTAL(weight) FROM people WHERE year=? AND {cond} AND activity IN ('employed','unemployed')", y)
        expect("weights", "weighted_unemployment", y, dims, numerator=nu, denominator=de,
               value=100.0 * nu / de)
    expect("weights", "weighted_mean_income", y, {},
           value=q("SELECT SUM(weight * income) / SUM(weight) FROM people WHERE year=? AND income IS NOT NULL", y))
    expect("weights", "weighted_median_income", y, {},
           value=quantile("SELECT income, weight FROM people WHERE year=? AND income IS NOT NULL", 0.5, y))
    expect("weights", "unweighted_count", y, {}, value=q("SELECT COUNT(*) FROM people WHERE year=?", y))

# shared_values: order statistics over the same values, each its own
# statistic; and one with another where.
for y in YEARS:
    for dims, cond in [({}, "1"), ({"sex": "F"}, "sex='F'"), ({"sex": "M"}, "sex='M'")]:
        sel = f"SELECT income, weight FROM people WHERE year=? AND {cond} AND income IS NOT NULL"
        for ind, p in [("median_income", 0.5), ("lower_quartile_income", 0.25),
                       ("top_decile_income", 0.9)]:
            expect("shared_values", ind, y, dims, value=quantile(sel, p, y))
        expect("shared_values", "median_income_employed", y, dims,
               value=quantile(sel + " AND activity='employed'", 0.5, y))

wm = quantile("SELECT income, weight FROM people WHERE year=? AND income IS NOT NULL", 0.5, 2022)
expect_text("explain_median", num(wm))

# flags: suppression, zero denominator, missing values skipped.
for y in YEARS:
    for m in MUNIS:
        for s in ("F", "M"):
            nu = q("SELECT COUNT(*) FROM people WHERE year=? AND municipality=? AND sex=? AND activity='unemployed'", y, m, s)
            de = q("SELECT COUNT(*) FROM people WHERE year=? AND municipality=? AND sex=? AND activity<>''", y, m, s)
            if de == 0:
                continue
            r = find(csv_rows("flags"), "small_cells", y, {"municipality": m, "sex": s})
            if de < 6:
                checked["flags"] = checked.get("flags", 0) + 1
                if r is None or "suppressed" not in r["flags"] or r["value"] != "":
                    problems.setdefault("flags", []).append(f"small_cells {y} {m} {s}: denominator {de} < 6 not suppressed")
            elif r is not None and "suppressed" not in r["flags"]:
                expect("flags", "small_cells", y, {"municipality": m, "sex": s},
                       numerator=nu, denominator=de, value=100.0 * nu / de)
        expect("flags", "income_skips", y, {"municipality": m},
               value=q("SELECT SUM(income) FROM people WHERE year=? AND municipality=?", y, m))
    expect("flags", "zero_denominator", y, {}, numerator=0, denominator=0, value=None,
           flags="zero_denominator")

# use_module: functions from the standard library and a local module.
for y in YEARS:
    for s in ("F", "M"):
        expect("use_module", "adult_pct", y, {"sex": s},
               value=q("SELECT 100.0 * SUM(age >= 18) / COUNT(*) FROM people WHERE year=? AND sex=?", y, s))
    for m in MUNIS:
        expect("use_module", "employed_per1000_working_age", y, {"municipality": m},
               value=q("SELECT 1000.0 * SUM(activity='employed') / COUNT(*) FROM people "
                       "WHERE year=? AND municipality=? AND age BETWEEN 15 AND 64", y, m))
    expect("use_module", "elderly_per100000", y, {},
           value=q("SELECT 100000.0 * SUM(age >= 65) / COUNT(*) FROM people WHERE year=?", y))

# stats_ci: Wilson and exact Poisson intervals.
for y in YEARS:
    nu = q("SELECT COUNT(*) FROM people WHERE year=? AND activity='unemployed'", y)
    de = q("SELECT COUNT(*) FROM people WHERE year=? AND activity IN ('employed','unemployed')", y)
    lo, hi = wilson(nu, de, 0.95)
    expect("stats_ci", "unemployment_rate", y, {}, numerator=nu, denominator=de,
           value=100.0 * nu / de, ci_low=100 * lo, ci_high=100 * hi)
    k = q("SELECT COUNT(*) FROM people WHERE year=? AND age >= 65", y)
    n = q("SELECT COUNT(*) FROM people WHERE year=?", y)
    lo, hi = poisson_exact(k, 0.90)
    expect("stats_ci", "elderly_per_1000", y, {}, numerator=k, denominator=n,
           value=1000.0 * k / n, ci_low=1000 * lo / n, ci_high=1000 * hi / n)
    wn = q("SELECT SUM(weight) FROM people WHERE year=? AND age >= 65", y)
    wd = q("SELECT SUM(weight) FROM people WHERE year=?", y)
    # weighted: Kish's effective sample size of the denominator's rows
    neff = wd * wd / q("SELECT TOTAL(weight * weight) FROM people WHERE year=?", y)
    lo, hi = wilson(wn / wd * neff, neff, 0.95)
    expect("stats_ci", "weighted_share_65", y, {}, numerator=wn, denominator=wd,
           value=100.0 * wn / wd, ci_low=100 * lo, ci_high=100 * hi)

# period_option: --period year on a catalogue without a period.
for y in YEARS:
    for dims, cond in [({}, "1"), ({"sex": "F"}, "sex='F'"), ({"sex": "M"}, "sex='M'")]:
        nu = q(f"SELECT SUM(activity='employed') FROM people WHERE year=? AND {cond}", y)
        de = q(f"SELECT COUNT(*) FROM people WHERE year=? AND {cond}", y)
        expect("period_option", "employed", y, dims, numerator=nu, denominator=de, value=100.0 * nu / de)
    expect("period_option", "median_income", y, {},
           value=quantile("SELECT income, 1.0 FROM people WHERE year=? AND income IS NOT NULL", 0.5, y))

# diff_data_values: the changed numerator's old and new values (2 decimals).
for dims, cond, label in [({}, "1", "total"), ({"sex": "M"}, "sex='M'", "M")]:
    nu0, de = unemployment(2022, cond)
    nu1, _ = unemployment(2022, cond, unemp=UNEMP + " AND age >= 25")
    old, new = 100.0 * nu0 / de, 100.0 * nu1 / de
    expect_text("diff_data_values", f"{label} 2022: {r2(old)} → {r2(new)} (−{r2(old - new)})")
    expect_text("diff_md_data", f"| {label} 2022 | {r2(old)} | {r2(new)} | −{r2(old - new)} |")

# --- other data files -------------------------------------------------------
# multi: a numerator and a denominator from two files, joined on year and group.
load("population", "multi/population.csv")
load("nsz", "multi/nsz.csv")
for (y,) in db.execute("SELECT DISTINCT year FROM nsz").fetchall():
    nu = q("SELECT SUM(unemployed) FROM nsz WHERE year=?", y)
    de = q("SELECT SUM(population) FROM population WHERE year=? AND age_group='15-64'", y)
    expect("multi", "unemployed_per_100_working_age", y, {}, numerator=nu, denominator=de)
    for m, in db.execute("SELECT DISTINCT municipality FROM nsz WHERE year=?", (y,)).fetchall():
        f = q("SELECT SUM(unemployed) FROM nsz WHERE year=? AND municipality=? AND sex='F'", y, m)
        t = q("SELECT SUM(unemployed) FROM nsz WHERE year=? AND municipality=?", y, m)
        expect("multi", "female_share_of_unemployed", y, {"municipality": m},
               numerator=f, denominator=t)
    expect("multi", "population_rows", y, {},
           value=q("SELECT COUNT(*) FROM population WHERE year=?", y))

# The input-format goldens: small tables read through BOM and CRLF, quoted
# fields, semicolons, tabs, decimal commas, odd header names; their figures
# from SQLite over Python's own CSV reading.
load("t", "bom_crlf.csv")
for place, total in db.execute("SELECT place, SUM(income) FROM t GROUP BY place").fetchall():
    expect("bom_crlf", "income_by_place", None, {"place": place}, value=total)
expect("bom_crlf", "income_by_place", None, {}, value=q("SELECT SUM(income) FROM t"))
expect("bom_crlf", "rows", None, {}, value=q("SELECT COUNT(*) FROM t"))

load("t", "decimal_comma.csv", delimiter=";", decimal=",")
for s_ in ("F", "M"):
    expect("decimal_comma", "mean_income", None, {"sex": s_},
           value=q("SELECT AVG(income) FROM t WHERE sex=?", s_))
expect("decimal_comma", "mean_income", None, {}, value=q("SELECT AVG(income) FROM t"))
expect("decimal_comma", "total_income", None, {}, value=q("SELECT SUM(income) FROM t"))
expect("decimal_comma", "max_rate", None, {}, value=q("SELECT MAX(rate) FROM t"))

load("t", "delimiter_option.csv", delimiter=";")
for dims, cond in [({}, "1"), ({"municipality": "Bor"}, "municipality='Bor'"),
                   ({"municipality": "Pirot"}, "municipality='Pirot'")]:
    a = q(f'SELECT SUM("population, 2021") FROM t WHERE {cond}')
    b = q(f'SELECT SUM("population, 2022") FROM t WHERE {cond}')
    expect("delimiter_option", "growth", None, dims, numerator=b - a, denominator=a,
           value=100.0 * (b - a) / a)

for golden, delim in (("delim_semicolon", ";"), ("delim_tab", "\t")):
    load("t", golden + ".csv", delimiter=delim)
    expect(golden, "population", None, {}, value=q('SELECT SUM("Broj stanovnika") FROM t'))
    for m, v in db.execute('SELECT municipality, SUM("Broj stanovnika") FROM t GROUP BY municipality').fetchall():
        expect(golden, "population", None, {"municipality": m}, value=v)
    expect(golden, "mean_rate", None, {}, value=q("SELECT AVG(rate) FROM t"))

# contract_ok: booleans true/1/yes, missing "." and NA (counted by hand too:
# 3 of 6 flagged; incomes 1000, 2500.5, 3000).
load("t", "contract_ok.csv")
db.execute("UPDATE t SET income = NULL WHERE income = '.'")
TRUE = "flag IN ('true', '1', 'yes', 1)"
for dims, cond in [({}, "1"), ({"sex": "F"}, "sex='F'"), ({"sex": "M"}, "sex='M'")]:
    expect("contract_ok", "flagged", None, dims, numerator=q(f"SELECT SUM({TRUE}) FROM t WHERE {cond}"),
           denominator=q(f"SELECT COUNT(*) FROM t WHERE {cond}"),
           value=q(f"SELECT 100.0 * SUM({TRUE}) / COUNT(*) FROM t WHERE {cond}"))
    expect("contract_ok", "mean_income", None, dims, value=q(f"SELECT AVG(income) FROM t WHERE {cond}"))
expect("contract_ok", "mean_income", None, {}, value=(1000 + 2500.5 + 3000) / 3)
expect("contract_ok", "mean_age", None, {}, value=q("SELECT AVG(age) FROM t"))

# contract_bad_*_lenient: with --lenient, a value outside its column's
# contract (contract.si) is counted as missing.
for case in ("flag", "income", "int", "range", "sex"):
    golden = f"contract_bad_{case}_lenient"
    load("t", f"contract_bad_{case}.csv")
    db.execute("UPDATE t SET flag = NULL WHERE flag NOT IN ('true','false','1','0','yes','no', 1, 0)")
    db.execute("UPDATE t SET income = NULL WHERE typeof(income) NOT IN ('integer', 'real')")
    db.execute("UPDATE t SET age = NULL WHERE typeof(age) <> 'integer' OR age NOT BETWEEN 0 AND 120")
    db.execute("UPDATE t SET sex = NULL WHERE sex NOT IN ('M', 'F')")
    groups = [({}, "1")] + [({"sex": x}, f"sex='{x}'") for (x,) in
                            db.execute("SELECT DISTINCT sex FROM t WHERE sex IS NOT NULL")]
    for dims, cond in groups:
        nu = q(f"SELECT TOTAL({TRUE}) FROM t WHERE {cond}")
        de = q(f"SELECT COUNT(*) FROM t WHERE {cond}")
        expect(golden, "flagged", None, dims, numerator=nu, denominator=de, value=100.0 * nu / de)
        expect(golden, "mean_income", None, dims, value=q(f"SELECT AVG(income) FROM t WHERE {cond}"))
    expect(golden, "mean_age", None, {}, value=q("SELECT AVG(age) FROM t"))

# per_key_arg: per-key aggregates as arguments (people.csv, unweighted:
# no dataset declares its weight).
size = q("SELECT AVG(k) FROM people p JOIN (SELECT household h, COUNT(*) k "
         "FROM people GROUP BY household) ON h = p.household")
expect("per_key_arg", "mean_household_size", None, {}, value=size)
expect("per_key_arg", "mean_household_size_sum", None, {}, value=size)
expect("per_key_arg", "largest_scale", None, {}, value=q(
    "SELECT MAX(s) FROM (SELECT 1 + 0.5 * (SUM(age >= 14) - 1) "
    "+ 0.3 * SUM(age < 14) s FROM people GROUP BY household)"))

# missing_all: missing is not zero. SQL's SUM and AVG over only NULLs are
# NULL, as sicalc's empty value; the flags follow from which side is NULL
# and whether some rows were NULL (docs/STATISTICS.md).
load("missing_all", "missing_all.csv")
for area in (None, "A", "B", "C", "D"):
    cond = "1" if area is None else f"area = '{area}'"
    nu, de, rows, have_nu, have_de, avg = db.execute(
        "SELECT SUM(deaths), SUM(population), COUNT(*), COUNT(deaths), "
        f"COUNT(population), AVG(deaths) FROM missing_all WHERE {cond}").fetchone()
    value = 1000.0 * nu / de if nu is not None and de is not None else None
    flags = ["no_data"] if nu is None else ["missing_denominator"] if de is None else []
    if (have_nu < rows or have_de < rows) and value is not None:
        flags.append("missing_skipped")
    dims = {} if area is None else {"area": area}
    lo, hi = wilson(nu, de, 0.95) if value is not None else (None, None)
    expect("missing_all", "death_rate", None, dims, numerator=nu, denominator=de,
           value=value, ci_low=lo and 1000 * lo, ci_high=hi and 1000 * hi,
           flags=";".join(flags))
    expect("missing_all", "mean_deaths", None, dims, value=avg,
           flags="no_data" if avg is None else "missing_skipped" if have_nu < rows else "")
    expect("missing_all", "count_deaths", None, dims,
           value=have_nu if have_nu else None,
           flags="no_data" if not have_nu else "missing_skipped" if have_nu < rows else "")

# explain: the arithmetic of the other cases.
expect_text("explain_share", "= {} × 100 = {} percent".format(
    num(q("SELECT 1.0 * SUM(sex='F') / COUNT(*) FROM people WHERE year=2022 AND municipality='Pirot'")),
    num(q("SELECT 100.0 * SUM(sex='F') / COUNT(*) FROM people WHERE year=2022 AND municipality='Pirot'"))))
expect_text("explain_value", "= {} RSD".format(
    num(q("SELECT AVG(income) FROM people WHERE year=2022 AND sex='F'"))))
nu = q("SELECT TOTAL(weight) FROM people WHERE year=2022 AND sex='M' AND activity='unemployed'")
de = q("SELECT TOTAL(weight) FROM people WHERE year=2022 AND sex='M' AND activity IN ('employed','unemployed')")
expect_text("explain_weighted", f"= {num(nu)} ÷ {num(de)} × 100 = {num(nu / de * 100)} percent")

# design_se, design_policy: design-based standard errors, written again
# from the textbook formulas: u_k = w_k z_k (z the influence value, 0
# outside the domain), PSU totals, then the stratified with-replacement
# variance sum_h n_h/(n_h - 1) sum_i (u_hi - mean_h)^2 over every PSU.
def design_witness():
    with open("design.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["w"], r["x"] = float(r["w"]), float(r["x"])
    psus = sorted({(r["region"], r["hh"]) for r in rows})

    def se(z):  # z(r) -> influence value of row r
        u = {p: 0.0 for p in psus}
        for r in rows:
            u[(r["region"], r["hh"])] += r["w"] * z(r)
        v = 0.0
        for h in sorted({p[0] for p in psus}):
            t = [u[p] for p in psus if p[0] == h]
            m = sum(t) / len(t)
            v += len(t) / (len(t) - 1) * sum((a - m) ** 2 for a in t)
        return math.sqrt(v)

    zq = NormalDist().inv_cdf(0.975)
    for dims in ({}, {"sex": "F"}, {"sex": "M"}):
        def d(r, dims=dims):
            return all(r[k] == v for k, v in dims.items())
        tot = sum(r["w"] * r["x"] for r in rows if d(r))
        s_tot = se(lambda r: r["x"] if d(r) else 0.0)
        N = sum(r["w"] for r in rows if d(r))
        m = tot / N
        s_m = se(lambda r: (r["x"] - m) / N if d(r) else 0.0)
        for g in ("design_se", "design_policy"):
            expect(g, "total_x", None, dims, value=tot, se=s_tot,
                   cv=s_tot / tot)
        expect("design_se", "mean_x", None, dims, value=m, se=s_m,
               cv=s_m / m, ci_low=m - zq * s_m, ci_high=m + zq * s_m)
        # ci t: the domain's PSUs minus their strata; R's qt(0.975, df)
        dom = {(r["region"], r["hh"]) for r in rows if d(r)}
        df = len(dom) - len({p[0] for p in dom})
        tq = {3: 3.1824463052837078, 1: 12.706204736174694,
              2: 4.3026527297494619}[df]
        expect("design_se", "mean_t", None, dims, value=m, se=s_m,
               ci_low=m - tq * s_m, ci_high=m + tq * s_m)
        flag = "low_count" if s_tot / tot > 0.25 else ""
        expect("design_policy", "total_x", None, dims, flags=flag)
        if not dims:
            hidden = False
        else:
            hidden = True  # F: cv > 0.3 or se > 1.5; M: its complement
        expect("design_policy", "mean_x", None, dims,
               value=None if hidden else m, se=None if hidden else s_m)
    N = sum(r["w"] for r in rows)
    p = sum(r["w"] for r in rows if r["x"] > 6) / N
    s_p = se(lambda r: ((r["x"] > 6) - p) / N)
    expect("design_se", "share_big", None, {}, value=100 * p, se=100 * s_p,
           cv=s_p / p)
    sx = sum(r["w"] * r["x"] for r in rows)
    R = sum(r["w"] * r["x"] for r in rows if r["sex"] == "F") / sx
    s_r = se(lambda r: ((r["sex"] == "F") * r["x"] - R * r["x"]) / sx)
    expect("design_se", "ratio_x", None, {}, value=R, se=s_r, cv=s_r / R)


design_witness()

# design_fpc_ok: the fpc as population counts of PSUs, f_h = n_h / N_h:
# stratum A totals 50, 70, 30, 40 (f 4/8), B 50, 40 (f 2/40).
v_fpc = 0.0
for t, f in (([50, 70, 30, 40], 4 / 8), ([50, 40], 2 / 40)):
    m = sum(t) / len(t)
    v_fpc += (1 - f) * len(t) / (len(t) - 1) * sum((a - m) ** 2 for a in t)
for g in ("design_fpc_ok", "design_fpc_frac"):  # counts; fractions 0.5, 0.05
    expect(g, "total_x", None, {}, value=280, se=math.sqrt(v_fpc),
           cv=math.sqrt(v_fpc) / 280)

# dsr_own_standard: a catalogue's own standard population. The DSR in SQL
# (sum over bands of standard share x deaths / population), Dobson's
# interval with Byar's limits of the total deaths written again here.
load("own", "dsr_own_standard.csv")
zq = NormalDist().inv_cdf(0.975)
for std, ind in (({"0-14": 14.3, "15-64": 66.2, "65+": 19.5}, "dsr_own"),
                 ({"0-14": 1, "15-64": 2, "65+": 1}, "dsr_inline")):
    db.execute("DROP TABLE IF EXISTS std")
    db.execute("CREATE TABLE std (band TEXT, w REAL)")
    db.executemany("INSERT INTO std VALUES (?, ?)", std.items())
    for dims, cond in (({}, "1"), ({"area": "A"}, "area = 'A'"),
                       ({"area": "B"}, "area = 'B'")):
        bands = db.execute(
            "SELECT s.w / (SELECT SUM(w) FROM std), SUM(deaths), SUM(pop) "
            f"FROM own JOIN std s USING (band) WHERE {cond} GROUP BY band"
        ).fetchall()
        dsr = sum(w * o / n for w, o, n in bands)
        o = sum(b[1] for b in bands)
        fields = dict(numerator=o, denominator=sum(b[2] for b in bands),
                      value=1000 * dsr)
        if ind == "dsr_own":
            v = sum((w / n) ** 2 * k for w, k, n in bands)
            lo = o * (1 - 1 / (9 * o) - zq / (3 * math.sqrt(o))) ** 3
            hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + zq / (3 * math.sqrt(o + 1))) ** 3
            f = math.sqrt(v / o)
            fields.update(ci_low=1000 * (dsr + f * (lo - o)),
                          ci_high=1000 * (dsr + f * (hi - o)))
        expect("dsr_own_standard", ind, None, dims, **fields)
expect("dsr_own_standard", "dsr_own", None, {"area": "A"}, value=10.108)
expect("dsr_own_standard", "dsr_inline", None, {"area": "A"}, value=11)

# design_rules: Eurostat's SILC publication rules in the policy, over
# design-based precision (suppress when n < 20 or cv > 0.3, low_count
# when cv > 0.2): n, the value, se and cv written again from the PSU
# totals (as design_witness), then the rules.
def design_rules_witness():
    with open("design_rules.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["w"], r["x"] = float(r["w"]), float(r["x"])
    psus = sorted({(r["region"], r["hh"]) for r in rows})

    def se(z):
        u = {p: 0.0 for p in psus}
        for r in rows:
            u[(r["region"], r["hh"])] += r["w"] * z(r)
        v = 0.0
        for h in sorted({p[0] for p in psus}):
            t = [u[p] for p in psus if p[0] == h]
            m = sum(t) / len(t)
            v += len(t) / (len(t) - 1) * sum((a - m) ** 2 for a in t)
        return math.sqrt(v)

    outcomes = set()
    for g in (None, "p", "q", "s"):
        def d(r, g=g):
            return g is None or r["g"] == g
        n = sum(1 for r in rows if d(r))
        N = sum(r["w"] for r in rows if d(r))
        tot = sum(r["w"] * r["x"] for r in rows if d(r))
        m = tot / N
        p0 = sum(r["w"] for r in rows if d(r) and r["x"] == 0) / N
        figures = {
            "total_x": (tot, se(lambda r: r["x"] if d(r) else 0.0), 1),
            "mean_x": (m, se(lambda r: (r["x"] - m) / N if d(r) else 0.0), 1),
            "share_zero": (p0, se(lambda r: ((r["x"] == 0) - p0) / N
                                  if d(r) else 0.0), 100),
        }
        for ind, (v, s_, scale) in figures.items():
            cv = s_ / abs(v)
            hide = n < 20 or cv > 0.3
            flags = ";".join(f for f, on in (("low_count", cv > 0.2),
                                             ("suppressed", hide)) if on)
            outcomes.add(flags)
            dims = {} if g is None else {"g": g}
            expect("design_rules", ind, None, dims, n=n, flags=flags,
                   value=None if hide else scale * v,
                   se=None if hide else scale * s_, cv=None if hide else cv)
    # the data exercise every branch of the rules
    expect("design_rules", "total_x", None, {}, n=60)
    if outcomes != {"", "low_count", "suppressed", "low_count;suppressed"}:
        problems.setdefault("design_rules", []).append(
            f"the data do not reach every rule: {sorted(outcomes)}")


design_rules_witness()

# conditions_aggregates: rules over any aggregate of the group, in SQL
# over dsr_own_standard.csv (table own, loaded above).
for area in ("A", "B"):
    ev, pop, old, avg = db.execute(
        "SELECT SUM(deaths), SUM(pop), TOTAL(CASE WHEN band = '65+' THEN pop END), "
        f"AVG(deaths) FROM own WHERE area = '{area}'").fetchone()
    primary = pop < 5000
    flags = ";".join(f for f, on in (("low_count", ev < 60), ("suppressed", True),
                                     ("complementary", not primary)) if on)
    # of a line of two cells adding up to the total, B is hidden by the
    # rule, so A must be too (complementary)
    expect("conditions_aggregates", "dsr_flagged", None, {"area": area},
           value=None, flags=flags)
    expect("conditions_aggregates", "mean_deaths", None, {"area": area},
           value=avg, flags="low_count" if old < 1500 else "")
for (band, k, n, top) in db.execute(
        "SELECT band, SUM(deaths), SUM(pop), MAX(deaths) FROM own GROUP BY band"):
    expect("conditions_aggregates", "crude_rate", None, {"band": band},
           numerator=k, denominator=n, value=1000 * k / n,
           flags="low_count" if top < 20 else "")
expect("conditions_aggregates", "dsr_flagged", None, {}, numerator=148,
       denominator=12500, flags="")

# missing_kinds: missing is not zero for every kind of aggregate. Each
# figure again from the rows with a value (unweighted), laeken's rules
# for quantiles (the first value whose cumulative share exceeds p) and
# the Laeken indicators (the threshold 0.6 x the whole data's median);
# no rows with a value: none and no_data; some missing: missing_skipped.
def missing_kinds_witness():
    with open("missing_kinds.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    def wq(v, p):
        v = sorted(v)
        for i, a in enumerate(v, 1):
            if i / len(v) > p:
                return a
        return v[-1]

    def gini(v):
        v = sorted(v)
        t = sum(v)
        return (2 * sum(i * a for i, a in enumerate(v, 1)) - t) / (len(v) * t) - 1

    def qsr(v):
        q20, q80 = wq(v, 0.2), wq(v, 0.8)
        return sum(a for a in v if a > q80) / sum(a for a in v if a <= q20)

    every = [float(r["x"]) for r in rows if r["x"] != ""]
    t = 0.6 * wq(every, 0.5)

    def poormed(v):
        poor = [a for a in v if a < t]
        return wq(poor, 0.5) if poor else None

    kinds = {
        "x_sum": sum, "x_mean": lambda v: sum(v) / len(v),
        "x_median": lambda v: wq(v, 0.5), "x_q25": lambda v: wq(v, 0.25),
        "x_share": lambda v: 100 * sum(a > 2 for a in v) / len(v),
        "x_min": min, "x_max": max, "x_distinct": lambda v: len(set(v)),
        "x_gini": gini, "x_qsr": qsr, "x_arpt": lambda v: 0.6 * wq(v, 0.5),
        "x_arpr": lambda v: sum(a < t for a in v) / len(v),
        "x_poormed": poormed,
        "x_rmpg": lambda v: None if poormed(v) is None else (t - poormed(v)) / t,
    }
    for area in (None, "A", "B", "C"):
        mine = [r for r in rows if area is None or r["area"] == area]
        v = [float(r["x"]) for r in mine if r["x"] != ""]
        skipped = len(v) < len(mine)
        dims = {} if area is None else {"area": area}
        for ind, f in kinds.items():
            value = f(v) if v else None
            flags = [] if value is not None else ["no_data"]
            if skipped and v:
                flags.append("missing_skipped")
            expect("missing_kinds", ind, None, dims, value=value, n=len(v),
                   flags=";".join(flags))
        ys = [float(r["y"]) for r in mine if r["y"] != ""]
        num = sum(ys) if ys else None
        den = sum(v) if v else None
        value = num / den if num is not None and den is not None else None
        flags = ["missing_denominator"] if den is None and num is not None else []
        if value is not None and (skipped or len(ys) < len(mine)):
            flags.append("missing_skipped")
        expect("missing_kinds", "y_per_x", None, dims, numerator=num,
               denominator=den, value=value, flags=";".join(flags))


missing_kinds_witness()

for g in sorted(set(list(checked) + list(problems))):
    if problems.get(g):
        failed += 1
        print(f"FAIL {g}: " + "; ".join(problems[g][:5])
              + (f" (+{len(problems[g]) - 5} more)" if len(problems[g]) > 5 else ""))
    else:
        passed += 1
        print(f"ok   {g}: {checked.get(g, 0)} figures witnessed")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
