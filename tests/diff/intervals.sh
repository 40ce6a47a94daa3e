#!/bin/sh
# Differential test: sicalc's confidence intervals and standardised rates
# against base R (tests/diff/intervals.R says what each is checked with),
# and the quantile functions behind them (rt_qbeta, rt_qt, rt_qgamma,
# built from build/runtime/stats.o with tests/diff/quantiles.c) against
# R's qbeta, qt, qgamma; everything to 1e-12 relative.
# Usage: sh tests/diff/intervals.sh [PATH/TO/sicalc]      (default ./sicalc)
# Prints 'ok ...' / 'FAIL ...' lines with the largest difference of each
# comparison, then 'N passed, N failed'; exits 1 on any failure. Without
# R (after trying tests/install-deps.sh) it prints a SKIP line and
# '0 passed, 0 failed' -- except under CI (CI=true), where that fails.
. "$(dirname "$0")/lib.sh"
need_r
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"

q=none
obj="$root/build/runtime/stats.o"
if [ -f "$obj" ] && command -v cc >/dev/null 2>&1; then
  cc -std=c11 -I"$root/runtime" -o "$tmp/quantiles" "$here/quantiles.c" "$obj" -lm ||
    fail "setup: could not build quantiles.c"
  q="$tmp/quantiles"
else
  echo "FAIL setup: no $obj (run make) or no cc: the quantiles are not checked"
  echo "0 passed, 1 failed"
  exit 1
fi
Rscript "$here/intervals.R" "$tmp" "$bin" "$q"
