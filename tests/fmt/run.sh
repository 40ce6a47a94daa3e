#!/bin/sh
# Property test of `sicalc fmt` over every .si file of the repository:
# the formatted file parses to the same tree (clauses in canonical order)
# and formatting it again changes nothing. Files that do not parse (the
# syntax-error cases of the golden tests) are skipped.
# Usage: run.sh PATH/TO/sicalc
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
files=$(git ls-files '*.si' 2>/dev/null || find . -name '*.si')
for f in $files; do
  "$bin" fmt --dump "$f" > "$tmp/a" 2>/dev/null || continue
  "$bin" fmt "$f" > "$tmp/f.si" 2>"$tmp/err"
  "$bin" fmt --dump "$tmp/f.si" > "$tmp/b" 2>>"$tmp/err"
  "$bin" fmt "$tmp/f.si" > "$tmp/g.si" 2>>"$tmp/err"
  if ! cmp -s "$tmp/a" "$tmp/b"; then
    fail=$((fail + 1)); echo "FAIL $f: the formatted file parses differently"
    diff "$tmp/a" "$tmp/b" | head -5
  elif ! cmp -s "$tmp/f.si" "$tmp/g.si"; then
    fail=$((fail + 1)); echo "FAIL $f: formatting twice changes it"
    diff "$tmp/f.si" "$tmp/g.si" | head -5
  else
    pass=$((pass + 1)); echo "ok   $f"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
