#!/bin/sh
# A parallel scan whose threads take parts of each other's ranges (work
# stealing, runtime/exec.c: a thread that is done cuts the unread half of
# the range with the most left) against one thread: the same bytes on
# standard output and error and the same exit status. The file is made
# unbalanced (its first 85% quoted, which the reader hands to libcsv, far
# slower than its own splitter), so that the thread of the second half is
# done first and steals (parts down to 1 MiB: SICALC_STEAL_MIN, instead
# of 16 MiB); SICALC_SCAN_STATS shows the ranges, and the test
# fails when no run at all stole (it would then prove nothing). Cases: a
# plain count; --lenient with bad values all through the file (the
# warnings in file order); a data error in the part most likely stolen
# (the first error in file order, with its line); quoted newlines in the
# first part (a cut inside a field is found and the scan made again on
# one thread).
# Usage: sh tests/diff/steal.sh [PATH/TO/sicalc]      (default ./sicalc)
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"

# gen ROWS QUOTED_NEWLINE BAD_EVERY BAD_AT: the test file on stdout
gen() {
  awk -v n="$1" -v nl="$2" -v every="$3" -v at="$4" 'BEGIN {
    print "year,g,note,x,w"
    for (i = 1; i <= n; i++) {
      x = i % 13; if ((every && i % every == 0) || i == at) x = "zz"
      if (i <= n * 0.85)
        note = nl ? "\"a, \"\"quoted\"\"\nnote " i "\"" : "\"a, \"\"quoted\"\" note " i "\""
      else
        note = "plain"
      printf "%d,%s,%s,%s,%d\n", 2020 + i % 3, substr("abc", i % 3 + 1, 1), note, x, i % 7 + 1
    }
  }'
}
cat >"$tmp/s.si" <<'EOF'
dataset s {
  period year
  weight w
  column year int
  column g    text
  column note text
  column x    int
  column w    number
}
indicator n {
  title "Rows"
  unit  count
  value count()
  by    g
}
indicator mean_x {
  title "Mean x"
  unit  ratio
  numerator   sum(x)
  denominator count(where x is not missing)
  by    g
}
EOF
gen 1000000 0 0 0 >"$tmp/plain.csv"
gen 1000000 0 50021 0 >"$tmp/lenient.csv"
gen 1000000 0 0 400007 >"$tmp/error.csv"
gen 1000000 1 0 0 >"$tmp/newline.csv"

stole=0
# same NAME FILE ARGS...: --threads 1 against 2, 3 and 4
same() {
  name=$1 file=$2; shift 2
  "$bin" "$tmp/s.si" "$file" --threads 1 "$@" >"$tmp/1.out" 2>"$tmp/1.err"
  s1=$?
  for t in 2 3 4; do
    SICALC_STEAL_MIN=1048576 SICALC_SCAN_STATS=1 "$bin" "$tmp/s.si" "$file" --threads $t "$@" \
      >"$tmp/t.out" 2>"$tmp/t.err"
    st=$?
    ranges=$(sed -n 's/^sicalc: scan: .*; ranges \([0-9]*\),.*$/\1/p' "$tmp/t.err" | head -1)
    [ "${ranges:-0}" -gt $t ] && stole=$((stole + 1))
    grep -v '^sicalc: scan: ' "$tmp/t.err" >"$tmp/t.err2"
    why=""
    [ $s1 = $st ] || why="exit status $st, $s1 on one thread"
    cmp -s "$tmp/1.out" "$tmp/t.out" || why="$why; stdout differs"
    cmp -s "$tmp/1.err" "$tmp/t.err2" || why="$why; stderr differs: $(diff "$tmp/1.err" "$tmp/t.err2" | head -3 | tr '\n' ' ')"
    if [ -z "$why" ]; then
      ok "$name, --threads $t (${ranges:-?} ranges)"
    else
      bad "$name, --threads $t (${ranges:-?} ranges): ${why#; }"
    fi
  done
}
same "a plain count" "$tmp/plain.csv"
[ -s "$tmp/1.out" ] && [ $s1 = 0 ] || bad "a plain count: no output"
same "--lenient, bad values all through" "$tmp/lenient.csv" --lenient
[ "$(grep -c warning "$tmp/1.err")" -ge 10 ] && ok "--lenient: warnings printed" ||
  bad "--lenient: $(grep -c warning "$tmp/1.err") warnings"
same "a data error in the first part" "$tmp/error.csv"
grep -q "error.csv:400008: error: column 'x'" "$tmp/1.err" &&
  ok "the error's line" || bad "the error's line: $(head -c 300 "$tmp/1.err")"
same "quoted newlines in the first part" "$tmp/newline.csv"
[ $stole -gt 0 ] && ok "some scan stole ($stole of 12)" ||
  bad "no scan stole: the test proves nothing here"

echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
