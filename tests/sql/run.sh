#!/bin/sh
# Differential test of `sicalc sql`: every bundled catalogue and dataset
# compiled to SQL, run by a real engine, and compared row by row with the
# native engine (tests/sql/differential.py says how).
# Usage: sh tests/sql/run.sh [PATH/TO/sicalc] [ENGINE...]
#   ENGINE: sqlite (the default), postgres, duckdb, clickhouse.
# sqlite runs in Debian's libsqlite3 through python3; postgres in a
# throw-away cluster (pg_virtualenv, Debian postgresql); duckdb and
# clickhouse in-process through npm @duckdb/node-api and chdb, installed
# into build/npm. An engine that cannot be installed is skipped with a
# message, and fails under CI=true. Ends with "N passed, N failed".
bin=${1:-./sicalc}
[ $# -gt 0 ] && shift
engines=${*:-sqlite}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
npm_dir=$root/build/npm
passed=0
failed=0

fail() { # a setup problem: one failed check
  echo "FAIL $1"
  failed=$((failed + 1))
}

skip() { # an engine that cannot be had here
  if [ "${CI:-}" = true ]; then
    fail "setup: $1 (required when CI=true)"
  else
    echo "SKIP: $1"
  fi
}

tmp=$(mktemp -d) || { echo "FAIL setup: mktemp"; echo "0 passed, 1 failed"; exit 1; }
trap 'rm -rf "$tmp"' EXIT INT TERM

# ---- the cases: NAME=A.si,B.si:DATA.csv,... ----
list() { # the files of a glob, comma-separated
  ls $1 2>/dev/null | tr '\n' ',' | sed 's/,$//'
}
P=$root/examples/pirot
set -- "pirot=$P/indicators.si:$P/municipal.csv" \
  "catalogue=$(list "$root/indicators/*.si"):$(list "$P/data/*.csv"),$root/examples/silc/silc.csv"
# Complementary suppression: ties, an unknown value, two periods.
set -- "$@" "suppress=$here/cases/suppress.si:$here/cases/suppress.csv"
if python3 "$root/tests/diff/gen.py" "$tmp/persons.csv" >/dev/null 2>&1; then
  set -- "$@" "persons=$root/tests/diff/catalogue.si:$tmp/persons.csv"
else
  fail "setup: tests/diff/gen.py failed"
fi
# The golden cases that run a catalogue over data (tests/golden/NAME.cmd:
# FILE.si DATA.csv ...).
G=$root/tests/golden
for n in basic bom_crlf contract_ok contract_int_large delim_semicolon delim_tab \
  flags labels_plain_csv_exact many_breakdowns marker_values overall \
  per_key_arg rows use_module weights; do
  # shellcheck disable=SC2046 # the .cmd's words
  set -- "$@" "golden-$n=$G/$(cut -d' ' -f1 "$G/$n.cmd"):$G/$(cut -d' ' -f2 "$G/$n.cmd")"
done
A=$root/../shared/acceptance
if [ -d "$A" ]; then
  set -- "$@" "a1-municipal=$A/a1-municipal/indicators.si:$A/a1-municipal/municipal.csv" \
    "a5-serbian=$A/a5-serbian/opstine.si:$A/a5-serbian/opstine.csv:--decimal ,"
else
  echo "SKIP: ../shared/acceptance not present"
fi
# The Laeken microdata (laeken's eusilc, written by R) when R has laeken.
if command -v Rscript >/dev/null 2>&1 &&
  Rscript "$root/tests/diff/laeken.R" "$tmp/eusilc.csv" "$tmp/laeken_expected.csv" \
    >/dev/null 2>&1 && [ -s "$tmp/eusilc.csv" ]; then
  set -- "$@" "laeken=$root/tests/diff/laeken.si:$tmp/eusilc.csv"
else
  skip "R with laeken not available: the Laeken microdata case"
fi

# ---- the engines ----
have_node_pkg() { # $1: the npm package
  [ -d "$npm_dir/node_modules/$1" ] && return 0
  command -v npm >/dev/null 2>&1 || sh "$root/tests/install-deps.sh" nodejs npm >&2
  command -v npm >/dev/null 2>&1 || return 1
  mkdir -p "$npm_dir" &&
    npm install --prefix "$npm_dir" --no-audit --no-fund "$1" >"$tmp/npm.log" 2>&1
  [ -d "$npm_dir/node_modules/$1" ]
}

run() { # $1: engine, then the command prefix
  e=$1
  shift
  "$@" python3 "$here/differential.py" --engine "$e" "$bin" "$@" >"$tmp/out" 2>&1
}

for e in $engines; do
  case $e in
  sqlite)
    python3 -c 'import sqlite3' 2>/dev/null || { skip "python3 has no sqlite3"; continue; }
    python3 "$here/differential.py" --engine sqlite "$bin" "$@" >"$tmp/out" 2>&1
    ;;
  postgres)
    command -v pg_virtualenv >/dev/null 2>&1 ||
      sh "$root/tests/install-deps.sh" postgresql postgresql-common >&2
    command -v pg_virtualenv >/dev/null 2>&1 || { skip "PostgreSQL (pg_virtualenv) not available"; continue; }
    pg_virtualenv python3 "$here/differential.py" --engine postgres "$bin" "$@" >"$tmp/out" 2>&1
    ;;
  duckdb)
    have_node_pkg @duckdb/node-api || { skip "npm @duckdb/node-api not available: $(tail -c 300 "$tmp/npm.log" 2>/dev/null)"; continue; }
    SQL_NODE_PATH=$npm_dir/node_modules python3 "$here/differential.py" --engine duckdb "$bin" "$@" >"$tmp/out" 2>&1
    ;;
  clickhouse)
    have_node_pkg chdb || { skip "npm chdb not available: $(tail -c 300 "$tmp/npm.log" 2>/dev/null)"; continue; }
    SQL_NODE_PATH=$npm_dir/node_modules python3 "$here/differential.py" --engine clickhouse "$bin" "$@" >"$tmp/out" 2>&1
    ;;
  *)
    fail "unknown engine '$e'"
    continue
    ;;
  esac
  grep -E '^(ok|FAIL|SKIP)|rows compared$' "$tmp/out"
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/out" | tail -n 1)
  if [ -z "$last" ]; then
    fail "$e: the differential test printed no summary: $(tail -c 800 "$tmp/out")"
    continue
  fi
  passed=$((passed + ${last%% passed*}))
  f=${last#*passed, }
  failed=$((failed + ${f%% failed*}))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
