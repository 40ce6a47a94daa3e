# inputs.sh — sourced by run.sh (its scratch folder, t.si, ok.csv,
# big_csv, expect, ok, bad): data files that change during a run, inputs
# that are not regular files, and temporary space that is missing;
# docs/ROBUSTNESS.md, "Environment faults". Temporary files go to a
# scratch folder that must be empty at the end.

mkdir -p tmpd
# si ARGS...: sicalc with its temporary files in tmpd.
si() { TMPDIR="$PWD/tmpd" "$bin" "$@"; }

# judge NAME STATUS PATTERN: as expect, for a run made by hand (its
# status in $st, its output in out and err).
judge() {
  if [ "$st" -ge 128 ]; then
    bad "$1" "killed by signal $((st - 128))"
  elif grep -qE 'runtime error|Sanitizer|LeakSanitizer' err; then
    bad "$1" "sanitizer: $(grep -m1 -E 'runtime error|Sanitizer' err)"
  elif [ "$st" -ne "$2" ]; then
    bad "$1" "exit status $st, expected $2: $(head -c 300 err | head -n 2 | tr '\n' ' ')"
  elif [ -n "$3" ] && ! grep -qE -- "$3" err && ! grep -qE -- "$3" out; then
    bad "$1" "no /$3/ in: $(head -c 300 err | head -n 2 | tr '\n' ' ')"
  else
    ok "$1"
  fi
}

# ------------------------------------------------ data changing under a run

# SICALC_TEST_PAUSE=pause (for tests only): at the end of pass N sicalc
# reads a line from the FIFO pause.N, when there is one, before it checks
# that its files are unchanged.
# pause_then N CMD...: waits (20 s at most) until sicalc pauses after pass
# N, runs CMD while it waits, then lets it go on; fails when sicalc never
# paused.
mkfifo pause.1 pause.2
pause_then() {
  timeout 20 sh -c 'exec 3>"pause.$1" && shift && "$@" && echo go >&3' sh "$@"
}
# Two passes: the mean, then the rows above it.
cat > two.si <<'EOS'
dataset d { period year }
const avg = sum(x) / count()
indicator above {
  unit  count
  value count(where x > avg)
  by    g
}
EOS
# 6 MB: scanned by two threads with --threads 2.
awk 'BEGIN { print "year,g,x"; for (i = 2; i <= 600000; i++) print "2020,a" (i % 7) "," (i % 10) }' > orig.csv
awk 'BEGIN { print "year,g,x"; for (i = 2; i <= 600000; i++) print "2020,b" (i % 5) "," (i % 3) }' > other.csv
cut_bytes=$(head -n 300000 orig.csv | wc -c)
for n in 1 2; do
  # Truncated at a record boundary after the scan (the old sicalc: a
  # partial result, exit 0).
  cp orig.csv chg.csv
  SICALC_TEST_PAUSE=pause si t.si chg.csv --threads $n --format csv >out 2>err </dev/null &
  pid=$!
  pause_then 1 truncate -s "$cut_bytes" chg.csv
  paused=$?
  [ $paused -eq 0 ] || kill $pid 2>/dev/null
  wait $pid
  st=$?
  if [ $paused -ne 0 ]; then
    bad data_truncated_threads$n "sicalc did not pause at the end of its pass (SICALC_TEST_PAUSE)"
  else
    judge data_truncated_threads$n 1 "^chg.csv: error: changed while it was being read \(size [0-9]+ → $cut_bytes\); run again when it is complete$"
  fi
  # Replaced by `mv` between the two passes (the old sicalc: the second
  # pass reopened the path, so the second thread read the new file): the
  # run reads the file it opened, all of it, and says it was replaced.
  cp orig.csv chg.csv
  cp other.csv new.csv
  SICALC_TEST_PAUSE=pause si two.si chg.csv --threads $n --format csv >out 2>err </dev/null &
  pid=$!
  pause_then 1 mv new.csv chg.csv && pause_then 2 true
  paused=$?
  [ $paused -eq 0 ] || kill $pid 2>/dev/null
  wait $pid
  st=$?
  si two.si orig.csv --threads $n --format csv >want.csv 2>/dev/null </dev/null
  if [ $paused -ne 0 ]; then
    bad data_replaced_threads$n "sicalc did not pause at the end of its pass (SICALC_TEST_PAUSE)"
  elif ! cmp -s out want.csv; then
    bad data_replaced_threads$n "the result is not that of the file it opened: $(diff out want.csv | head -n 3 | tr '\n' ' ')"
  else
    judge data_replaced_threads$n 0 "^chg.csv: warning: replaced by another file during the run; the result is of the file as it was when the run began$"
  fi
done

# Removed after the scan: the result of the file as read, with a word.
cp ok.csv gone.csv
SICALC_TEST_PAUSE=pause si t.si gone.csv --format csv >out 2>err </dev/null &
pid=$!
pause_then 1 rm gone.csv
paused=$?
[ $paused -eq 0 ] || kill $pid 2>/dev/null
wait $pid
st=$?
if [ $paused -ne 0 ]; then
  bad data_removed_warned "sicalc did not pause at the end of its pass (SICALC_TEST_PAUSE)"
elif ! grep -q '^total,2020,a,,,1,count,,1,$' out; then
  bad data_removed_warned "no result: $(head -c 200 err)"
else
  judge data_removed_warned 0 "^gone.csv: warning: removed during the run; the result is of the file as it was when the run began$"
fi

# ------------------------------------------------ inputs that are not files

want_ok='^total,2020,a,,,1,count,,1,$'
cat ok.csv | si t.si /dev/stdin --format csv >out 2>err
st=$?
judge data_pipe_dev_stdin 0 "$want_ok"
cat ok.csv | si t.si - --format csv >out 2>err
st=$?
judge data_pipe_dash 0 "$want_ok"
si t.si - --format csv <ok.csv >out 2>err
st=$?
judge data_dash_redirected_file 0 "$want_ok"
# What bash's <(...) gives: /dev/fd/N, a pipe.
cat ok.csv | si t.si /dev/fd/3 --format csv 3<&0 >out 2>err </dev/null
st=$?
judge data_pipe_dev_fd 0 "$want_ok"
mkfifo data.fifo
cat ok.csv >data.fifo &
si t.si data.fifo --format csv >out 2>err </dev/null
st=$?
wait
judge data_fifo 0 "$want_ok"
# Two passes over a stream, and two threads over a 6 MB one: the same
# bytes as over the file.
si two.si orig.csv --threads 2 --format csv >want.csv 2>/dev/null </dev/null
cat orig.csv | si two.si - --threads 2 --format csv >out 2>err
st=$?
if cmp -s out want.csv; then
  judge data_pipe_two_passes_two_threads 0 ''
else
  bad data_pipe_two_passes_two_threads "exit $st, output differs from the file's: $(head -c 200 err)"
fi
cat > twods.si <<'EOS'
dataset persons { period year }
dataset households { period year }
indicator total { unit count value sum(x) from persons }
EOS
cat ok.csv | si twods.si - >out 2>err
st=$?
judge data_dash_several_datasets 2 "'-' is named after no dataset, and its header holds the declared columns of several: persons and households; bind it with --dataset persons=-"
ln -s /dev/zero zero.csv
timeout 20 "$bin" t.si zero.csv >out 2>err </dev/null
st=$?
if [ $st -eq 124 ]; then
  bad data_dev_zero_refused "still reading /dev/zero after 20 s"
else
  judge data_dev_zero_refused 1 "^zero.csv: error: is a device, not a data file"
fi
mkdir -p folder.csv
expect data_folder_refused 1 "^folder.csv: error: is a folder, not a data file" t.si folder.csv

# ------------------------------------------------ temporary space

cat > med.si <<'EOS'
dataset big { period year }
indicator mid { unit count value median(x) }
EOS
# 300,000 values in one group: past the 262,144 kept in memory.
awk 'BEGIN { print "year,x"; for (i = 0; i < 300000; i++) printf "2020,%d\n", (i * 7919) % 100003 }' > big.csv
si med.si big.csv --format csv >want.csv 2>/dev/null </dev/null
TMPDIR="$PWD/missing" "$bin" med.si big.csv --format csv >out 2>err </dev/null
st=$?
judge tmp_missing_warned 0 "^sicalc: warning: cannot write temporary files in '$PWD/missing': No such file or directory; order statistics are kept in memory$"
if [ "$(grep -c warning err)" -eq 1 ] && cmp -s out want.csv; then ok tmp_missing_warned_once_same_result; else bad tmp_missing_warned_once_same_result "$(grep -c warning err) warnings"; fi
TMPDIR="$PWD/ok.csv" "$bin" med.si big.csv --format csv >out 2>err </dev/null
st=$?
judge tmp_not_a_folder_warned 0 "cannot write temporary files in '$PWD/ok.csv': Not a directory"
TMPDIR="$PWD/missing" "$bin" med.si big.csv --format csv --memory-limit 1M >out 2>err </dev/null
st=$?
judge tmp_missing_memory_limit 1 "^sicalc: error: the order statistics need more than the memory limit of 1 MiB and no temporary file can be written in '$PWD/missing' \(No such file or directory\); set TMPDIR to a writable folder or raise --memory-limit$"
si med.si big.csv --format csv --memory-limit 1M >out 2>err </dev/null
st=$?
if cmp -s out want.csv; then judge memory_limit_writes_runs_early 0 ''; else bad memory_limit_writes_runs_early "exit $st, output differs: $(head -c 200 err)"; fi
expect memory_limit_bad_size 2 "--memory-limit takes a size such as 512M or 2G, not '12Q'" t.si ok.csv --memory-limit 12Q

if [ -z "$(ls -A tmpd)" ]; then ok inputs_no_temp_left; else bad inputs_no_temp_left "$(ls -A tmpd | head -n 3 | tr '\n' ' ')"; fi
