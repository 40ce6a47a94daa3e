#!/bin/sh
# Differential test: sicalc's Laeken indicators against R's laeken and
# survey packages, on laeken's own eusilc data.
# Usage: sh tests/diff/laeken.sh [PATH/TO/sicalc]        (default ./sicalc)
#
# tests/diff/laeken.R writes eusilc to CSV (2006, and a 2007 copy with
# incomes x 1.03 and varied weights), reads it back and computes every
# indicator of tests/diff/laeken.si with laeken (arpr, arpt, rmpg, gini,
# qsr, weightedQuantile, eqSS, eqInc), stats::weighted.mean and survey
# (svymean, svyratio), per year, overall, by region (db040) and by gender
# (rb090); ./sicalc runs tests/diff/laeken.si over the same CSV; and
# tests/diff/laeken_compare.py checks every value to 1e-9 relative.
# Prints 'ok ...' / 'FAIL ...: detail' lines, then 'N passed, N failed';
# exits 1 on any failure. Without R and its laeken and survey packages
# (after trying tests/install-deps.sh) it prints a SKIP line and
# '0 passed, 0 failed' and exits 0 -- except under CI (CI=true), where a
# missing R is a failure: CI must not go green without this witness.
. "$(dirname "$0")/lib.sh"
need_r laeken survey

Rscript "$here/laeken.R" "$tmp/eusilc.csv" "$tmp/expected.csv" \
  >"$tmp/r.out" 2>&1 || fail "setup: laeken.R failed: $(tail -c 800 "$tmp/r.out")"
[ -s "$tmp/expected.csv" ] || fail "setup: laeken.R printed nothing"

[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
limit=""  # a hung sicalc is a failure, not a stuck test suite
command -v timeout >/dev/null 2>&1 && limit="timeout 300"
$limit "$bin" "$here/laeken.si" "$tmp/eusilc.csv" --format csv \
  >"$tmp/got.csv" 2>"$tmp/got.err" </dev/null
status=$?
python3 "$here/laeken_compare.py" "$tmp/expected.csv" "$tmp/got.csv" \
  --status "$status" --stderr "$tmp/got.err"
