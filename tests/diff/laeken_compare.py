#!/usr/bin/env python3
"""Compares sicalc's output on eusilc with R's (tests/diff/laeken.sh).

Usage: laeken_compare.py EXPECTED.csv GOT.csv --status N --stderr FILE

EXPECTED.csv (from tests/diff/laeken.R): indicator, source, year, db040,
rb090, value -- one row per indicator, oracle (laeken, stats, survey),
year and group. GOT.csv: sicalc's --format csv output.

Prints one 'ok ...' or 'FAIL ...: detail' line per check and ends with
'N passed, N failed'; exits 1 when any check failed. Checks: sicalc's exit
status and empty stderr; per indicator, that sicalc printed exactly the
rows R has (year x group), with no flags; per indicator, oracle and
breakdown (overall, db040, rb090), every value to 1e-9 relative; and that
the *_mismatches indicators are 0.
"""
import argparse
import csv
import math
import sys

DIMS = ("db040", "rb090")
passed = failed = 0


def check(name, ok, detail="", info=""):
    """detail explains a failure; info is printed after a pass."""
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}" + (f" ({info})" if info else ""))
    else:
        failed += 1
        print(f"FAIL {name}: {detail}"[:3000])
    return ok


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def rel_diff(got, want):
    if got == want:
        return 0.0
    return abs(got - want) / max(abs(want), abs(got))


def breakdown(key):
    """'overall', 'db040' or 'rb090' for a (year, db040, rb090) key."""
    for i, d in enumerate(DIMS):
        if key[1 + i] != "_T":
            return d
    return "overall"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("expected")
    ap.add_argument("got")
    ap.add_argument("--status", type=int, required=True)
    ap.add_argument("--stderr", required=True)
    ap.add_argument("--tolerance", type=float, default=1e-9)
    a = ap.parse_args()

    with open(a.stderr, encoding="utf-8", errors="replace") as f:
        err = f.read()
    check("sicalc exits 0", a.status == 0, f"status {a.status}: {err[:500]}")
    check("sicalc prints nothing on stderr", err == "", err[:500])

    with open(a.expected, newline="", encoding="utf-8") as f:
        expected = list(csv.DictReader(f))
    with open(a.got, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        got_rows = list(reader)
    want_header = ["indicator", "year", "db040", "rb090", "numerator",
                   "denominator", "value", "unit", "status", "n", "flags"]
    if not check("sicalc's CSV header", header == want_header,
                 f"got {header}"):
        finish()

    got = {}
    for r in got_rows:
        got.setdefault(r["indicator"], {})[
            (r["year"], r["db040"], r["rb090"])] = r

    # indicator -> oracle -> breakdown -> [(key, value)]
    want = {}
    for r in expected:
        key = (r["year"], r["db040"], r["rb090"])
        want.setdefault(r["indicator"], {}).setdefault(
            r["source"], {}).setdefault(breakdown(key), []).append(
                (key, float(r["value"])))

    extra = sorted(set(got) - set(want))
    check("every sicalc indicator has an R counterpart", not extra,
          f"not computed in R: {extra}")

    for ind, sources in want.items():
        keys = {k for bd in sources.values() for lst in bd.values()
                for k, _ in lst}
        mine = got.get(ind, {})
        missing = sorted(keys - set(mine))
        more = sorted(set(mine) - keys)
        flagged = sorted((k, r["flags"]) for k, r in mine.items()
                         if r["flags"])
        check(f"{ind}: the same rows as R, no flags",
              not missing and not more and not flagged,
              f"missing in sicalc {missing[:5]}; extra in sicalc "
              f"{more[:5]}; flagged {flagged[:5]}")
        for source, bds in sorted(sources.items()):
            for bd, lst in sorted(bds.items()):
                bad, worst = [], 0.0
                for key, value in lst:
                    r = mine.get(key)
                    if r is None:
                        continue  # reported above
                    try:
                        g = float(r["value"])
                    except ValueError:
                        bad.append(f"{key}: sicalc {r['value']!r}, "
                                   f"R {value!r}")
                        continue
                    d = rel_diff(g, value)
                    worst = max(worst, d)
                    if math.isnan(g) or d > a.tolerance:
                        bad.append(f"{'/'.join(key)}: sicalc {r['value']}, "
                                   f"{source} {value!r} (rel {d:.3g})")
                name = f"{ind} {bd} vs {source}"
                if bad:
                    check(name, False, f"{len(bad)} of {len(lst)} differ: "
                          + "; ".join(bad[:6]))
                else:
                    check(name, True,
                          info=f"{len(lst)} values, max rel diff {worst:.2g}")
        if ind.endswith("_mismatches"):
            nonzero = [(k, r["value"]) for k, r in mine.items()
                       if r["value"] != "0"]
            check(f"{ind} is 0 in sicalc", not nonzero and mine,
                  f"{nonzero[:5]}")
    finish()


if __name__ == "__main__":
    main()
