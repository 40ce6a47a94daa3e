#!/bin/sh
# Composite indices (`index`, docs/LANGUAGE.md). Usage: sh tests/index/run.sh SICALC
# - the catalogue with indicators/sdi.si and tests/index/indices.si runs over
#   the Pirot example data, and tests/index/witness.py recomputes every
#   index and area row (value to 1e-9, rank, n, flags, status) from the
#   members' own rows: minmax with inverted members and weights, a missing
#   member reweighted and with `missing none`, a constant member, ties in
#   rank, zscore, geomean, rank and ratio_to;
# - sdi has a row with a rank for every municipality of every period;
# - a catalogue without an index has no rank column;
# - explain, doc and diff (catalogue and values) handle an index.
# Prints ok/FAIL lines and ends with "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
case "${1:-./sicalc}" in
  /*) sicalc=${1:-./sicalc} ;;
  *) sicalc=$(pwd)/${1:-./sicalc} ;;
esac
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

if "$sicalc" indicators/*.si tests/index/indices.si examples/pirot/data/*.csv \
    --format csv >"$tmp/all.csv" 2>"$tmp/err"; then
  ok "catalogue and test indices run"
else
  bad "catalogue and test indices: exit $?: $(head -c 300 "$tmp/err")"
fi
python3 tests/index/witness.py "$tmp/all.csv" >"$tmp/w" 2>&1
last=$(tail -n 1 "$tmp/w")
if [ "${last#* passed, }" = "0 failed" ]; then
  ok "witness: $last"
else
  bad "witness: $last"
  grep -v '^ok' "$tmp/w" | head -8 | sed 's/^/    /'
fi

# every municipality of every period of the members has an sdi row and rank
"$sicalc" indicators/*.si examples/pirot/data/*.csv --format csv 2>/dev/null |
  grep '^sdi,' >"$tmp/sdi"
units=$(cut -d, -f4 examples/pirot/data/population.csv | sed 1d | sort -u | wc -l)
per=$(awk -F, '$20 != "" { print $2 }' "$tmp/sdi" | sort | uniq -c |
      awk -v u="$units" '$1 != u' | wc -l)
n=$(wc -l <"$tmp/sdi")
if [ "$n" -gt 0 ] && [ "$per" -eq 0 ]; then
  ok "sdi: $n rows, every one of $units municipalities ranked in each period"
else
  bad "sdi: $n rows; $per periods without a ranked row for each of $units municipalities"
fi

head_plain=$("$sicalc" examples/pirot/indicators.si examples/pirot/municipal.csv --format csv | head -n 1)
case "$head_plain" in
  *rank*) bad "a catalogue without an index has a rank column: $head_plain" ;;
  *) ok "no rank column without an index" ;;
esac

"$sicalc" explain sdi indicators/*.si examples/pirot/data/*.csv \
  --group municipality=Pirot >"$tmp/explain" 2>/dev/null
if grep -q '^sdi = (1 × ' "$tmp/explain" &&
   grep -q 'score = 1 + 99 × (max − x) / (max − min)' "$tmp/explain"; then
  ok "explain sdi --group municipality=Pirot shows the arithmetic"
else
  bad "explain sdi: $(head -c 300 "$tmp/explain")"
fi

if "$sicalc" doc indicators/*.si | grep -q 'registered_unemployment_rate`](#registered_unemployment_rate) (inverted)'; then
  ok "doc lists the index's members, inverted ones marked"
else
  bad "doc does not list sdi's members"
fi

mkdir -p "$tmp/old" "$tmp/new"
cp indicators/*.si "$tmp/old/"
cp indicators/*.si "$tmp/new/"
sed -i 's/^    wage_relative_to_national$/    wage_relative_to_national weight 3/' "$tmp/new/sdi.si"
"$sicalc" diff "$tmp/old" "$tmp/new" examples/pirot/data/*.csv >"$tmp/diff" 2>/dev/null
if grep -q '^changed index sdi' "$tmp/diff" &&
   grep -q 'new  in economy, weight 3' "$tmp/diff" &&
   grep -q '^  sdi.economy: .*changed rank' "$tmp/diff"; then
  ok "diff reports a member's weight and the rank changes it makes"
else
  bad "diff: $(head -c 400 "$tmp/diff")"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
