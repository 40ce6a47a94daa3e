# tests/diff/lib.sh — sourced by the differential tests (`. lib.sh`, with
# the caller's arguments): the sicalc under test ($bin, default ./sicalc),
# the folders ($here, $root), a scratch folder ($tmp, removed on exit) and
# the witnesses they need. A witness that cannot be installed makes the
# test skip, except under CI (CI=true), where it fails: CI must not go
# green without its witness.
bin=${1:-./sicalc}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

fail() { # a setup problem: one failed check, and stop
  echo "FAIL $1"
  echo "0 passed, 1 failed"
  exit 1
}

skip() { # $1 = what is missing
  [ "${CI:-}" = true ] && fail "setup: $1 not available, required when CI=true"
  echo "SKIP: $1 not available"
  echo "0 passed, 0 failed"
  exit 0
}

# have_r [PKG...]: Rscript runs and loads the packages.
have_r() {
  command -v Rscript >/dev/null 2>&1 || return 1
  [ $# -eq 0 ] && return 0
  Rscript -e "suppressPackageStartupMessages({$(printf 'library(%s);' "$@")})" \
    >/dev/null 2>&1
}

# try_r [PKG...]: have_r, after installing Debian's r-cran-PKG packages
# (r-base-core when none is named) if needed.
try_r() {
  have_r "$@" && return 0
  if [ $# -eq 0 ]; then
    sh "$root/tests/install-deps.sh" r-base-core >&2
  else
    sh "$root/tests/install-deps.sh" $(printf 'r-cran-%s ' "$@") >&2
  fi
  have_r "$@"
}

# need_r [PKG...]: try_r, or skip.
need_r() {
  try_r "$@" || skip "R${1:+ $*}"
}

# need_tool CMD [DEBIAN_PACKAGE]: the command, installed if missing.
need_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  sh "$root/tests/install-deps.sh" "${2:-$1}" >&2
  command -v "$1" >/dev/null 2>&1 || fail "setup: could not install $1"
}

# ok NAME / bad NAME: a check passed or failed, counted in $pass and
# $nfail for the suite's last line.
pass=0
nfail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { nfail=$((nfail + 1)); echo "FAIL $1"; }

# people ROWS: bench/gen's person-level microdata (the bench workloads'
# file) in $tmp/p.csv.
people() {
  cc -std=c11 -O2 -o "$tmp/gen" "$root/bench/gen.c" -lm ||
    fail "setup: cannot build bench/gen"
  "$tmp/gen" "$1" >"$tmp/p.csv" || fail "setup: bench/gen failed"
}

# bad_values COLUMN: $tmp/p.csv with the value of COLUMN (a number
# column) "abc" on line 101 and empty on line 2002, in $tmp/bad.csv.
bad_values() {
  awk -F, -v c="$1" 'BEGIN { OFS = "," } NR == 101 { $c = "abc" }
    NR == 2002 { $c = "" } { print }' "$tmp/p.csv" >"$tmp/bad.csv"
}

# both_ways VAR ARGS...: sicalc ARGS run as usual, with SICALC_SCAN_STATS=1
# (a: $tmp/a.out, $tmp/a.err; a.err2 without the scan lines), and with
# VAR=0, the witness (b), standard input $STDIN or nothing; $why says what
# differs (exit status, stdout, stderr), empty when nothing does.
both_ways() {
  var=$1; shift
  SICALC_SCAN_STATS=1 "$bin" "$@" >"$tmp/a.out" 2>"$tmp/a.err" <"${STDIN:-/dev/null}"
  sa=$?
  env "$var=0" "$bin" "$@" >"$tmp/b.out" 2>"$tmp/b.err" <"${STDIN:-/dev/null}"
  sb=$?
  grep -v '^sicalc: scan: ' "$tmp/a.err" >"$tmp/a.err2"
  why=""
  [ $sa = $sb ] || why="exit status $sa, $sb with $var=0"
  cmp -s "$tmp/a.out" "$tmp/b.out" || why="$why; stdout differs: $(diff "$tmp/b.out" "$tmp/a.out" | head -3 | tr '\n' ' ')"
  cmp -s "$tmp/a.err2" "$tmp/b.err" || why="$why; stderr differs: $(diff "$tmp/b.err" "$tmp/a.err2" | head -3 | tr '\n' ' ')"
  [ -s "$tmp/b.out" ] || [ $sb != 0 ] || why="$why; no output"
}

need_tool python3
tmp=$(mktemp -d) || fail "setup: mktemp"
trap 'rm -rf "$tmp"' EXIT INT TERM
