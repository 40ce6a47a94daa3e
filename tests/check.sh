#!/bin/sh
# Runs the whole suite twice — with ./sicalc and with the ASan+UBSan build —
# and ends with one line "N passed, N failed".
# Suites: unit binaries, golden cases (tests/golden/*.cmd) and their
# independent witness (tests/golden/witness.py: the figures of the .out
# files recomputed with SQLite), the SQLite differential test, and the
# shared acceptance cases when ../shared exists.
cd "$(dirname "$0")/.." || exit 2
total_pass=0
total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs "$@" and adds its closing "N passed, N failed" to the totals. Not in
# a pipeline, so the totals survive (a pipeline runs in a subshell).
tally() { # $1 = label, then the command
  label=$1; shift
  "$@" >"$log" 2>&1
  grep -E '^(FAIL|SKIP)' "$log" | sed "s|^|[$label] |"
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -z "$last" ]; then
    echo "[$label] FAIL: runner printed no summary"
    total_fail=$((total_fail + 1))
    return
  fi
  p=${last%% passed*}
  f=${last#*passed, }; f=${f%% failed*}
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  echo "[$label] $last"
}

for build in build build/asan; do
  bin=$build/sicalc
  [ "$build" = build ] && bin=./sicalc
  for t in $build/tests/unit/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    tally "$build unit $(basename "$t")" "$t"
  done
  tally "$build golden" sh tests/golden/run.sh "$bin"
  tally "$build review git" sh tests/review/git.sh "$bin"
  tally "$build robustness" sh tests/robustness/run.sh "$bin"
  tally "$build report" sh tests/report/run.sh "$bin"
done
tally "report browser" sh tests/report/browser.sh ./sicalc
tally "golden witness" python3 tests/golden/witness.py
tally "sqlite differential" sh tests/diff/sqlite.sh ./sicalc
tally "laeken differential" sh tests/diff/laeken.sh ./sicalc
tally "intervals differential" sh tests/diff/intervals.sh ./sicalc
tally "survey differential" sh tests/diff/survey.sh ./sicalc
tally "silc differential" sh tests/diff/silc.sh ./sicalc
tally "sql sqlite differential" sh tests/sql/run.sh ./sicalc sqlite
tally "properties" sh tests/diff/properties.sh ./sicalc
tally "spool differential" sh tests/diff/spool.sh ./sicalc
tally "rewrite differential" sh tests/diff/rewrite.sh ./sicalc
tally "bands differential" sh tests/diff/bands.sh ./sicalc
tally "steal differential" sh tests/diff/steal.sh ./sicalc
tally "hot values differential" sh tests/diff/hotvalues.sh ./sicalc
tally "rows differential" sh tests/diff/rows.sh ./sicalc
tally "full counters differential" sh tests/diff/fullcounters.sh ./sicalc
tally "rows of sums differential" sh tests/diff/rowsof.sh ./sicalc
tally "cli" sh tests/cli/run.sh ./sicalc
tally "catalogue" sh tests/catalogue/run.sh ./sicalc
tally "index" sh tests/index/run.sh ./sicalc
tally "layout" sh tests/layout/includes.sh build
tally "catalogue test blocks" ./sicalc test indicators/*.si
tally "fmt" sh tests/fmt/run.sh ./sicalc
tally "review editors" sh tests/review/editors.sh
tally "install" sh tests/install/run.sh
tally "valgrind" sh tests/robustness/valgrind.sh ./sicalc
tally "doc staleness" sh tests/doc/stale.sh ./sicalc
# The acceptance cases run here once (.ci/run sees the "[acceptance] N
# passed" line below and does not run them again).
if [ -x ../shared/acceptance/run ]; then
  tally "acceptance" ../shared/acceptance/run ./sicalc
elif [ -f ../shared/acceptance/run ]; then
  tally "acceptance" python3 ../shared/acceptance/run ./sicalc
else
  echo "[acceptance] SKIP: ../shared/acceptance not present"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
