#!/bin/sh
# A count that takes a sum's rows (runtime/scanplan.c plan_rows_of:
# count(where x is not missing and c) counts the rows and weight that
# sum(x where c) adds, so it has no counter of its own; worker.c
# fold_sum gives it the sum's after the scan) against every count fed
# by itself (SICALC_ROWS_OF=0, the witness): the same bytes on standard
# output and error and the same exit status, for the 60-indicator bench
# workload (five mean incomes, and the 12's) at 1, 2 and 4 threads,
# under --memory-limit 1M, with --lenient and a bad income and a bad
# weight; and a small file of the edge cases checked by hand too.
# Usage: sh tests/diff/rowsof.sh [PATH/TO/sicalc]     (default ./sicalc)
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
cd "$root" || exit 2
people 60000
bad_values 13 # income
awk -F, 'BEGIN { OFS = "," } NR == 301 { $16 = "" } NR == 3003 { $16 = "x" }
  { print }' "$tmp/bad.csv" >"$tmp/badw.csv" # and the weight

same() { # NAME ARGS...
  name=$1
  shift
  both_ways SICALC_ROWS_OF "$@"
  if [ -z "$why" ]; then ok "$name"; else bad "$name: ${why#; }"; fi
}
for t in 1 2 4; do
  same "workload60, --threads $t" bench/workload60.si "$tmp/p.csv" --threads "$t"
done
same "workload60, --memory-limit 1M" bench/workload60.si "$tmp/p.csv" --memory-limit 1M
same "workload60, --lenient with a bad income and weight" \
  bench/workload60.si "$tmp/badw.csv" --lenient --threads 2

# The edge cases, one area each: a: an income of 0 (its product is 0,
# which no packed counter takes: the state's path) and a missing income
# (neither counted nor summed); b: a missing weight beside an income
# (the count skips it: missing_skipped), a negative weight; c: no
# income at all (no rows: no value). The count of the missing incomes
# is not the sum's: it keeps a counter of its own (it comes first, so
# that a rule that took it for the sum's would give it the sum's rows).
cat >"$tmp/e.si" <<'EOF'
dataset people {
  period year
  weight w allow negative
  column year   int
  column area   text
  column rural  bool
  column income number
  column w      number
}
indicator without_income {
  title "Without an income, rural"
  unit  count
  value count(where income is missing and rural)
  by    area
}
indicator mean_income_rural {
  title       "Mean income, rural"
  unit        "RSD"
  numerator   sum(income where rural)
  denominator count(where income is not missing and rural)
  by          area
}
indicator with_income {
  title "With an income, rural"
  unit  count
  value count(where rural and income is not missing)
  by    area
}
EOF
cat >"$tmp/e.csv" <<'EOF'
year,area,rural,income,w
2020,a,1,10,1
2020,a,1,0,2
2020,a,1,,3
2020,a,0,50,1
2020,b,1,20,1
2020,b,1,30,
2020,b,1,40,-0.5
2020,c,1,,1
2020,c,0,7,1
EOF
same "edge cases" "$tmp/e.si" "$tmp/e.csv" --format csv --threads 1
# by hand: a: (10 + 0) / 3 (weights 1 and 2), 2 rows; b: (20 - 20) /
# 0.5, 2 rows, a weight missing (flagged); c: no rows. with_income: a 3,
# b 0.5, c 0; without_income: a 3, b 0, c 1.
got=$(awk -F, 'NR > 1 && $3 != "_T" { printf "%s/%s=%s:%s ", $1, $3, $6, $9 }' "$tmp/a.out")
want="without_income/a=3:1 without_income/b=0:0 without_income/c=1:1 mean_income_rural/a=3.3333333333333335:2 mean_income_rural/b=0:2 mean_income_rural/c=:0 with_income/a=3:2 with_income/b=0.5:2 with_income/c=0:0 "
[ "$got" = "$want" ] && ok "edge cases by hand" ||
  bad "edge cases by hand: got '$got', want '$want'"
got=$(awk -F, '$1 == "mean_income_rural" && $3 == "b" { print $10 }' "$tmp/a.out")
case $got in
  *missing_skipped*) ok "a missing weight beside an income: flagged" ;;
  *) bad "a missing weight beside an income: flags '$got'" ;;
esac

echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
