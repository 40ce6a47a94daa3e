#!/usr/bin/env python3
"""compare.py — sicalc's CSV against a peer's keyed CSV, value by value.

    python3 bench/compare.py SICALC.csv PEER.csv [--tol 1e-9] [--skip IND,...]
                             [--name PEER] [--max-print 10]

Both files have the columns indicator, year, municipality, sex, and then
numerator, denominator, value (sicalc's has more; they are ignored). Rows
are matched on (indicator, year, municipality, sex); numerator, denominator
and value are compared where both files have a number, to a relative
tolerance (|a - b| <= tol * max(|a|, |b|)); an empty cell must be empty in
both (a value sicalc leaves empty, e.g. a zero denominator, must be empty in
the peer too). Indicators listed in --skip are left out (definitions
differ). Prints one summary line, then up to --max-print mismatches; exits 1
when anything differs.
"""
import argparse
import csv
import sys

KEY = ("indicator", "year", "municipality", "sex")
FIELDS = ("numerator", "denominator", "value")


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = {}
        for r in csv.DictReader(f):
            rows[tuple(r[k] for k in KEY)] = r
        return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sicalc")
    ap.add_argument("peer")
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--skip", default="")
    ap.add_argument("--name", default="peer")
    ap.add_argument("--max-print", type=int, default=10)
    a = ap.parse_args()
    skip = {s for s in a.skip.split(",") if s}
    got, ref = load(a.sicalc), load(a.peer)
    problems = []
    values = 0
    worst = 0.0
    for k in sorted(set(got) | set(ref)):
        if k[0] in skip:
            continue
        if k not in ref:
            problems.append(f"only in sicalc: {','.join(k)}")
            continue
        if k not in got:
            problems.append(f"only in {a.name}: {','.join(k)}")
            continue
        for f in FIELDS:
            x, y = got[k].get(f, ""), ref[k].get(f, "")
            if f != "value" and (x == "" or y == ""):
                continue  # a value indicator prints no numerator/denominator
            if (x == "") != (y == ""):
                problems.append(f"{','.join(k)} {f}: sicalc '{x}' {a.name} '{y}'")
                continue
            if x == "":
                continue
            fx, fy = float(x), float(y)
            values += 1
            scale = max(abs(fx), abs(fy))
            rel = abs(fx - fy) / scale if scale else 0.0
            worst = max(worst, rel)
            if rel > a.tol:
                problems.append(
                    f"{','.join(k)} {f}: sicalc {x} {a.name} {y} (rel {rel:.3g})")
    skipped = f"; skipped (definitions differ): {','.join(sorted(skip))}" if skip else ""
    status = "EQUAL" if not problems else f"{len(problems)} MISMATCHES"
    print(f"sicalc vs {a.name}: {status}: {values} numbers compared, "
          f"max relative difference {worst:.3g} (tolerance {a.tol:g}){skipped}")
    for p in problems[: a.max_print]:
        print("  " + p)
    if len(problems) > a.max_print:
        print(f"  ... and {len(problems) - a.max_print} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
