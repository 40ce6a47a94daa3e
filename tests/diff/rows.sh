#!/bin/sh
# Result rows and CSV rows made on every thread (runtime/finish.c: each
# grouping's groups in output order split between the threads; blocks.c:
# CSV blocks of 2,048 rows made on every thread, written in order).
# Two data files whose municipalities overlap in part, so that each
# indicator shows only the groups of the file it reads (a thread's rows
# start after the groups shown before its block); 4,000 municipalities,
# so that every thread has a block and the CSV has several blocks. The
# values against sums worked out by awk from the files, and the same
# bytes at 1, 2 and 4 threads in every CSV form (plain, --excel, Latin
# titles in Cyrillic from Latin, suppression).
# Usage: sh tests/diff/rows.sh [PATH/TO/sicalc]      (default ./sicalc)
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
cd "$root" || exit 2

cat >"$tmp/r.si" <<'EOF'
dataset people {
  period year
  weight w
  column year         int
  column municipality text
  column sex          text in ("M", "F")
  column w            number
}
dataset firms {
  period year
  column year         int
  column municipality text
  column employees    int
}
indicator people {
  from     people
  title    "People"
  title@sr "Stanovništvo"
  unit     count
  value    count()
  by       municipality
}
indicator employees {
  title    "Employees"
  title@sr "Zaposleni"
  unit     count
  value    sum(employees)
  by       municipality
}
indicator women {
  from     people
  title    "Women"
  unit     count
  value    count(where sex == "F")
  by       municipality * sex
  suppress when value < 3
}
EOF
# people: municipalities m0001..m3000, firms: m2001..m4000 (a thousand
# in both); weights 1 to 3, employees 1 to 7.
awk 'BEGIN {
  print "year,municipality,sex,w"
  for (i = 0; i < 12000; i++)
    printf "2024,m%04d,%s,%d\n", i % 3000 + 1, (i % 7 < 3 ? "F" : "M"), i % 3 + 1
}' >"$tmp/people.csv"
awk 'BEGIN {
  print "year,municipality,employees"
  for (i = 0; i < 6000; i++)
    printf "2024,m%04d,%d\n", i % 2000 + 2001, i % 7 + 1
}' >"$tmp/firms.csv"

# The witness: each municipality's weight and employees by awk.
awk -F, 'FNR == 1 { next }
  FILENAME ~ /people/ { p[$2] += $4 }
  FILENAME ~ /firms/ { e[$2] += $3 }
  END {
    for (m in p) print "people," m "," p[m]
    for (m in e) print "employees," m "," e[m]
  }' "$tmp/people.csv" "$tmp/firms.csv" | sort >"$tmp/want"

run() { # NAME THREADS [OPTIONS...]: sicalc's CSV in $tmp/NAME.tTHREADS
  name=$1 t=$2
  shift 2
  "$bin" "$tmp/r.si" "$tmp/people.csv" "$tmp/firms.csv" --threads "$t" "$@" \
    >"$tmp/$name.t$t" 2>"$tmp/err" || bad "$name at $t threads: $(cat "$tmp/err")"
}

for t in 1 2 4; do
  run plain "$t"
  awk -F, '($1 == "people" || $1 == "employees") && $3 != "_T" {
    print $1 "," $3 "," $7 }' "$tmp/plain.t$t" | sort >"$tmp/got"
  if cmp -s "$tmp/got" "$tmp/want"; then
    ok "values against awk, --threads $t ($(wc -l <"$tmp/want") groups)"
  else
    bad "values against awk, --threads $t: $(diff "$tmp/want" "$tmp/got" | head -5)"
  fi
  # Only the groups of each indicator's file: 3,000 and 2,000, and the
  # totals.
  n=$(awk -F, '$1 == "people"' "$tmp/plain.t$t" | wc -l)
  m=$(awk -F, '$1 == "employees"' "$tmp/plain.t$t" | wc -l)
  if [ "$n" -eq 3001 ] && [ "$m" -eq 2001 ]; then
    ok "rows of the file each reads, --threads $t"
  else
    bad "rows of the file each reads, --threads $t: people $n (want 3001), employees $m (want 2001)"
  fi
  run excel "$t" --excel
  run cyrillic "$t" --labels --lang sr-Cyrl
done
# With suppression: every shown women's count below 3 is hidden.
low=$(awk -F, '$1 == "women" && $7 != "" && $7 < 3' "$tmp/plain.t1" | wc -l)
if [ "$low" -eq 0 ] && grep -q suppressed "$tmp/plain.t1"; then
  ok "suppressed below 3"
else
  bad "suppressed below 3: $low rows below 3 shown"
fi
for f in plain excel cyrillic; do
  if [ "$(wc -l <"$tmp/$f.t1")" -gt 6000 ] && cmp -s "$tmp/$f.t1" "$tmp/$f.t2" &&
    cmp -s "$tmp/$f.t1" "$tmp/$f.t4"; then
    ok "$f: the same bytes at 1, 2 and 4 threads ($(wc -l <"$tmp/$f.t1") lines)"
  else
    bad "$f: bytes differ between thread counts"
  fi
done
if grep -q 'Становништво' "$tmp/cyrillic.t2"; then
  ok "Cyrillic titles from Latin, made on every thread"
else
  bad "Cyrillic titles from Latin: $(sed -n 2p "$tmp/cyrillic.t2")"
fi
echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
