#!/bin/sh
# Packed counters that fill up (runtime/hotcount.h: a counter counts at
# most 65,535 rows in its low bits; worker.c folds a full one into its
# state and starts it again): one group of 150,000 rows, so that every
# kind of counter a scan keeps is full twice in one thread — banded
# counts (count(where age ...)), a count with a where of its own, a sum's
# weight and its skipped rows (every other income is missing), an order
# statistic's rows. The values and rows counted against awk's sums of the
# file (exact: weights 1, 1.25, 1.5, 1.75 and incomes k + 0.5 give
# multiples of 1/8 far below 2^53), at 1 and 2 threads.
# Usage: sh tests/diff/fullcounters.sh [PATH/TO/sicalc]   (default ./sicalc)
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
cd "$root" || exit 2

cat >"$tmp/f.si" <<'EOF'
dataset people {
  period year
  weight w
  column year   int
  column area   text
  column age    int in 0..99
  column roma   bool
  column income number
  column w      number
}
indicator people {
  title "People"
  unit  count
  value count()
  by    area
}
indicator children {
  title "Children"
  unit  count
  value count(where age < 18)
  by    area
}
indicator working_age {
  title "Working age"
  unit  count
  value count(where age in 15..64)
  by    area
}
indicator roma {
  title "Roma"
  unit  count
  value count(where roma)
  by    area
}
indicator income {
  title "Total income"
  unit  "RSD"
  value sum(income)
  by    area
}
indicator median_income {
  title "Median income"
  unit  "RSD"
  value median(income)
  by    area
}
EOF
awk 'BEGIN {
  print "year,area,age,roma,income,w"
  for (i = 0; i < 150000; i++)
    printf "2020,a,%d,%d,%s,%s\n", i % 100, i % 3 == 0,
      i % 2 ? (i % 1000) ".5" : "", 1 + (i % 4) / 4
}' >"$tmp/f.csv"
# by hand (awk): each indicator's value and its rows counted
awk -F, 'NR > 1 {
  people += $6; np++
  if ($3 < 18) { children += $6; nc++ }
  if ($3 >= 15 && $3 <= 64) { working += $6; nw++ }
  if ($4 == 1) { roma += $6; nr++ }
  if ($5 != "") { income += $5 * $6; ni++ }
} END {
  printf "people=%.17g/%d children=%.17g/%d working_age=%.17g/%d ", people, np, children, nc, working, nw
  printf "roma=%.17g/%d income=%.17g/%d median_income=/%d\n", roma, nr, income, ni, ni
}' "$tmp/f.csv" >"$tmp/want"
for t in 1 2; do
  if ! "$bin" "$tmp/f.si" "$tmp/f.csv" --format csv --threads "$t" >"$tmp/out.csv" 2>"$tmp/err"; then
    bad "one group of 150,000 rows, --threads $t: exit status $? ($(head -c 200 "$tmp/err"))"
    continue
  fi
  # the area's rows: value (a median's left out) and n; %.17g, as awk's
  got=$(awk -F, '$3 == "a" {
      v = $1 == "median_income" ? "" : sprintf("%.17g", $6)
      printf "%s=%s/%s ", $1, v, $9 }' "$tmp/out.csv" | sed 's/ $//')
  want=$(cat "$tmp/want")
  if [ "$got" = "$want" ]; then
    ok "one group of 150,000 rows, --threads $t: values and rows as awk's"
  else
    bad "one group of 150,000 rows, --threads $t: got '$got', want '$want'"
  fi
done
# the median, by hand: the incomes are k + 0.5 for odd i, k = i mod
# 1000 (odd), each 150 times with the weight 1.25 when k mod 4 is 1 and
# 1.75 when it is 3: each pair (1, 3), (5, 7), ... weighs the same, so
# exactly half of the weight is at or below 499.5, and laeken's rule
# (the first value whose share is above one half: the median of 1, 2,
# 3, 4 is 3) gives 501.5
got=$(awk -F, '$1 == "median_income" && $3 == "a" { print $6 }' "$tmp/out.csv")
[ "$got" = 501.5 ] && ok "the median by hand: 501.5" ||
  bad "the median by hand: got '$got', want 501.5"

echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
