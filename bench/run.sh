#!/bin/sh
# run.sh — `make bench`: sicalc against DuckDB, SQLite, pandas and two
# one-pass floors (libcsv's, and sicalc's own splitter, both with empty
# callbacks) on generated person-level microdata; prints a table and the
# goals, and writes them to bench/results/latest.md. It reports; it never
# fails the build over a missed goal (only over a broken setup).
#
# Environment:
#   BENCH_ROWS="1000000 10000000"  the file sizes (default both)
#   BENCH_QUICK=1                  1M rows only (make bench BENCH_QUICK=1)
#   BENCH_RUNS=3                   rounds of the floors and sicalc's
#                                  workloads, timed in turns (best counts),
#                                  after one warm-up round
#   BENCH_DUCKDB_RUNS=2            timed runs of DuckDB, in the first rounds
#                                  (best counts)
#   BENCH_SQLITE_ROWS=1000000      sizes SQLite runs on (it is slow)
#   BENCH_PANDAS=1                 0 skips pandas
#   BENCH_60=1                     0 skips the 60-indicator workload
#   BENCH_MEDIANS=1                0 skips the memory cases: 60 medians
#                                  over 5M rows, 5,000 over 300k rows
#                                  (bench/medians.sh), default budget
#   BENCH_THREADS="1 2 4"          thread counts to check for identical
#                                  output, when sicalc has --threads
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root" || exit 2

data=$here/data
res=$here/results
out=$res/out
mkdir -p "$data" "$out"

if [ "${BENCH_QUICK:-0}" = 1 ]; then
  rows_list=1000000
else
  rows_list=${BENCH_ROWS:-1000000 10000000}
fi
runs=${BENCH_RUNS:-3}
druns=${BENCH_DUCKDB_RUNS:-2}
sqlite_rows=${BENCH_SQLITE_ROWS:-1000000}
threads_list=${BENCH_THREADS:-1 2 4}

die() { echo "bench: $*" >&2; exit 2; }
label() { # 1000000 -> 1m, 10000000 -> 10m, else the number
  case $1 in
    *000000) echo "${1%000000}m" ;;
    *000) echo "${1%000}k" ;;
    *) echo "$1" ;;
  esac
}

# ---- build ----
echo "== build" >&2
# A snapshot of the binary: the lead may rebuild ./sicalc during a run.
make -s build/sicalc build/bench/floor_own >&2 || die "make failed"
cp build/sicalc "$res/sicalc" || die "cannot copy build/sicalc"
cp build/bench/floor_own "$res/floor_own" || die "cannot copy build/bench/floor_own"
SICALC=$res/sicalc
FLOOR_OWN=$res/floor_own
CC=${CC:-cc}
for t in gen floor; do
  if [ ! -x "$here/$t" ] || [ "$here/$t.c" -nt "$here/$t" ]; then
    lib=-lm; [ $t = floor ] && lib=-lcsv
    $CC -std=c11 -O2 -Wall -Wextra -Werror -o "$here/$t" "$here/$t.c" $lib \
      || die "cannot build bench/$t"
  fi
done
[ -x /usr/bin/time ] || sh tests/install-deps.sh time >&2
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"

# The two floors must read the same file: the own splitter's counts of
# fields and records against libcsv's (the witness) on a small file.
"$here/gen" 20000 7 >"$res/.floorcheck.csv" || die "generating the floor check file failed"
want=$("$here/floor" -c "$res/.floorcheck.csv") || die "bench/floor -c failed"
got=$("$FLOOR_OWN" "$res/.floorcheck.csv") || die "the own floor failed"
[ "$got" = "$want" ] ||
  die "the own floor counts '$got' (fields records), libcsv '$want'"
rm -f "$res/.floorcheck.csv"

# ---- peers, installed on demand ----
have_duckdb=0
if command -v node >/dev/null 2>&1; then
  if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
    echo "== npm install @duckdb/node-api (bench/node_modules)" >&2
    (cd "$here" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
       else npm install --no-audit --no-fund @duckdb/node-api; fi) >&2
  fi
  [ -d "$here/node_modules/@duckdb/node-api" ] && have_duckdb=1
fi
[ $have_duckdb = 1 ] || echo "bench: DuckDB unavailable (node or npm missing); skipping it" >&2
command -v sqlite3 >/dev/null 2>&1 || sh tests/install-deps.sh sqlite3 >&2
have_pandas=0
if [ "${BENCH_PANDAS:-1}" = 1 ]; then
  /usr/bin/python3 -c 'import pandas' 2>/dev/null || sh tests/install-deps.sh python3-pandas >&2
  /usr/bin/python3 -c 'import pandas' 2>/dev/null && have_pandas=1
fi
PY=python3
command -v python3 >/dev/null 2>&1 || PY=/usr/bin/python3

# ---- data ----
df -h "$data" | tail -1 | awk '{print "disk: " $4 " free on " $6}' >&2
for rows in $rows_list; do
  f=$data/people_$(label "$rows").csv
  if [ ! -s "$f" ]; then
    echo "== generating $f ($rows rows)" >&2
    "$here/gen" "$rows" >"$f.tmp" && mv "$f.tmp" "$f" || die "generating $f failed"
  fi
done

# ---- timing ----
# measure NAME CMD...: one run; appends "wall user sys rss_kb" to
# $res/NAME.times; the command's stdout goes to $out/NAME.stdout.
measure() {
  name=$1; shift
  if ! /usr/bin/time -o "$res/.time" -f '%e %U %S %M' "$@" \
      >"$out/$name.stdout" 2>"$out/$name.stderr"; then
    echo "bench: $name failed:" >&2
    tail -5 "$out/$name.stderr" >&2
    return 1
  fi
  tail -1 "$res/.time" >>"$res/$name.times"
}
# best NAME: the run with the least wall time, "wall cpu rss_mb"
best() {
  [ -s "$res/$1.times" ] || { echo "- - -"; return; }
  sort -n "$res/$1.times" | head -1 | awk '{printf "%.2f %.2f %.1f\n", $1, $2 + $3, $4 / 1024}'
}
# timed NAME RUNS WARMUP CMD...: warm-up runs, then RUNS timed runs; the
# outputs of the timed runs are kept as NAME.run1.csv ... (CMD writes to
# the file named by $OUTFILE, set before each run)
timed() {
  name=$1 n=$2 warm=$3; shift 3
  rm -f "$res/$name.times"
  i=0
  while [ $i -lt "$warm" ]; do
    OUTFILE=$out/$name.warmup.csv
    /usr/bin/time -o "$res/.time" -f '%e' "$@" >/dev/null 2>"$out/$name.stderr" \
      || { echo "bench: $name failed:" >&2; tail -5 "$out/$name.stderr" >&2; return 1; }
    i=$((i + 1))
  done
  i=1
  while [ $i -le "$n" ]; do
    OUTFILE=$out/$name.run$i.csv
    measure "$name" "$@" || return 1
    i=$((i + 1))
  done
}
# tool_name TOOL LABEL: the result name of a tool timed in turns.
tool_name() {
  case $1 in
    floor | floor_own | duckdb | duckdb_table) echo "${1}_$2" ;;
    *) echo "sicalc_${1}_$2" ;;
  esac
}
# tool_cmd TOOL FILE: runs a tool timed in turns (the libcsv floor, the
# own splitter's floor, a sicalc workload or a DuckDB formulation, these
# writing $OUTFILE).
tool_cmd() {
  case $1 in
    floor) ./bench/floor "$2" ;;
    floor_own) "$FLOOR_OWN" "$2" ;;
    duckdb) node bench/duckdb.mjs "$2" --threads 2 -o "$OUTFILE" ;;
    duckdb_table) node bench/duckdb.mjs "$2" --threads 2 --strategy table -o "$OUTFILE" ;;
    *) "$SICALC" "bench/$1.si" "$2" -o "$OUTFILE" ;;
  esac
}
# tool_cmd_timed NAME TOOL FILE: one timed run of tool_cmd, as measure.
tool_cmd_timed() {
  case $2 in
    floor) measure "$1" ./bench/floor "$3" ;;
    floor_own) measure "$1" "$FLOOR_OWN" "$3" ;;
    duckdb) measure "$1" node bench/duckdb.mjs "$3" --threads 2 -o "$OUTFILE" ;;
    duckdb_table) measure "$1" node bench/duckdb.mjs "$3" --threads 2 --strategy table -o "$OUTFILE" ;;
    *) measure "$1" "$SICALC" "bench/$2.si" "$3" -o "$OUTFILE" ;;
  esac
}

# The commands read $OUTFILE (exported) when they run: they are sh -c.
OUTFILE=
export OUTFILE

table=$res/.table
: >"$table"
row() { # TOOL ROWS NAME
  set -- "$1" "$2" $(best "$3")
  printf '| %-36s | %5s | %8s | %8s | %9s |\n' "$1" "$2" "$3" "$4" "$5" >>"$table"
}

checks=$res/.checks
: >"$checks"
has_threads=0
"$SICALC" --help 2>&1 | grep -q -- '--threads' && has_threads=1

for rows in $rows_list; do
  l=$(label "$rows")
  f=$data/people_$l.csv
  rel=bench/data/people_$l.csv
  echo "== $l rows: $f" >&2

  # Why in turns: this machine's speed drifts within a minute, so the
  # floors, sicalc's workloads and DuckDB are timed one after another in
  # each round (after one warm-up round): a ratio's two sides see the
  # same conditions, and each keeps its best round.
  tools="floor floor_own workload workload_single"
  [ "${BENCH_60:-1}" = 0 ] || tools="$tools workload60"
  # DuckDB in the first $druns rounds, without a warm-up (as before)
  [ $have_duckdb = 1 ] && tools="$tools duckdb duckdb_table"
  echo "   in turns, $runs rounds: $tools" >&2
  for t in $tools; do rm -f "$res/$(tool_name "$t" "$l").times"; done
  i=0
  while [ $i -le "$runs" ]; do
    for t in $tools; do
      name=$(tool_name "$t" "$l")
      case $t in
        duckdb*) [ $i = 0 ] || [ $i -gt "$druns" ] && continue ;;
      esac
      if [ $i = 0 ]; then
        OUTFILE=$out/$name.warmup.csv
        tool_cmd "$t" "$rel" >/dev/null 2>"$out/$name.stderr" \
          || { echo "bench: $name failed:" >&2; tail -5 "$out/$name.stderr" >&2; }
      else
        OUTFILE=$out/$name.run$i.csv
        tool_cmd_timed "$name" "$t" "$rel"
      fi
    done
    i=$((i + 1))
  done

  # identical bytes across runs (and thread counts)
  ident=yes
  for w in workload workload_single workload60; do
    [ -s "$out/sicalc_${w}_$l.run1.csv" ] || continue
    i=2
    while [ $i -le "$runs" ]; do
      cmp -s "$out/sicalc_${w}_$l.run1.csv" "$out/sicalc_${w}_$l.run$i.csv" || {
        ident=no; echo "bench: $w $l: run $i differs from run 1" >&2; }
      i=$((i + 1))
    done
  done
  tnote="sicalc has no --threads option yet: runs only"
  if [ $has_threads = 1 ]; then
    tnote="threads $threads_list"
    for t in $threads_list; do
      "$SICALC" bench/workload.si "$rel" --threads "$t" -o "$out/sicalc_workload_$l.t$t.csv" 2>/dev/null
      cmp -s "$out/sicalc_workload_$l.run1.csv" "$out/sicalc_workload_$l.t$t.csv" || {
        ident=no; echo "bench: $l: --threads $t output differs" >&2; }
    done
  fi
  echo "identical_$l $ident $runs runs; $tnote" >>"$checks"

  case " $sqlite_rows " in
    *" $rows "*)
      echo "   sqlite" >&2
      timed sqlite_$l 1 0 sh -c "sh bench/sqlite.sh $rel > \"\$OUTFILE\"" ;;
  esac
  if [ $have_pandas = 1 ]; then
    echo "   pandas" >&2
    timed pandas_$l 1 0 sh -c "/usr/bin/python3 bench/pandas_peer.py $rel -o \"\$OUTFILE\""
  fi

  # values: sicalc against each peer, 1e-9 relative
  for p in duckdb sqlite pandas; do
    [ -s "$out/${p}_$l.run1.csv" ] && [ -s "$out/sicalc_workload_$l.run1.csv" ] || continue
    $PY bench/compare.py "$out/sicalc_workload_$l.run1.csv" "$out/${p}_$l.run1.csv" \
      --name "$p" >"$out/compare_${p}_$l.txt"
    echo "values_${p}_$l $?" >>"$checks"
  done

  row "libcsv floor (empty callbacks)" "$l" floor_$l
  row "own splitter floor (empty callbacks)" "$l" floor_own_$l
  row "sicalc, 12 indicators" "$l" sicalc_workload_$l
  row "sicalc, 11 (single pass)" "$l" sicalc_workload_single_$l
  [ "${BENCH_60:-1}" = 0 ] || row "sicalc, 60 indicators" "$l" sicalc_workload60_$l
  [ $have_duckdb = 1 ] && row "DuckDB, 12 (2 threads)" "$l" duckdb_$l
  [ $have_duckdb = 1 ] && row "DuckDB, 12, table first" "$l" duckdb_table_$l
  [ -s "$res/sqlite_$l.times" ] && row "SQLite, 12" "$l" sqlite_$l
  [ $have_pandas = 1 ] && row "pandas, 12" "$l" pandas_$l
done

# ---- memory cases: many order statistics under the default budget ----
if [ "${BENCH_MEDIANS:-1}" = 1 ]; then
  for spec in "60 5000000" "5000 300000"; do
    set -- $spec
    n=$1 rows=$2 l=$(label "$2")
    f=$data/people_$l.csv
    if [ ! -s "$f" ]; then
      "$here/gen" "$rows" >"$f.tmp" && mv "$f.tmp" "$f" || die "generating $f failed"
    fi
    sh "$here/medians.sh" "$n" >"$here/medians_$n.si"
    echo "   sicalc, $n medians over $l rows (default memory budget)" >&2
    rm -f "$res/medians_${n}_$l.times"
    if measure medians_${n}_$l sh -c "\"$SICALC\" \"$here/medians_$n.si\" \"$f\" -o \"$out/medians_${n}_$l.csv\""; then
      echo "medians_$n yes" >>"$checks"
    else
      echo "medians_$n no" >>"$checks"
    fi
    row "sicalc, $n medians" "$l" medians_${n}_$l
  done
fi

# ---- report ----
# w NAME FIELD: field 1 wall, 2 cpu, 3 rss MB of the best run ("-" if none)
w() { best "$1" | awk -v f="$2" '{print $f}'; }
# goal TEXT VALUE OP LIMIT
goal() {
  awk -v t="$1" -v v="$2" -v op="$3" -v lim="$4" 'BEGIN {
    if (v == "-" || v == "") { printf "%-58s %10s   (goal %s %s)  n/a\n", t, "-", op, lim; exit }
    ok = (op == "<=") ? (v + 0 <= lim + 0) : (v + 0 >= lim + 0)
    printf "%-58s %10.3f   (goal %s %s)  %s\n", t, v, op, lim, ok ? "PASS" : "MISS" }'
}
info() { # TEXT VALUE: a ratio shown beside the goals, with no goal
  awk -v t="$1" -v v="$2" 'BEGIN {
    if (v == "-" || v == "") printf "%-58s %10s   (no goal)\n", t, "-"
    else printf "%-58s %10.3f   (no goal)\n", t, v }'
}
goal_yes() { # TEXT yes|no
  awk -v t="$1" -v v="$2" 'BEGIN { printf "%-58s %10s   (goal yes)      %s\n", t, v, v == "yes" ? "PASS" : "MISS" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.4f\n", a / b }'; }

last=""; first=""
for rows in $rows_list; do
  [ -z "$first" ] && first=$rows
  last=$rows
done
L=$(label "$last"); F=$(label "$first")

report=$res/latest.md
{
  echo "# sicalc benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) CPUs, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "sicalc $(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet 2>/dev/null || echo '+dirty'); best of $runs runs after a warm-up (DuckDB: best of $druns; SQLite, pandas: 1 run)."
  echo
  echo "| tool | rows | wall s | CPU s | peak RSS MB |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  cat "$table"
  echo
  echo "## Goals ($L rows unless stated)"
  echo
  echo '```'
  # DuckDB's better formulation: two scans, or a table read once
  dbest=$(awk -v a="$(w duckdb_$L 1)" -v b="$(w duckdb_table_$L 1)" 'BEGIN {
    if (a == "-" || a == "") print b; else if (b == "-" || b == "" || a + 0 <= b + 0) print a; else print b }')
  goal "sicalc / DuckDB (best formulation) wall, whole workload" "$(ratio "$(w sicalc_workload_$L 1)" "$dbest")" "<=" 0.33
  goal "sicalc peak RSS MB, whole workload" "$(w sicalc_workload_$L 3)" "<=" 100
  goal "sicalc single pass / libcsv floor wall" "$(ratio "$(w sicalc_workload_single_$L 1)" "$(w floor_$L 1)")" "<=" 0.6
  info "sicalc single pass / own splitter floor wall" "$(ratio "$(w sicalc_workload_single_$L 1)" "$(w floor_own_$L 1)")"
  for rows in $rows_list; do
    l=$(label "$rows")
    goal "sicalc single pass peak RSS MB ($l)" "$(w sicalc_workload_single_$l 3)" "<=" 32
  done
  [ "${BENCH_60:-1}" = 0 ] ||
    goal "60 indicators / 12 indicators wall" "$(ratio "$(w sicalc_workload60_$L 1)" "$(w sicalc_workload_$L 1)")" "<=" 1.3
  if [ "$first" != "$last" ]; then
    # time per row at the largest size over time per row at the smallest
    k=$(awk -v a="$last" -v b="$first" 'BEGIN { print a / b }')
    for wl in workload workload_single; do
      goal "scaling $F->$L, $wl: (t_$L / t_$F) / $k" \
        "$(ratio "$(ratio "$(w sicalc_${wl}_$L 1)" "$(w sicalc_${wl}_$F 1)")" "$k")" "<=" 1.1
    done
  fi
  if [ "${BENCH_MEDIANS:-1}" = 1 ]; then
    goal "peak RSS MB, 60 medians over 5m rows" "$(w medians_60_5m 3)" "<=" 200
  fi
  while read -r key val rest; do
    case $key in
      medians_5000)
        goal_yes "5,000 medians over 300k rows complete (default budget)" "$val" ;;
      identical_*)
        goal_yes "identical output bytes, ${key#identical_}" "$val"
        echo "  ($rest)" ;;
    esac
  done <"$checks"
  echo '```'
  echo
  echo "## Values (sicalc, 12 indicators, against each peer; relative tolerance 1e-9)"
  echo
  echo "All 12 indicators are compared, the poverty rate included: every peer"
  echo "computes laeken's weighted median exactly (first income whose cumulative"
  echo "weight share exceeds 0.5, weights summed in exact hundredths)."
  echo
  echo '```'
  for rows in $rows_list; do
    l=$(label "$rows")
    for p in duckdb sqlite pandas; do
      [ -s "$out/compare_${p}_$l.txt" ] && sed "s/^/$l: /" "$out/compare_${p}_$l.txt"
    done
  done
  echo '```'
} >"$report"
cat "$report"
echo
echo "(written to bench/results/latest.md; outputs in bench/results/out/)"
exit 0
