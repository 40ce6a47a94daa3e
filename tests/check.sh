#!/bin/sh
# Runs the whole suite twice — with ./sicalc and with the ASan+UBSan build —
# and ends with one line "N passed, N failed".
# Suites: unit binaries, golden cases (tests/golden/*.cmd), the SQLite
# differential test, and the shared acceptance cases when ../shared exists.
cd "$(dirname "$0")/.." || exit 2
total_pass=0
total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

tally() { # $1 = label; reads a runner's output on stdin
  tee "$log" | grep -E '^(FAIL|SKIP)' | sed "s|^|[$1] |"
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -z "$last" ]; then
    echo "[$1] FAIL: runner printed no summary"
    total_fail=$((total_fail + 1))
    return
  fi
  p=${last%% passed*}
  f=${last#*passed, }; f=${f%% failed*}
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  echo "[$1] $last"
}

for build in build build/asan; do
  bin=$build/sicalc
  [ "$build" = build ] && bin=./sicalc
  for t in $build/tests/unit/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    "$t" 2>&1 | tally "$build unit $(basename "$t")"
  done
  sh tests/golden/run.sh "$bin" 2>&1 | tally "$build golden"
done
sh tests/diff/sqlite.sh ./sicalc 2>&1 | tally "sqlite differential"
if [ -x ../shared/acceptance/run ]; then
  ../shared/acceptance/run ./sicalc 2>&1 | tally "acceptance"
else
  echo "[acceptance] SKIP: ../shared/acceptance not present"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
