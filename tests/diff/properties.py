#!/usr/bin/env python3
"""Property tests of sicalc's aggregates (run by tests/diff/properties.sh).

Usage: properties.py SICALC [--r | --no-r]

Data: tests/diff/gen.py's persons (fixed seed) with a `household` column
(three consecutive rows form one). Catalogue: tests/diff/properties.si,
whose values are all invariant under scaling the weights.

(a) Weights x 4 (exact in binary) change no byte of the output; weights
    x 3 change no value by more than 1e-12 relative (and nothing else).
(b) Five random permutations of the rows (fixed seeds) give byte-identical
    output, also with sums and counts (properties_sums below).
(c) Unweighted median(x) and quantile(x, p) (a dataset without a weight)
    print exactly what median(x weighted by 1) does under a weighted
    dataset, and (with --r) the same numbers as R's
    laeken::weightedQuantile without weights, per year and group.

Prints 'ok NAME' / 'FAIL NAME: detail' lines (and 'SKIP: ...' for (c)'s R
part without --r), then 'N passed, N failed'; exits 1 on any failure.
"""
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NUMS = ("numerator", "denominator", "value")
passed = failed = 0

# Sums and counts scale with the weights, so they are only in (b).
SUMS_SI = """
indicator population {
  unit  count
  value count()
  by    sex, municipality, municipality * sex
}

indicator income_total {
  unit        "RSD"
  numerator   sum(income)
  denominator count(where income is not missing)
  by          sex, municipality, settlement * sex
}

indicator households {
  unit  count
  value distinct(household)
  by    municipality
}
"""

# (c): the same indicators, unweighted two ways. {W} is "" or
# " weighted by 1"; the unweighted file has no dataset (--period year).
QUANTILES_SI = """
let income_k = floor(income / 1000)
indicator median_income {{
  unit  "RSD"
  value median(income{W})
  by    sex, municipality, municipality * sex
}}
indicator q25_income {{
  unit  "RSD"
  value quantile(income, 0.25{W})
  by    sex, municipality, municipality * sex
}}
indicator q75_income {{
  unit  "RSD"
  value quantile(income, 0.75{W})
  by    sex, municipality, municipality * sex
}}
indicator median_k {{
  unit  "RSD"
  value median(income_k{W})
  by    sex, municipality, municipality * sex
}}
indicator q10_k {{
  unit  "RSD"
  value quantile(income_k, 0.1{W})
  by    sex, municipality, municipality * sex
}}
"""
WEIGHTED_DATASET = "dataset persons {\n  period year\n  weight weight\n}\n"

R_QUANTILES = r"""
suppressPackageStartupMessages(library(laeken))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], stringsAsFactors = FALSE, encoding = "UTF-8")
d$income_k <- floor(d$income / 1000)
ind <- list(median_income = list("income", 0.5), q25_income = list("income", 0.25),
            q75_income = list("income", 0.75), median_k = list("income_k", 0.5),
            q10_k = list("income_k", 0.1))
rows <- list()
emit <- function(name, y, sex, mun, s, v, p) {
  x <- s[[v]]  # without NA: weightedQuantile(x, na.rm = TRUE) with no
  # weights divides by length(x) counted before removing NAs (laeken 0.5.2)
  q <- weightedQuantile(x[!is.na(x)], probs = p)
  rows[[length(rows) + 1]] <<- data.frame(indicator = name, year = y,
    sex = sex, municipality = mun, value = sprintf("%.17g", q))
}
for (name in names(ind)) {
  v <- ind[[name]][[1]]; p <- ind[[name]][[2]]
  for (y in sort(unique(d$year))) {
    s <- d[d$year == y, ]
    emit(name, y, "_T", "_T", s, v, p)
    for (g in unique(s$sex)) emit(name, y, g, "_T", s[s$sex == g, ], v, p)
    for (m in unique(s$municipality)) {
      t <- s[s$municipality == m, ]
      emit(name, y, "_T", m, t, v, p)
      for (g in unique(t$sex)) emit(name, y, g, m, t[t$sex == g, ], v, p)
    }
  }
}
write.csv(do.call(rbind, rows), a[2], row.names = FALSE, fileEncoding = "UTF-8")
"""


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}"[:2000])
    return ok


def run(sicalc, args, out_path):
    """Runs sicalc; returns (status, stderr); stdout goes to out_path."""
    with open(out_path, "wb") as out:
        p = subprocess.run([sicalc] + args, stdout=out, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=300)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def first_diff(a, b):
    la, lb = a.decode().splitlines(), b.decode().splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}: {x!r} vs {y!r}"
    return f"{len(la)} vs {len(lb)} lines"


def rewrite(src, dst, fn):
    """Copies CSV src to dst through fn(header, rows) -> (header, rows)."""
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = fn(rows[0], rows[1:])
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)


def with_household(header, rows):
    """Three consecutive rows form a household (within each period)."""
    return header + ["household"], [r + [str(i // 3)]
                                    for i, r in enumerate(rows)]


def scaled(factor):
    def fn(header, rows):
        k = header.index("weight")
        return header, [r[:k] + [repr(float(r[k]) * factor)] + r[k + 1:]
                        for r in rows]
    return fn


def shuffled(seed):
    def fn(header, rows):
        rows = list(rows)
        random.Random(seed).shuffle(rows)
        return header, rows
    return fn


def close_outputs(a, b, tol):
    """'' when the CSVs agree: every field equal, numbers to tol relative."""
    ra = list(csv.DictReader(io.StringIO(a.decode())))
    rb = list(csv.DictReader(io.StringIO(b.decode())))
    if len(ra) != len(rb):
        return f"{len(ra)} vs {len(rb)} rows"
    worst, bad = 0.0, []
    for i, (x, y) in enumerate(zip(ra, rb)):
        if list(x) != list(y):
            return "different columns"
        for c in x:
            if c in NUMS and x[c] != "" and y[c] != "":
                u, v = float(x[c]), float(y[c])
                d = 0.0 if u == v else abs(u - v) / max(abs(u), abs(v))
                worst = max(worst, d)
                if d > tol:
                    bad.append(f"row {i + 2} {x['indicator']} {c}: "
                               f"{x[c]} vs {y[c]} (rel {d:.3g})")
            elif x[c] != y[c]:
                bad.append(f"row {i + 2} {x['indicator']} {c}: "
                           f"{x[c]!r} vs {y[c]!r}")
    if bad:
        return f"{len(bad)} differences: " + "; ".join(bad[:5])
    return ""


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: properties.py SICALC [--r | --no-r]")
    sicalc = os.path.abspath(sys.argv[1])
    use_r = "--r" in sys.argv[2:]
    si = os.path.join(HERE, "properties.si")
    tmp = tempfile.mkdtemp(prefix="sicalc-props-")
    try:
        body(sicalc, si, tmp, use_r)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def body(sicalc, si, tmp, use_r):
    def p(name):
        return os.path.join(tmp, name)

    # The data: gen.py's persons (in a folder per variant, always named
    # persons.csv, so the dataset binds by its stem).
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
                    p("gen.csv")], check=True)
    rewrite(p("gen.csv"), p("persons.csv"), with_household)

    def variant(name, fn):
        os.makedirs(p(name), exist_ok=True)
        path = os.path.join(p(name), "persons.csv")
        rewrite(p("persons.csv"), path, fn)
        return path

    def sicalc_ok(label, args, out):
        status, err = run(sicalc, args, out)
        return check(f"{label}: sicalc exits 0 with no stderr",
                     status == 0 and err == "",
                     f"status {status}: {err[:300]}")

    base = p("base.out")
    if not sicalc_ok("base run", [si, p("persons.csv"), "--format", "csv"],
                     base):
        return
    ref = read(base)
    rows = list(csv.DictReader(io.StringIO(ref.decode())))
    empty = [(r["indicator"], r["year"]) for r in rows if r["value"] == ""]
    check("base run: over 500 rows, every value computed",
          len(rows) > 500 and not empty,
          f"{len(rows)} rows; empty values in {empty[:5]}")

    # (a) scaling the weights
    for factor, exact in ((4, True), (3, False), (0.25, True)):
        path = variant(f"w{factor}", scaled(factor))
        out = p(f"w{factor}.out")
        if not sicalc_ok(f"(a) weights x {factor}",
                         [si, path, "--format", "csv"], out):
            continue
        got = read(out)
        if exact:
            check(f"(a) weights x {factor}: output byte-identical",
                  got == ref, first_diff(ref, got))
        else:
            why = close_outputs(ref, got, 1e-12)
            check(f"(a) weights x {factor}: values within 1e-12, "
                  "all else identical", not why, why)

    # (b) permuting the rows
    sums = p("sums.si")
    with open(sums, "w", encoding="utf-8") as f:
        f.write(SUMS_SI)
    both = p("both.out")
    if sicalc_ok("(b) base run with sums",
                 [si, sums, p("persons.csv"), "--format", "csv"], both):
        ref2 = read(both)
        for seed in range(1, 6):
            path = variant(f"perm{seed}", shuffled(seed))
            out = p(f"perm{seed}.out")
            if sicalc_ok(f"(b) permutation {seed}",
                         [si, sums, path, "--format", "csv"], out):
                got = read(out)
                check(f"(b) permutation {seed}: output byte-identical",
                      got == ref2, first_diff(ref2, got))

    # (c) unweighted quantiles
    unw, w1 = p("unweighted.si"), p("weighted1.si")
    with open(unw, "w", encoding="utf-8") as f:
        f.write(QUANTILES_SI.format(W=""))
    with open(w1, "w", encoding="utf-8") as f:
        f.write(WEIGHTED_DATASET + QUANTILES_SI.format(W=" weighted by 1"))
    ou, ow = p("unweighted.out"), p("weighted1.out")
    ok = sicalc_ok("(c) unweighted",
                   [unw, p("persons.csv"), "--period", "year",
                    "--format", "csv"], ou)
    ok = sicalc_ok("(c) weighted by 1",
                   [w1, p("persons.csv"), "--format", "csv"], ow) and ok
    if not ok:
        return
    gu, gw = read(ou), read(ow)
    check("(c) unweighted median/quantile == weighted by 1, byte-identical",
          gu == gw, first_diff(gu, gw))
    # and not the same as the weighted ones (else (c) would prove nothing)
    ww = p("weighted.out")
    with open(p("weighted.si"), "w", encoding="utf-8") as f:
        f.write(WEIGHTED_DATASET + QUANTILES_SI.format(W=""))
    if sicalc_ok("(c) weighted", [p("weighted.si"), p("persons.csv"),
                                  "--format", "csv"], ww):
        check("(c) the weights do change these quantiles", read(ww) != gu,
              "weighted and unweighted outputs are identical")
    if not use_r:
        print("SKIP: (c) R laeken not available; unweighted quantiles "
              "not compared with weightedQuantile")
        return
    rfile, rout = p("q.R"), p("r.csv")
    with open(rfile, "w", encoding="utf-8") as f:
        f.write(R_QUANTILES)
    r = subprocess.run(["Rscript", rfile, p("persons.csv"), rout],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not check("(c) R weightedQuantile runs", r.returncode == 0,
                 r.stdout.decode("utf-8", "replace")[-500:]):
        return
    with open(rout, newline="", encoding="utf-8") as f:
        want = list(csv.DictReader(f))
    got = {(r["indicator"], r["year"], r["sex"], r["municipality"]): r
           for r in csv.DictReader(io.StringIO(gu.decode()))}
    per = {}
    for row in want:
        key = (row["indicator"], row["year"], row["sex"], row["municipality"])
        g = got.pop(key, None)
        bad = per.setdefault(row["indicator"], [0, []])
        bad[0] += 1
        if g is None:
            bad[1].append(f"{key}: no sicalc row")
        elif g["value"] == "" or float(g["value"]) != float(row["value"]):
            bad[1].append(f"{'/'.join(key[1:])}: sicalc {g['value']}, "
                          f"R {row['value']}")
    for ind, (n, bad) in per.items():
        check(f"(c) {ind} == R weightedQuantile (no weights), exactly",
              not bad, f"{len(bad)} of {n} differ: " + "; ".join(bad[:5]))
    check("(c) no sicalc rows that R lacks", not got,
          f"{sorted(got)[:5]}")


if __name__ == "__main__":
    main()
