#!/bin/sh
# The run's own form of share(x < arpt(x) where c) (runtime/rewrite.h:
# x's values kept in the first pass, the weight below the period's
# threshold summed once it is known) against the catalogue as written
# (SICALC_REWRITE=0: a second pass compares each row with the threshold,
# through the evaluator). The same bytes on standard output and error and
# the same exit status: the 60-indicator bench workload over a generated
# file (threads 1, 2 and 4, --memory-limit 1M, standard input, --lenient
# with bad values) and a small file with the edge cases (missing
# incomes, a period whose threshold is missing, weights summing to
# zero), whose values are also checked against a hand computation, and
# the share read by an overall() and as a per-key value. SICALC_SCAN_STATS
# shows that the rewritten run scanned the file once (and its lines of
# the steps after the scan are there, the rows counted as written).
# Usage: sh tests/diff/rewrite.sh [PATH/TO/sicalc]     (default ./sicalc)
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
cd "$root" || exit 2
people 60000
bad_values 13 # income

# same NAME PASSES ARGS...: runs both ways and compares; PASSES: the
# scans the rewritten run must make of the file
same() {
  name=$1 want=$2; shift 2
  both_ways SICALC_REWRITE "$@"
  scans=$(grep -c '^sicalc: scan: pass' "$tmp/a.err")
  [ "$scans" = "$want" ] || why="$why; $scans scans of the file, not $want"
  # (the steps' timings: a line after each pass, at least one for each
  # scan, and the results' rows as many as the output's lines under its
  # header)
  after=$(grep -c '^sicalc: scan: after pass [0-9]*: roll-ups [0-9.]* s, ' "$tmp/a.err")
  [ "$after" -ge "$want" ] || why="$why; $after lines of the steps after a pass, fewer than $want"
  rows=$(sed -n 's/^sicalc: scan: results: \([0-9]*\) rows in [0-9.]* s$/\1/p' "$tmp/a.err")
  lines=$(($(wc -l <"$tmp/a.out") - 1))
  [ "$rows" = "$lines" ] || why="$why; the results line says '$rows' rows, the output has $lines"
  if [ -z "$why" ]; then ok "$name"; else bad "$name: ${why#; }"; fi
}

for t in 1 2 4; do
  same "workload60, --threads $t" 1 bench/workload60.si "$tmp/p.csv" --threads "$t"
done
same "workload60, --memory-limit 1M" 1 bench/workload60.si "$tmp/p.csv" --memory-limit 1M --threads 2
STDIN=$tmp/p.csv same "workload60, standard input" 1 bench/workload60.si - --threads 2
same "workload60, --lenient with a bad and an empty income" 1 bench/workload60.si "$tmp/bad.csv" --lenient --threads 2

# The edge cases. 2020: incomes 10..50, weight 1: median 30, line 18;
# children at 10 and 40 (one of them poor: 50%), one child without an
# income (skipped). 2021: the children's weights are 2 and -2 (their
# total is 0: no value). 2022: line 18 again (10..50), children at 5
# (weight 3) and 25 (weight 1): 75%. (Columns: indicator, year, area,
# numerator, denominator, value.) no_line compares with a threshold
# of nobody (age > 200): missing in every period, every row skipped
# (no_line_or_zero shows it: 0, flagged missing_skipped where there
# are children).
cat >"$tmp/e.si" <<'EOF'
dataset people {
  period year
  weight w allow negative
  column year   int
  column area   text
  column age    int
  column income number
  column w      number
}
indicator kids_poor {
  title "Children under the line"
  unit  percent
  value share(income < arpt(income) where age < 18)
  by    area
}
indicator no_line {
  title "Children under a line of nobody"
  unit  percent
  value share(income < arpt(income where age > 200) where age < 18)
  by    area
}
indicator no_line_or_zero {
  title "Children under a line of nobody, else 0"
  unit  percent
  value coalesce(share(income < arpt(income where age > 200) where age < 18), 0)
  by    area
}
EOF
cat >"$tmp/e.csv" <<'EOF'
year,area,age,income,w
2020,a,40,20,1
2020,a,50,30,1
2020,b,60,50,1
2020,a,10,10,1
2020,b,12,40,1
2020,b,14,,1
2021,a,40,20,1
2021,a,50,30,1
2021,b,60,50,1
2021,a,10,10,2
2021,b,12,40,-2
2022,a,40,20,1
2022,a,50,30,1
2022,b,60,50,1
2022,b,33,40,1
2022,a,10,5,3
2022,a,11,25,1
EOF
same "edge cases (missing income, no threshold, weights summing to 0)" 1 \
  "$tmp/e.si" "$tmp/e.csv" --format csv
# the hand computation: the total rows of kids_poor by year
got=$(awk -F, 'NR > 1 && $1 == "kids_poor" && $3 == "_T" { printf "%s=%s ", $2, $6 }' \
  "$tmp/a.out")
want="2020=50 2021= 2022=75 "
if [ "$got" = "$want" ]; then
  ok "kids_poor by hand: $want"
else
  bad "kids_poor by hand: got '$got', want '$want' (header: $(head -1 "$tmp/a.out"))"
fi
got=$(awk -F, 'NR > 1 && $1 == "no_line" && $6 != "" { n++ } END { print n + 0 }' "$tmp/a.out")
[ "$got" = 0 ] && ok "no threshold: no value" || bad "no threshold: $got values"
# every group with children (all but 2022's area b) had its rows skipped
got=$(awk -F, 'NR > 1 && $1 == "no_line_or_zero" && $6 == 0 {
    printf "%s%s", $2 $3, $10 == "missing_skipped" ? "s " : " " }' "$tmp/a.out")
want="2020_Ts 2021_Ts 2022_Ts 2020as 2020bs 2021as 2021bs 2022as 2022b "
[ "$got" = "$want" ] && ok "no threshold: every row skipped" ||
  bad "no threshold: got '$got', want '$want'"

# An arpr beside the share (scanplan.c plan_parts): a child's income is
# kept by the share only, and linked into the arpr's values after the
# scan. By hand (2020, line 0.6 x median 25 = 15; the child of weight 0
# and the one without an income take the state's path, the child
# without a weight is skipped): poor a 10 of 20, 30, 10, 60 (weight 0):
# 1/3; b (children only) 0; c 5 of 5, 25: 50%; all 5, 10 of 7: 2/7;
# kids_poor a 10 and 60 (weight 0): 100%; b 0%; c nobody: no value; all
# 1 of 3.
sed -n '1,/^}/p' "$tmp/e.si" >"$tmp/p.si"
cat >>"$tmp/p.si" <<'EOF'
indicator poor {
  title "At risk of poverty"
  unit  percent
  value arpr(income)
  by    area
}
indicator kids_poor {
  title "Children under the line"
  unit  percent
  value share(income < arpt(income) where age < 18)
  by    area
}
EOF
cat >"$tmp/p.csv" <<'EOF'
year,area,age,income,w
2020,a,40,20,1
2020,a,50,30,1
2020,a,10,10,1
2020,a,12,60,0
2020,b,8,40,1
2020,b,9,50,1
2020,b,11,,1
2020,c,60,5,1
2020,c,70,25,1
2020,c,16,35,
EOF
for t in 1 2; do
  same "an arpr beside the share, --threads $t" 1 "$tmp/p.si" "$tmp/p.csv" --format csv --threads "$t"
done
got=$(awk -F, 'NR > 1 { printf "%s/%s=%s ", $1, $3, $6 }' "$tmp/a.out")
want="poor/_T=28.57142857142857 poor/a=33.33333333333333 poor/b=0 poor/c=50 kids_poor/_T=33.33333333333333 kids_poor/a=100 kids_poor/b=0 kids_poor/c= "
[ "$got" = "$want" ] && ok "an arpr beside the share by hand" ||
  bad "an arpr beside the share by hand: got '$got', want '$want'"

# The rewritten share read by later values: an overall() of it (ready
# after its pass, no scan for it) and a per-key value of it, which a
# mean reads in a later scan (two scans instead of three).
sed -n '1,/^}/p' "$tmp/e.si" >"$tmp/o.si" # the same dataset
cat >>"$tmp/o.si" <<'EOF'
indicator kids_poor_vs_all {
  title "Children under the line, against the period's"
  unit  ratio
  value share(income < arpt(income) where age < 18) / overall(share(income < arpt(income) where age < 18))
  by    area
}
indicator kids_poor_mean {
  title "Children under the line, mean over areas"
  unit  ratio
  value mean(share(income < arpt(income) where age < 18 per area))
  by    area
}
EOF
same "read by overall() and per key" 2 "$tmp/o.si" "$tmp/e.csv" --format csv

echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
