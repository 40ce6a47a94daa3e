#!/bin/sh
# Checks that the generated catalogue in docs/ is current: regenerates
# docs/catalogue.md, docs/catalogue.html and docs/catalogue.sr.md from
# indicators/*.si (as `make doc` does) and compares them byte for byte,
# then checks that docs/catalogue.md documents exactly the indicators
# declared in indicators/*.si. Ends with "N passed, N failed".
# Usage: tests/doc/stale.sh PATH/TO/sicalc
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.." || exit 2
LC_ALL=C
export LC_ALL
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

set -- indicators/*.si
if [ ! -e "$1" ]; then
  echo "SKIP no indicators/*.si yet: nothing to document"
  echo "0 passed, 0 failed"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Same command lines as the Makefile's doc target (bytewise file order).
check() { # $1 = file under docs/, then the extra sicalc arguments
  name=$1; shift
  if ! "$bin" doc "$@" >"$tmp/$name" 2>"$tmp/err"; then
    bad "sicalc doc failed for docs/$name: $(head -n 3 "$tmp/err" | tr '\n' ' ')"
  elif [ ! -f "docs/$name" ]; then
    bad "docs/$name is missing: run make doc"
  elif ! cmp -s "$tmp/$name" "docs/$name"; then
    bad "docs/$name is stale: run make doc"
  else
    ok "docs/$name is current"
  fi
}
check catalogue.md "$@"
check catalogue.html "$@" --format html
check catalogue.sr.md "$@" --lang sr

# Every `indicator NAME` and `index NAME` of the sources, and only those,
# has its anchor (<a id="NAME"></a>; other anchors of the document contain
# a '-').
sed -n 's/^[[:space:]]*\(indicator\|index\)[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\2/p' \
  "$@" | sort -u >"$tmp/declared"
if [ -f docs/catalogue.md ]; then
  grep -o '<a id="[A-Za-z0-9_]*"></a>' docs/catalogue.md |
    sed 's/<a id="\(.*\)"><\/a>/\1/' | sort -u >"$tmp/documented"
  missing=$(comm -23 "$tmp/declared" "$tmp/documented" | tr '\n' ' ')
  extra=$(comm -13 "$tmp/declared" "$tmp/documented" | tr '\n' ' ')
  if [ -n "$missing" ]; then
    bad "docs/catalogue.md does not document: ${missing% }"
  else
    ok "docs/catalogue.md documents every indicator"
  fi
  if [ -n "$extra" ]; then
    bad "docs/catalogue.md documents indicators not in indicators/*.si: ${extra% }"
  else
    ok "docs/catalogue.md documents no other indicator"
  fi
else
  bad "docs/catalogue.md is missing: run make doc"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
