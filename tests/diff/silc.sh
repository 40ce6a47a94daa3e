#!/bin/sh
# Differential test: the standard errors and coefficients of variation the
# catalogue's poverty domain (indicators/poverty.si) publishes on the SILC
# example (examples/silc/silc.csv with its design from
# indicators/datasets.si: households in regions, each year its own
# sample), against R.
# Usage: sh tests/diff/silc.sh [PATH/TO/sicalc]        (default ./sicalc)
#
# tests/diff/silc.R computes them again: the Laeken indicators (arop_rate,
# arop_threshold, relative_median_poverty_gap, median_income_at_risk, gini,
# income_quintile_share_ratio) from convey's influence values written out
# in R and survey's variance of them, after checking those functions on
# laeken::eusilc against ../shared/reference/convey-eusilc.csv (convey
# 1.0.1) to 1e-9 when the reference is there; the estimates against R
# laeken; mean_eq_income, median_eq_income (Woodruff),
# severe_material_deprivation and very_low_work_intensity with survey's
# svymean, svyquantile and svyratio on subset designs. survey_compare.py
# checks estimate, se and cv = se/|value| to 1e-9 relative per row and
# prints the largest differences.
# Prints 'ok ...' / 'FAIL ...' lines, then 'N passed, N failed'; without R
# it skips as tests/diff/survey.sh does (a failure under CI=true).
. "$(dirname "$0")/lib.sh"
need_r laeken survey

ref="${SICALC_REFERENCE:-$root/../shared/reference}/convey-eusilc.csv"
[ -f "$ref" ] || echo "SKIP: no $ref: the R oracle is not checked against convey"
Rscript "$here/silc.R" "$root/examples/silc/silc.csv" "$tmp/expected.csv" \
  "$ref" >"$tmp/r.out" 2>&1 ||
  fail "setup: silc.R failed: $(tail -c 800 "$tmp/r.out")"
grep '^oracle' "$tmp/r.out" | sed 's/^/ok   /'
[ -s "$tmp/expected.csv" ] || fail "setup: silc.R wrote nothing"

[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
"$bin" "$root/indicators/poverty.si" "$root/indicators/datasets.si" \
  "$root/examples/silc/silc.csv" --format csv >"$tmp/got.csv" 2>"$tmp/got.err" </dev/null
status=$?
p=0
f=0
if [ "$status" -eq 0 ] && [ ! -s "$tmp/got.err" ]; then
  echo "ok   sicalc runs the poverty domain on the SILC example"
  p=1
else
  echo "FAIL sicalc runs the poverty domain: exit $status: $(head -c 600 "$tmp/got.err")"
  f=1
fi
grep -q '^oracle' "$tmp/r.out" && p=$((p + 1))
out=$(python3 "$here/survey_compare.py" "$tmp/expected.csv" "$tmp/got.csv" \
  --label silc --period year --scale arop_rate=100 \
  --scale relative_median_poverty_gap=100 --scale gini=100 \
  --scale severe_material_deprivation=100 --scale very_low_work_intensity=100)
echo "$out" | grep -v ' passed, .* failed$'
line=$(echo "$out" | tail -n 1)
cp=${line%% passed*}
cf=${line#*, }
cf=${cf%% failed*}
echo "$((p + cp)) passed, $((f + cf)) failed"
[ $((f + cf)) -eq 0 ]
