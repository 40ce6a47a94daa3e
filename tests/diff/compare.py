#!/usr/bin/env python3
"""Compares sicalc's CSV with the SQLite reference (tests/diff/sqlite.sh).

Usage: compare.py EXPECTED.csv GOT.csv --status N --stderr FILE [--again GOT2.csv]

Prints one 'ok NAME' or 'FAIL NAME: detail' line per check and ends with
'N passed, N failed'; exits 1 when any check failed.
Checks: sicalc's exit status; the CSV header (contract column order);
no duplicate rows; the same set of (indicator, year, dimensions) rows as
SQLite; per indicator, numerator, denominator and value to 1e-9 relative,
plus unit and threshold status; and, with --again, that a second run
printed byte-identical output.
"""
import argparse
import csv
import io
import math
import sys

NUMS = ("numerator", "denominator", "value")
TAIL = ["numerator", "denominator", "value", "unit", "status", "n", "flags"]

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}"[:2000])
    return ok


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def close(got, want):
    """Both empty, or both numbers equal to 1e-9 relative."""
    if got == "" or want == "":
        return got == want
    try:
        x, y = float(got), float(want)
    except ValueError:
        return False
    if math.isnan(x) or math.isinf(x):
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def rel(got, want):
    """The relative difference of two numbers (0 when either is empty)."""
    try:
        x, y = float(got), float(want)
    except ValueError:
        return 0.0
    return 0.0 if x == y else abs(x - y) / max(abs(x), abs(y))


def read_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    return (rows[0], rows[1:]) if rows else ([], [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("expected")
    ap.add_argument("got")
    ap.add_argument("--status", type=int, required=True)
    ap.add_argument("--stderr", required=True)
    ap.add_argument("--again")
    a = ap.parse_args()

    err = open(a.stderr, encoding="utf-8", errors="replace").read()
    if not check("sicalc exits 0", a.status == 0,
                 f"exit status {a.status}; stderr: {err.strip()[:600]}"):
        finish()

    exp_header, exp_rows = read_csv(open(a.expected, encoding="utf-8").read())
    dims = exp_header[1:exp_header.index("numerator")]  # year, then the rest
    got_text = open(a.got, encoding="utf-8", errors="replace").read()
    try:
        header, rows = read_csv(got_text)
    except csv.Error as e:
        check("output is CSV", False, str(e))
        finish()
    want_header = ["indicator"] + dims + TAIL
    if not check("CSV header", header == want_header,
                 f"got {header}, expected {want_header}"):
        finish()
    col = {c: i for i, c in enumerate(header)}
    ragged = [r for r in rows if len(r) != len(header)]
    if not check("rows have as many fields as the header", not ragged,
                 f"{len(ragged)} rows differ, e.g. {ragged[:1]}"):
        finish()

    key_cols = ["indicator"] + dims
    key = lambda r, c: tuple(r[c[k]] for k in key_cols)
    exp_col = {c: i for i, c in enumerate(exp_header)}
    want = {key(r, exp_col): r for r in exp_rows}
    got = {}
    dups = []
    for r in rows:
        k = key(r, col)
        if k in got:
            dups.append(k)
        got[k] = r
    check("no duplicate rows", not dups, f"{len(dups)} duplicates, e.g. {dups[:3]}")
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    check("same rows as SQLite", not missing and not extra,
          f"{len(missing)} missing, e.g. {missing[:4]}; "
          f"{len(extra)} unexpected, e.g. {extra[:4]}")

    indicators = list(dict.fromkeys(k[0] for k in want))
    for ind in indicators:
        problems = []
        worst = 0.0
        for k, e in want.items():
            if k[0] != ind or k not in got:
                continue
            g = got[k]
            for c in NUMS:
                worst = max(worst, rel(g[col[c]], e[exp_col[c]]))
                if not close(g[col[c]], e[exp_col[c]]):
                    problems.append(f"{k[1:]} {c}: got {g[col[c]]!r}, "
                                    f"expected {e[exp_col[c]]!r}")
            for c in ("unit", "status"):
                if g[col[c]] != e[exp_col[c]]:
                    problems.append(f"{k[1:]} {c}: got {g[col[c]]!r}, "
                                    f"expected {e[exp_col[c]]!r}")
        n = sum(1 for k in want if k[0] == ind and k in got)
        if n == 0:
            problems.insert(0, "no rows for this indicator")
        more = f" (+{len(problems) - 6} more)" if len(problems) > 6 else ""
        check(f"{ind} ({n} rows, max rel diff {worst:.2g})", not problems,
              "; ".join(problems[:6]) + more)

    if a.again:
        again = open(a.again, encoding="utf-8", errors="replace").read()
        check("second run prints identical output", again == got_text,
              "outputs differ")
    finish()


main()
