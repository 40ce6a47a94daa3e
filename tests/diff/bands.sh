#!/bin/sh
# Counts banded by one column (runtime/countband.h: the weighted counts
# whose wheres differ by an interval of age share one counter per class
# of ages) against every count fed by its own where (SICALC_BANDS=0, the
# witness). The same bytes on standard output and error and the same exit
# status: the three bench workloads over a generated file (threads 1, 2
# and 4, --memory-limit 1M, --lenient with a bad age), a file with the
# edge cases (a missing age and a missing weight, a negative weight, a
# weight too large for the counters' window, intervals negated), whose
# values are also checked against a hand computation, and a counter
# filled past its window's headroom (5,000 rows of weight 2^28 - 0.5
# after a first weight of 1), checked against the exact sum.
# Usage: sh tests/diff/bands.sh [PATH/TO/sicalc]      (default ./sicalc)
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
cd "$root" || exit 2
people 40000
bad_values 6 # age: "abc" breaks the contract (with --lenient: missing)

same() {
  name=$1; shift
  both_ways SICALC_BANDS "$@"
  if [ -z "$why" ]; then ok "$name"; else bad "$name: ${why#; }"; fi
}

for w in workload60 workload workload_single; do
  for t in 1 2 4; do
    same "$w, --threads $t" "bench/$w.si" "$tmp/p.csv" --threads "$t"
  done
done
same "workload60, --memory-limit 1M" bench/workload60.si "$tmp/p.csv" --memory-limit 1M --threads 2
same "workload60, --lenient with a bad and an empty age" bench/workload60.si "$tmp/bad.csv" --lenient --threads 2
same "workload60, a bad age (exit 1)" bench/workload60.si "$tmp/bad.csv" --threads 2
[ "$sa" = 1 ] && ok "a bad age is a data error" || bad "a bad age: exit $sa"

cat >"$tmp/e.si" <<'EOF'
dataset people {
  period year
  weight w allow negative
  column year int
  column sex  text in ("M", "F")
  column age  int in 0..100
  column w    number
}
indicator kids {
  title "Under 18"
  unit  count
  value count(where age < 18)
  by    sex
}
indicator women {
  title "Women 18-64"
  unit  count
  value count(where age in 18..64 and sex == "F")
  by    sex
}
indicator not_30s {
  title "Not in their thirties"
  unit  count
  value count(where not (age in 30..39))
  by    sex
}
indicator men_not_50 {
  title "Men not 50"
  unit  count
  value count(where age != 50 and sex == "M")
  by    sex
}
indicator everyone {
  title "Everyone"
  unit  count
  value count()
  by    sex
}
EOF
cat >"$tmp/e.csv" <<'EOF'
year,sex,age,w
2020,M,10,1
2020,F,10,2
2020,F,20,4
2020,M,20,8
2020,F,35,16
2020,M,50,32
2020,M,51,64
2020,F,,128
2020,M,70,
2020,F,70,-256
2020,F,64,0.5
2020,F,65,0.25
2021,M,15,1e20
2021,F,15,3
EOF
for t in 1 2; do
  same "edge cases, --threads $t" "$tmp/e.si" "$tmp/e.csv" --format csv --threads $t
done
# by hand, 2020 (a missing age passes no age test; a missing weight is
# skipped): kids 1 + 2; women 4 + 16 + 0.5; not_30s every age but 35
# and the missing one, 1 + 2 + 4 + 8 + 32 + 64 - 256 + 0.5 + 0.25; men
# not 50: 1 + 8 + 64; everyone: all but the missing weight. 2021: 1e20
# is outside the window (the record takes every where): 1e20 + 3 rounds
# to 1e20.
got=$(awk -F, 'NR > 1 && $3 == "_T" { printf "%s %s=%s; ", $1, $2, $6 }' "$tmp/a.out")
want="kids 2020=3; kids 2021=1e+20; women 2020=20.5; women 2021=0; not_30s 2020=-144.25; not_30s 2021=1e+20; men_not_50 2020=73; men_not_50 2021=1e+20; everyone 2020=-0.25; everyone 2021=1e+20; "
if [ "$got" = "$want" ]; then
  ok "edge cases by hand"
else
  bad "edge cases by hand: got '$got', want '$want' (header: $(head -1 "$tmp/a.out"))"
fi

awk 'BEGIN { print "year,sex,age,w"; print "2020,M,30,1"
  for (i = 0; i < 5000; i++) print "2020,M,40,268435455.5" }' >"$tmp/big.csv"
same "a counter past its window's headroom" "$tmp/e.si" "$tmp/big.csv" --format csv --threads 1
got=$(awk -F, 'NR > 1 && $3 == "_T" && ($1 == "not_30s" || $1 == "everyone") {
  printf "%s=%s ", $1, $6 }' "$tmp/a.out")
want="not_30s=1342177277500 everyone=1342177277501 "
[ "$got" = "$want" ] && ok "past the headroom: exact sums" ||
  bad "past the headroom: got '$got', want '$want'"

echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
