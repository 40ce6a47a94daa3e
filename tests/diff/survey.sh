#!/bin/sh
# Differential test: sicalc's design-based standard errors (`design`,
# `se`) against R's survey package and the convey reference figures.
# Usage: sh tests/diff/survey.sh [PATH/TO/sicalc]        (default ./sicalc)
#
# tests/diff/survey.R writes survey::apistrat, apiclus1 (and apistrat
# stratified by county, with lonely PSUs) and laeken::eusilc to CSV and
# the estimates and SEs of svytotal, svymean, svyratio, shares, svyby
# domains and svyquantile (Woodruff) on their designs; ./sicalc runs
# tests/diff/survey.si over the same files; survey_compare.py checks each
# estimate and SE to 1e-9 relative and prints the largest difference per
# indicator. Then the Laeken indicators (arpr, arpt, rmpg, poormed, gini,
# qsr, overall, by db040 and by rb090) against
# ../shared/reference/convey-eusilc.csv (R convey 1.0.1, which Debian's
# survey cannot run): SEs to 1e-6 relative (the reference's suggestion
# for a C implementation), estimates to 1e-9 except the Gini, whose point
# estimate is laeken's (Eurostat's), 0.57% at most from convey's
# (docs/STATISTICS.md, Design-based variance; laeken.sh checks it against
# laeken). Without the reference (it lives outside the repository) that
# part is skipped with a line saying so.
# Prints 'ok ...' / 'FAIL ...' lines, then 'N passed, N failed'; without R
# it skips as tests/diff/laeken.sh does (a failure under CI=true).
. "$(dirname "$0")/lib.sh"
need_r laeken survey

Rscript "$here/survey.R" "$tmp" >"$tmp/r.out" 2>&1 ||
  fail "setup: survey.R failed: $(tail -c 800 "$tmp/r.out")"
[ -s "$tmp/expected.csv" ] || fail "setup: survey.R wrote nothing"

[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 300"
$limit "$bin" "$here/survey.si" "$tmp/apistrat.csv" "$tmp/apiclus1.csv" \
  "$tmp/apilonely.csv" "$tmp/eusilc.csv" --format csv \
  >"$tmp/got.csv" 2>"$tmp/got.err" </dev/null
status=$?
total_p=0
total_f=0
tally() { # adds a compare run's 'N passed, N failed' line
  out=$("$@")
  echo "$out" | grep -v ' passed, .* failed$'
  line=$(echo "$out" | tail -n 1)
  p=${line%% passed*}
  f=${line#*, }
  f=${f%% failed*}
  total_p=$((total_p + p))
  total_f=$((total_f + f))
}
if [ "$status" -eq 0 ] && [ ! -s "$tmp/got.err" ]; then
  echo "ok   sicalc runs survey.si (exit 0, nothing on stderr)"
  total_p=$((total_p + 1))
else
  echo "FAIL sicalc runs survey.si: exit $status: $(head -c 600 "$tmp/got.err")"
  total_f=$((total_f + 1))
fi
tally python3 "$here/survey_compare.py" "$tmp/expected.csv" "$tmp/got.csv" \
  --label survey --scale st_share_yes=100

# (tests/mutants/run.sh points SICALC_REFERENCE at it from its copy)
ref="${SICALC_REFERENCE:-$root/../shared/reference}/convey-eusilc.csv"
if [ -f "$ref" ]; then
  python3 - "$ref" "$tmp/convey.csv" <<'PY' || fail "setup: reading $ref"
import csv, sys
keep = ("arpr", "arpr_p50", "arpt", "arpt_p50", "gini", "qsr", "rmpg",
        "poormed")
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as o:
    w = csv.writer(o)
    w.writerow(["indicator", "dim", "group", "estimate", "se"])
    for r in csv.DictReader(f):
        if r["design"] == "ids_db030" and r["indicator"] in keep:
            dim = r["breakdown"]
            w.writerow(["lk_" + r["indicator"], dim,
                        "" if dim == "overall" else r["group"],
                        r["estimate"], r["se"]])
PY
  tally python3 "$here/survey_compare.py" "$tmp/convey.csv" "$tmp/got.csv" \
    --label convey --tolerance 1e-6 --estimate-tolerance-of lk_gini=0.006
else
  echo "SKIP: no $ref (the convey reference figures): Laeken SEs not compared"
fi
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
