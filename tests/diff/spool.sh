#!/bin/sh
# Later passes from the column spool against later passes from the CSV
# (SICALC_SPOOL=0): the same bytes on standard output and error and the
# same exit status, for two-pass catalogues — the 60-indicator bench
# workload over a generated file (threads 1, 2 and 4, --memory-limit 1M,
# standard input, --lenient with bad values, a data error in the first
# pass), per-key aggregates (tests/diff/spool_perkey.si) and the example
# catalogue (its SILC file has a design: the PSUs
# are spooled). The witness is the CSV path, the one before the spool.
# SICALC_SCAN_STATS shows that the spool was really read. The workload's
# share below the poverty line is run as written (SICALC_REWRITE=0), a
# second pass; the run's own form of it needs none (tests/diff/rewrite.sh).
# Usage: sh tests/diff/spool.sh [PATH/TO/sicalc]     (default ./sicalc)
. "$(dirname "$0")/lib.sh"
SICALC_REWRITE=0
export SICALC_REWRITE
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
cd "$root" || exit 2
# 60,000 rows: about 4.8 MB, past the 4 MB below which one thread scans.
people 60000
# bad values: an income and an age that are not numbers, and an age out
# of its range, at known lines
awk -F, 'BEGIN { OFS = "," }
  NR == 101 { $13 = "abc" } NR == 2002 { $6 = "x7" } NR == 3003 { $6 = "140" }
  { print }' "$tmp/p.csv" >"$tmp/bad.csv"

# same NAME WANT_SPOOL ARGS...: runs both ways and compares
same() {
  name=$1 want=$2; shift 2
  both_ways SICALC_SPOOL "$@"
  if [ "$want" = spool ] && ! grep -q '^sicalc: scan: pass [2-9] .*: spool,' "$tmp/a.err"; then
    why="$why; no later pass read the spool"
  fi
  if [ -z "$why" ]; then ok "$name"; else bad "$name: ${why#; }"; fi
}

for t in 1 2 4; do
  same "workload60, --threads $t" spool bench/workload60.si "$tmp/p.csv" --threads "$t"
done
same "workload60, --memory-limit 1M" spool bench/workload60.si "$tmp/p.csv" --memory-limit 1M --threads 2
STDIN=$tmp/p.csv same "workload60, standard input" spool bench/workload60.si - --threads 2
same "workload60, --lenient with bad values" spool bench/workload60.si "$tmp/bad.csv" --lenient --threads 2
if [ "$(grep -c 'counted as missing' "$tmp/a.err2")" = 3 ]; then
  ok "--lenient warns of each bad value once"
else
  bad "--lenient warns of each bad value once: $(cat "$tmp/a.err2" | tr '\n' ' ')"
fi
same "workload60, a data error in the first pass" csv bench/workload60.si "$tmp/bad.csv" --threads 2
if grep -q "bad.csv:101: error: column 'income' (field 13): 'abc' is not a number" "$tmp/a.err2"; then
  ok "the data error names its line"
else
  bad "the data error names its line: $(head -2 "$tmp/a.err2" | tr '\n' ' ')"
fi
for t in 1 4; do
  same "per-key aggregates read back in pass 2, --threads $t" spool \
    tests/diff/spool_perkey.si "$tmp/p.csv" --threads "$t"
done
same "example catalogue (SILC design: PSUs spooled)" spool \
  indicators/*.si examples/pirot/data/*.csv examples/silc/silc.csv
same "example catalogue, --threads 2" spool \
  indicators/*.si examples/pirot/data/*.csv examples/silc/silc.csv --threads 2

# Fallbacks: no temporary file can be made, or written past `ulimit -f`
# (the spool is dropped): the later pass reads the CSV, same bytes.
TMPDIR=$tmp/missing same "no \$TMPDIR: the CSV is read again" csv \
  bench/workload60.si "$tmp/p.csv" --threads 2
grep -q 'pass 2 .*: CSV,' "$tmp/a.err" || bad "no \$TMPDIR: pass 2 read the CSV"
(ulimit -f 1000; SICALC_SCAN_STATS=1 exec "$bin" bench/workload60.si "$tmp/p.csv" \
  --threads 2 2>"$tmp/u.err") | cat >"$tmp/u.out" # (the output is larger)
SICALC_SPOOL=0 "$bin" bench/workload60.si "$tmp/p.csv" --threads 2 >"$tmp/b.out" 2>/dev/null
if cmp -s "$tmp/u.out" "$tmp/b.out" && grep -q 'pass 2 .*: CSV,' "$tmp/u.err"; then
  ok "ulimit -f below the spool's size: the CSV is read again, same bytes"
else
  bad "ulimit -f below the spool's size: $(head -2 "$tmp/u.err" | tr '\n' ' ')"
fi

# A signal between the passes (SICALC_TEST_PAUSE holds the run at the end
# of pass 1, the spool written): exit by the signal, nothing left in
# $TMPDIR, since the spool never had a name.
mkdir "$tmp/td"
mkfifo "$tmp/pause.1" || fail "setup: mkfifo"
TMPDIR=$tmp/td SICALC_TEST_PAUSE=$tmp/pause "$bin" bench/workload60.si \
  "$tmp/p.csv" --threads 2 -o "$tmp/sig.csv" 2>/dev/null &
pid=$!
exec 3>"$tmp/pause.1" # returns once sicalc waits in the pause
held=no
ls -l /proc/$pid/fd 2>/dev/null | grep -q "$tmp/td/sicalc-.*(deleted)" && held=yes
kill -TERM $pid
wait $pid 2>/dev/null
st=$?
exec 3>&-
if [ $st = 143 ] && [ -z "$(ls -A "$tmp/td")" ] && [ ! -e "$tmp/sig.csv" ] &&
   { [ $held = yes ] || [ ! -d /proc/self/fd ]; }; then
  ok "SIGTERM between the passes: no file left in \$TMPDIR"
else
  bad "SIGTERM between the passes: status $st, spool held $held, left: $(ls -A "$tmp/td" | head -3)"
fi

echo "$pass passed, $nfail failed"
[ $nfail -eq 0 ]
