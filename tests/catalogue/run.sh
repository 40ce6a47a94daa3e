#!/bin/sh
# The indicator catalogue (indicators/*.si) against the bundled example data.
# Usage: sh tests/catalogue/run.sh SICALC
# Prints one ok/FAIL line per check and ends with "N passed, N failed".
#  - `sicalc check indicators/*.si` succeeds without errors;
#  - the catalogue runs (exit 0, no error) on each example data file alone,
#    the other indicators being skipped, and on all of them together;
#  - every indicator id of the catalogue has at least one row with a value
#    in the run over all the example data;
#  - the catalogue has at least 50 indicators.
cd "$(dirname "$0")/../.." || exit 2
case "${1:-./sicalc}" in
  /*) sicalc=${1:-./sicalc} ;;
  *) sicalc=$(pwd)/${1:-./sicalc} ;;
esac
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

# Runs the catalogue; $1 = label, then the arguments. Output in $tmp/out,
# standard error in $tmp/err.
run_ok() {
  label=$1; shift
  if "$sicalc" "$@" >"$tmp/out" 2>"$tmp/err" && ! grep -q 'error' "$tmp/err"; then
    ok "$label"
  else
    bad "$label (exit $?)"
    sed -n '1,5p' "$tmp/err" | sed 's/^/    /'
  fi
}

run_ok "check indicators/*.si" check indicators/*.si

data=$(ls examples/pirot/data/*.csv examples/silc/silc.csv)
for f in $data; do
  run_ok "catalogue on $f" indicators/*.si "$f" --format csv
done

# shellcheck disable=SC2086
run_ok "catalogue on all example data" indicators/*.si $data --format csv
cp "$tmp/out" "$tmp/all.csv"

# Indicator ids of the catalogue, and those with a non-empty value.
sed -n 's/^indicator[ 	]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' indicators/*.si | sort >"$tmp/ids"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "value") v = i; next }
         v && $v != "" { print $1 }' "$tmp/all.csv" | sort -u >"$tmp/valued"
missing=$(comm -23 "$tmp/ids" "$tmp/valued" | tr '\n' ' ')
if [ -s "$tmp/ids" ] && [ -z "$missing" ]; then
  ok "every indicator has a value in the run over all example data"
else
  bad "indicators without any value over all example data: ${missing:-<none found>}"
fi

n=$(wc -l <"$tmp/ids" | tr -d ' ')
dups=$(uniq -d "$tmp/ids" | tr '\n' ' ')
if [ -n "$dups" ]; then
  bad "duplicate indicator ids: $dups"
else
  ok "indicator ids are unique"
fi
if [ "$n" -ge 50 ]; then
  ok "catalogue has $n indicators (>= 50)"
else
  bad "catalogue has $n indicators (< 50)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
