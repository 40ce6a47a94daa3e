#!/bin/sh
# Order statistics counted in packed counters (runtime/worker.c,
# add_hot_values: a median's row count and weight beside the scan's
# counts, its group's value buffer found through an address kept there)
# against medians worked out by hand, on a file whose groups mix records
# of that path with records of the state's (a weight of 0 and a missing
# weight do not fit the counters' window; a missing income is skipped)
# and with a where (the children's median), at 1, 2 and 4 threads; the
# rows counted (n) and the missing_skipped flag by hand too.
# Usage: sh tests/diff/hotvalues.sh [PATH/TO/sicalc]      (default ./sicalc)
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
cd "$root" || exit 2

cat >"$tmp/m.si" <<'EOF'
dataset people {
  period year
  weight w
  column year   int
  column sex    text in ("M", "F")
  column age    int in 0..100
  column income number
  column w      number
}
indicator people {
  title "People"
  unit  count
  value count()
  by    sex
}
indicator median_income {
  title "Median income"
  unit  "RSD"
  value median(income)
  by    sex
}
indicator median_income_children {
  title "Median income of children"
  unit  "RSD"
  value median(income where age < 18)
  by    sex
}
EOF
cat >"$tmp/m.csv" <<'EOF'
year,sex,age,income,w
2020,M,10,100,1
2020,F,8,50,1
2020,M,40,200,2
2020,M,50,300,4
2020,F,9,60,2
2020,M,12,400,0
2020,M,60,,3
2020,M,15,500,
2020,F,30,70,5
2020,F,40,,2
EOF
# By hand (laeken's weighted median: the first value, ascending, whose
# cumulative weight passes half the total). M: 100 (1), 200 (2), 300
# (4) and 400 (0); the missing income and the missing weight count for
# nothing: 300 (3/7 before it). M children: 100 (1), 400 (0): 100. F:
# 50 (1), 60 (2), 70 (5): 70 (3/8 before it). F children: 50 (1), 60
# (2): 60. Rows counted: M 4 (the weight of 0 too), F 3, M children 2,
# F children 2; skipped (missing_skipped): M (a missing income, a
# missing weight), F (a missing income alone), M children (the missing
# weight).
want="median_income F=70 n=3 missing_skipped; median_income M=300 n=4 missing_skipped; median_income_children F=60 n=2 ; median_income_children M=100 n=2 missing_skipped; "
for t in 1 2 4; do
  "$bin" "$tmp/m.si" "$tmp/m.csv" --threads "$t" >"$tmp/out.csv" 2>"$tmp/err"
  got=$(awk -F, 'NR > 1 && $1 ~ /^median/ && $3 != "_T" { print $1 " " $3 "=" $6 " n=" $9 " " $10 "; " }' "$tmp/out.csv" | sort | tr -d '\n')
  if [ "$got" = "$want" ]; then
    ok "medians by hand, --threads $t"
  else
    bad "medians by hand, --threads $t: got '$got', want '$want' ($(head -1 "$tmp/out.csv"); $(cat "$tmp/err"))"
  fi
done
echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
