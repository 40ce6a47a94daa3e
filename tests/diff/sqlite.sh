#!/bin/sh
# Differential test: sicalc against SQLite on generated person-level data.
# Usage: sh tests/diff/sqlite.sh [PATH/TO/sicalc]        (default ./sicalc)
#
# tests/diff/gen.py writes ~20,000 weighted person records with a fixed seed;
# ./sicalc runs tests/diff/catalogue.si over them; SQLite computes the same
# indicators from tests/diff/reference.sql; tests/diff/compare.py checks
# that both give the same rows and the same numbers (1e-9 relative).
# Prints 'ok NAME' / 'FAIL NAME: detail' lines, then 'N passed, N failed';
# exits 1 on any failure.
. "$(dirname "$0")/lib.sh"
need_tool sqlite3

python3 "$here/gen.py" "$tmp/persons.csv" || fail "setup: gen.py failed"
(cd "$tmp" && sqlite3 -bail ref.db <"$here/reference.sql" >expected.csv \
  2>sqlite.err) || fail "setup: sqlite3 failed: $(head -c 500 "$tmp/sqlite.err")"
[ -s "$tmp/expected.csv" ] || fail "setup: SQLite printed nothing"

[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
limit=""  # a hung sicalc is a failure, not a stuck test suite
command -v timeout >/dev/null 2>&1 && limit="timeout 300"
$limit "$bin" "$here/catalogue.si" "$tmp/persons.csv" --format csv \
  >"$tmp/got.csv" 2>"$tmp/got.err" </dev/null
status=$?
again=""
if [ "$status" -eq 0 ]; then
  $limit "$bin" "$here/catalogue.si" "$tmp/persons.csv" --format csv \
    >"$tmp/got2.csv" 2>/dev/null </dev/null
  again="--again $tmp/got2.csv"
fi
# shellcheck disable=SC2086 # $again is two words or none
python3 "$here/compare.py" "$tmp/expected.csv" "$tmp/got.csv" \
  --status "$status" --stderr "$tmp/got.err" $again
