#!/bin/sh
# The layout's dependency rules, checked on the sources (and, when built,
# the objects): no #include cycle among cmd/, compiler/ and runtime/
# files; runtime/ includes nothing of compiler/ or cmd/, compiler/ nothing
# of cmd/ (cmd -> compiler -> runtime); and no cycle of calls between the
# modules of compiler/ and runtime/ (a module: X.c with its X.h), so the
# pipeline reads top down (compile -> load/check -> plan), nothing below
# calling up.
# Also: no file at the top level beyond the project's own.
# Usage: includes.sh [BUILD_DIR]; ends with "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
build=${1:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Edges "includer included" between files of cmd/, compiler/ and runtime/
# (a quoted include resolved beside the file, then in cmd/, compiler/,
# runtime/ -- the compiler's -I order).
for f in cmd/*.c cmd/*.h compiler/*.c compiler/*.h compiler/*.y compiler/*.re runtime/*.c runtime/*.h; do
  [ -f "$f" ] || continue
  sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
  while read -r inc; do
    for dir in "$(dirname "$f")" cmd compiler runtime; do
      t=$(realpath -m --relative-to=. "$dir/$inc")
      if [ -f "$t" ]; then echo "$f $t"; break; fi
    done
  done
done > "$tmp/includes"

if tsort "$tmp/includes" >/dev/null 2>"$tmp/loop"; then
  ok "no #include cycle among cmd/, compiler/ and runtime/"
else
  bad "#include cycle: $(grep -v 'input contains a loop' "$tmp/loop" | sed "s/^tsort: //" | tr "\n" " ")"
fi

up=$(grep -E '^runtime/[^ ]* (compiler|cmd)/' "$tmp/includes")
if [ -z "$up" ]; then
  ok "runtime/ includes nothing of compiler/ or cmd/"
else
  bad "runtime/ includes compiler/ or cmd/: $(echo "$up" | tr "\n" " ")"
fi
up=$(grep '^compiler/[^ ]* cmd/' "$tmp/includes")
if [ -z "$up" ]; then
  ok "compiler/ includes nothing of cmd/"
else
  bad "compiler/ includes cmd/: $(echo "$up" | tr "\n" " ")"
fi

# Calls between compiler/ and runtime/ modules, from the objects' symbol
# tables (runtime/ calls nothing of compiler/, so one graph checks both): an
# edge "caller callee" for each symbol one object uses and another
# defines. The generated parser and lexer count as one module (bison and
# re2c code calls both ways).
objs=$(ls "$build"/compiler/*.o "$build"/runtime/*.o 2>/dev/null)
if [ -z "$objs" ]; then
  echo "SKIP call graph: no objects in $build/compiler (run make)"
else
  for o in $objs "$build"/gen/parser.o "$build"/gen/lexer.o; do
    m=$(basename "$o" .o)
    case $m in parser | lexer) m=grammar ;; esac
    nm --defined-only -g "$o" | awk -v m="$m" '{print $3, m}'
  done | sort -u > "$tmp/defs"
  for o in $objs "$build"/gen/parser.o "$build"/gen/lexer.o; do
    m=$(basename "$o" .o)
    case $m in parser | lexer) m=grammar ;; esac
    nm -u "$o" | awk -v m="$m" '{print $2, m}'
  done | sort -u > "$tmp/uses"
  join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 {print $2, $3}' | sort -u \
    > "$tmp/calls"
  if tsort "$tmp/calls" >/dev/null 2>"$tmp/loop"; then
    ok "no cycle of calls between compiler/ and runtime/ modules"
  else
    bad "call cycle in compiler/ or runtime/: $(grep -v 'input contains a loop' "$tmp/loop" | sed "s/^tsort: //" | tr "\n" " ")"
  fi
fi

# The top level holds the folders of the README's layout table and the
# project's own files, nothing else (a test run in the wrong folder once
# committed its scratch files here).
if command -v git >/dev/null 2>&1 && git rev-parse --git-dir >/dev/null 2>&1; then
  stray=$(git ls-files | sed -n '/\//!p' | grep -vxE \
    '\.clang-format|\.gitattributes|\.gitignore|Makefile|README\.md')
  if [ -z "$stray" ]; then
    ok "no stray file at the top level"
  else
    bad "stray files at the top level: $(echo $stray)"
  fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
