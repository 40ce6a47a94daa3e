#!/bin/sh
# sicalc under valgrind on the bundled examples, the catalogue, and a
# compile error and a data error: any memory error or leak fails
# (valgrind --error-exitcode=1). Usage: sh tests/robustness/valgrind.sh SICALC
# Prints "ok   NAME" or "FAIL NAME: why" per run, then "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
bin=${1:-./sicalc}
pass=0
fail=0
if ! command -v valgrind >/dev/null 2>&1; then
  sh tests/install-deps.sh valgrind >/dev/null 2>&1
fi
if ! command -v valgrind >/dev/null 2>&1; then
  echo "FAIL valgrind: not installed"
  echo "0 passed, 1 failed"
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# vg NAME WANT ARGS...: sicalc ARGS under valgrind must exit with WANT
# (its own status) and valgrind must report nothing (exit 99 otherwise).
vg() {
  name=$1 want=$2
  shift 2
  valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  st=$?
  if [ "$st" -eq "$want" ]; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: exit status $st, expected $want"
    grep -E '^==[0-9]+==' "$tmp/err" | head -n 12 | sed 's/^/    /'
  fi
}

vg pirot_example 0 examples/pirot/indicators.si examples/pirot/municipal.csv --format csv
vg pirot_table 0 examples/pirot/indicators.si examples/pirot/municipal.csv --format table
vg pirot_json_to_file 0 examples/pirot/indicators.si examples/pirot/municipal.csv -o "$tmp/r.json"
vg catalogue_all_data 0 indicators/*.si examples/pirot/data/*.csv examples/silc/silc.csv --format csv
vg catalogue_check 0 check indicators/*.si
vg catalogue_doc 0 doc indicators/*.si -o "$tmp/c.html"
printf 'indicator i {\n  value sum(x\n  unit percent\n}\nconst y = 1e999\n' > "$tmp/bad.si"
vg compile_errors 2 check "$tmp/bad.si"
printf 'indicator t { unit count value sum(x) }\n' > "$tmp/t.si"
printf 'x\n1\nabc\n' > "$tmp/bad.csv"
vg data_error 1 "$tmp/t.si" "$tmp/bad.csv"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
