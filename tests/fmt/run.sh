#!/bin/sh
# Property test of `sicalc fmt` over every .si file of the repository:
# the formatted file parses to the same tree (clauses in canonical order)
# and formatting it again changes nothing. Every .si file must parse,
# except the deliberately broken cases named in BROKEN below (each of which
# must still exist and still fail to parse); a file outside that list that
# does not parse is a failure, and so is a run that checked no file.
# Usage: run.sh PATH/TO/sicalc
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
skipped=0
# The syntax-error cases: they must not parse.
BROKEN="
tests/golden/codelist_syntax.si
tests/golden/doc_syntax_error.si
tests/golden/err_lexer.si
tests/golden/err_syntax.si
tests/golden/design_item.si
tests/golden/limits_lex.si
tests/golden/syntax_clause_typo.si
tests/golden/review/syntax.si
tests/robustness/cases/fuzz-si-38e744b5.si
"
is_broken() {
  case "$BROKEN" in *"
$1
"*) return 0 ;; esac
  return 1
}
files=$(git ls-files '*.si' 2>/dev/null)
[ -n "$files" ] || files=$(find . -name '*.si' ! -path './build/*' | sed 's|^\./||' | sort)
for f in $BROKEN; do
  case "
$files
" in *"
$f
"*) ;; *) fail=$((fail + 1)); echo "FAIL $f: listed as broken in tests/fmt/run.sh but not found" ;; esac
done
for f in $files; do
  if ! "$bin" fmt --dump "$f" > "$tmp/a" 2>"$tmp/err"; then
    if is_broken "$f"; then
      skipped=$((skipped + 1)); echo "ok   $f: does not parse, as intended (skipped)"
    else
      fail=$((fail + 1)); echo "FAIL $f: does not parse: $(head -1 "$tmp/err")"
    fi
    continue
  fi
  if is_broken "$f"; then
    fail=$((fail + 1)); echo "FAIL $f: listed as broken in tests/fmt/run.sh but parses"
    continue
  fi
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
echo "checked $pass files, skipped $skipped deliberately broken ones"
if [ "$pass" -eq 0 ]; then
  fail=$((fail + 1)); echo "FAIL fmt: no .si file was checked"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
