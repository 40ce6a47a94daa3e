#!/usr/bin/env python3
"""Compares sicalc's standard errors with R survey's and convey's
(tests/diff/survey.sh).

Usage: survey_compare.py EXPECTED.csv GOT.csv [--tolerance T]
       [--scale IND=F]... [--label NAME]

EXPECTED.csv: indicator, dim, group, estimate, se (dim "overall" or a
breakdown column; tests/diff/survey.R, or the convey reference rows
turned into that form by survey.sh). GOT.csv: sicalc's --format csv.
--scale divides sicalc's value and se of an indicator (a percent) by F.
--tolerance-of IND=T sets one indicator's tolerance on the se.
--period COL: both files have a period column COL (its value is part of
each row's key; tests/diff/silc.sh).

Prints per indicator 'ok'/'FAIL' with the largest relative difference of
the estimates and of the SEs, then 'N passed, N failed'.
"""
import argparse
import csv
import sys

passed = failed = 0


def check(name, ok, detail):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name} ({detail})")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}"[:3000])


def rel(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("expected")
    ap.add_argument("got")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    ap.add_argument("--scale", action="append", default=[])
    ap.add_argument("--tolerance-of", action="append", default=[])
    ap.add_argument("--estimate-tolerance-of", action="append", default=[])
    ap.add_argument("--label", default="survey")
    ap.add_argument("--period", default="")
    a = ap.parse_args()
    scale = {k: float(v) for k, v in (s.split("=") for s in a.scale)}
    tol = {k: float(v) for k, v in (s.split("=") for s in a.tolerance_of)}
    etol = {k: float(v) for k, v in
            (s.split("=") for s in a.estimate_tolerance_of)}
    with open(a.expected, newline="", encoding="utf-8") as f:
        expected = list(csv.DictReader(f))
    with open(a.got, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        got = list(reader)
    dims = [d for d in header[1:header.index("numerator")] if d != a.period]
    per = (lambda r: r[a.period]) if a.period else (lambda r: "")
    if not ({"se", "cv"} <= set(header)):
        check(f"{a.label}: se and cv columns", False, f"header {header}")
        return finish()
    index = {}
    for r in got:
        broken = [d for d in dims if r[d] != "_T"]
        if not broken:
            index[(r["indicator"], per(r), "overall", "")] = r
        elif len(broken) == 1:
            index[(r["indicator"], per(r), broken[0], r[broken[0]])] = r
    by_ind = {}
    for e in expected:
        by_ind.setdefault(e["indicator"], []).append(e)
    for ind, rows in by_ind.items():
        worst_est = worst_se = worst_cv = worst_ci = 0.0
        nci = 0
        problems = []
        t = tol.get(ind, a.tolerance)
        te = etol.get(ind, a.tolerance)
        f = scale.get(ind, 1.0)
        for e in rows:
            key = (ind, per(e), e["dim"], e["group"])
            r = index.get(key)
            if r is None:
                problems.append(f"no row {key}")
                continue
            if r["se"] == "" or r["value"] == "":
                problems.append(f"{key}: empty value or se ({r['flags']})")
                continue
            v, se = float(r["value"]) / f, float(r["se"]) / f
            cv = float(r["cv"]) if r["cv"] else float("nan")
            de = rel(v, float(e["estimate"]))
            ds = rel(se, float(e["se"]))
            dc = rel(cv, se / abs(v)) if v else 0.0
            if e.get("low"):
                if r.get("ci_low", "") == "" or r.get("ci_high", "") == "":
                    problems.append(f"{key}: no interval")
                else:
                    for side, col in (("low", "ci_low"), ("high", "ci_high")):
                        dv = rel(float(r[col]) / f, float(e[side]))
                        worst_ci = max(worst_ci, dv)
                        if dv > t:
                            problems.append(f"{key}: {col} {r[col]}, "
                                            f"want {e[side]}")
                    nci += 1
            worst_est, worst_se = max(worst_est, de), max(worst_se, ds)
            worst_cv = max(worst_cv, dc)
            if de > te:
                problems.append(f"{key}: estimate {v!r}, want {e['estimate']}")
            if ds > t:
                problems.append(f"{key}: se {se!r}, want {e['se']}")
            if dc > 1e-12:
                problems.append(f"{key}: cv {cv!r} is not se/|value|")
        detail = (f"{len(rows)} rows, max rel diff estimate {worst_est:.2g}, "
                  f"se {worst_se:.2g}")
        if nci:
            detail += f", interval {worst_ci:.2g} ({nci} intervals)"
        check(f"{a.label}: {ind} vs {a.label}", not problems,
              detail + ("; " + "; ".join(problems[:5]) if problems else ""))
    finish()


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
