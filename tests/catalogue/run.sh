#!/bin/sh
# The indicator catalogue (indicators/*.si) against the bundled example data.
# Usage: sh tests/catalogue/run.sh SICALC
# Prints one ok/FAIL line per check and ends with "N passed, N failed".
#  - `sicalc check indicators/*.si` succeeds without errors;
#  - the catalogue runs (exit 0, no error) on each example data file alone,
#    the other indicators being skipped, and on all of them together;
#  - every indicator id of the catalogue has at least one row with a value
#    in the run over all the example data;
#  - the catalogue has at least 50 indicators;
#  - some figures (tests/catalogue/witness.sql: ten indicators from five
#    domains, by year, in total, by municipality, region and by sex) equal what
#    SQLite computes from the same CSV files: numerator and denominator
#    exactly (a computed one, expected deaths, to 1e-12), value to 1e-9
#    relative. Without sqlite3 (after trying
#    tests/install-deps.sh) that check fails.
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

# The independent witness: SQLite on the same files.
if ! command -v sqlite3 >/dev/null 2>&1; then
  sh tests/install-deps.sh sqlite3 >&2
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
  bad "SQLite witness: sqlite3 not found"
elif ! (cd examples/pirot/data && sqlite3 :memory: <../../../tests/catalogue/witness.sql) \
    >"$tmp/witness.csv" 2>"$tmp/witness.err"; then
  bad "SQLite witness: sqlite3 failed: $(head -c 300 "$tmp/witness.err")"
else
  python3 - "$tmp/witness.csv" "$tmp/all.csv" >"$tmp/cmp" <<'PY'
import csv, math, sys
want = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
got = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
fixed = {"indicator", "year", "numerator", "denominator", "value", "se", "cv", "unit",
         "status", "n", "flags", "ci_low", "ci_high", "rank"}
dims = [c for c in got[0] if c not in fixed] if got else []
rows = {}
for r in got:
    set_ = [d for d in dims if r[d] != "_T"]
    if len(set_) > 1:
        continue
    d = set_[0] if set_ else "_T"
    rows[(r["indicator"], r["year"], d, r[d] if set_ else "_T")] = r
bad, inds = [], set()
for ind, year, dim, grp, num, den, val in want:
    inds.add(ind)
    r = rows.get((ind, year, dim, grp))
    if r is None:
        bad.append(f"{ind} {year} {dim}={grp}: no row from sicalc")
        continue
    for name, w in (("numerator", num), ("denominator", den)):
        if w == "" and r[name] == "":
            continue  # a value without either (a Laeken indicator)
        # counts exactly; a computed one (expected deaths) to 1e-12
        exact = float(w) == int(float(w))
        if r[name] == "" or (float(r[name]) != float(w) if exact else
                             not math.isclose(float(r[name]), float(w), rel_tol=1e-12)):
            bad.append(f"{ind} {year} {dim}={grp} {name}: sicalc {r[name]!r}, SQLite {w}")
    if r["value"] == "" or not math.isclose(float(r["value"]), float(val), rel_tol=1e-9):
        bad.append(f"{ind} {year} {dim}={grp} value: sicalc {r['value']!r}, SQLite {val}")
print(f"{len(want)} {len(inds)}")
for b in bad[:8]:
    print(b)
PY
  read -r nwant ninds <"$tmp/cmp"
  if [ "$(wc -l <"$tmp/cmp")" -eq 1 ] && [ "${ninds:-0}" -ge 7 ]; then
    ok "SQLite witness: $nwant figures of $ninds indicators agree"
  else
    bad "SQLite witness: sicalc and SQLite disagree (or too few figures: $nwant of $ninds indicators)"
    sed -n '2,9p' "$tmp/cmp" | sed 's/^/    /'
  fi
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

# Reliability: Babušnica's foster care rate in 2023 is 4 children of
# 1,014 (by hand: 4 / 1014 × 1000 = 3.9448 per 1,000), under the policy's
# 20 events: flagged low_count, with its Poisson interval, not bare.
row=$(grep '^foster_care_rate,2023,_T,_T,_T,Babušnica,' "$tmp/all.csv")
case $row in
  *,4,1014,3.9447731755424065,*,low_count,*) ok "foster_care_rate Babušnica 2023: 4 of 1,014, flagged low_count" ;;
  *) bad "foster_care_rate Babušnica 2023 not flagged low_count: $row" ;;
esac
# Pirot's 2011 census population by sex (M 29,108, F 28,820, RZS) is the
# denominator of population_change_2011 by municipality * sex.
m=$(grep -c '^population_change_2011,2022,M,_T,_T,Pirot,.*,29108,' "$tmp/all.csv")
f=$(grep -c '^population_change_2011,2022,F,_T,_T,Pirot,.*,28820,' "$tmp/all.csv")
if [ "$m$f" = 11 ]; then
  ok "Pirot 2011 by sex (29,108 M, 28,820 F) in the catalogue output"
else
  bad "Pirot 2011 by sex not found (M rows $m, F rows $f)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
