#!/bin/sh
# Hostile input, no harm: each case feeds sicalc something a spreadsheet
# export or a hand-edited .si file may hold, and checks the exit status,
# the message, and that nothing crashed (no signal, no sanitizer report).
# docs/ROBUSTNESS.md lists every case with what sicalc answers.
# Usage: sh tests/robustness/run.sh PATH/TO/sicalc
# Prints "ok   NAME" or "FAIL NAME: why" per case, then "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)
case "${1:-./sicalc}" in
  /*) bin=${1:-./sicalc} ;;
  *) bin=$root/${1:-./sicalc} ;;
esac
pass=0
fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# expect NAME STATUS PATTERN ARGS...: runs sicalc ARGS in the scratch
# folder; passes when it exits with STATUS, its standard error (or, when
# empty, its output) matches the extended regex PATTERN ("" = anything),
# and no sanitizer or signal shows.
expect() {
  name=$1 want=$2 pat=$3
  shift 3
  "$bin" "$@" >out 2>err </dev/null
  st=$?
  if [ "$st" -ge 128 ]; then
    bad "$name" "killed by signal $((st - 128))"
  elif grep -qE 'runtime error|Sanitizer|LeakSanitizer' err; then
    bad "$name" "sanitizer: $(grep -m1 -E 'runtime error|Sanitizer' err)"
  elif [ "$st" -ne "$want" ]; then
    bad "$name" "exit status $st, expected $want: $(head -c 300 err | head -n 2 | tr '\n' ' ')"
  elif [ -n "$pat" ] && ! grep -qE -- "$pat" err && ! grep -qE -- "$pat" out; then
    bad "$name" "no /$pat/ in: $(head -c 300 err | head -n 2 | tr '\n' ' ')"
  else
    ok "$name"
  fi
}

# rep N STRING: STRING repeated N times, no newline.
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# ---------------------------------------------------------------- .si

printf 'const x = %s1%s\n' "$(rep 100000 '(')" "$(rep 100000 ')')" > parens.si
expect si_parens_100000 2 'nested too deeply: more than 10000 brackets' check parens.si
printf 'const x = %s1\n' "$(rep 100000 '1 + ')" > sum.si
expect si_sum_100000 2 'expression nested too deeply: more than 256 levels' check sum.si
printf 'const x = %s1\n' "$(rep 100000 '-')" > neg.si
expect si_minus_100000 2 'nested too deeply' check neg.si
printf 'const x = %strue\n' "$(rep 100000 'not ')" > not.si
expect si_not_100000 2 'nested too deeply' check not.si
printf 'const x = %s1%s\n' "$(rep 100000 'if true then 1 else ')" "" > if.si
expect si_if_100000 2 'nested too deeply' check if.si
printf 'const x = %s1%s\n' "$(rep 100000 'f(')" "$(rep 100000 ')')" > calls.si
expect si_calls_100000 2 'nested too deeply' check calls.si
printf 'const x = %s1\n' "$(rep 300 '2 * ')" > mul300.si
expect si_product_300 2 'expression nested too deeply' check mul300.si
printf 'const x = %s1\n' "$(rep 255 '1 + ')" > sum255.si
expect si_sum_255_ok 0 '' check sum255.si
printf 'dataset d { column x number in (%s1) }\n' "$(rep 50000 '1, ')" > list.si
expect si_in_list_50000_ok 0 '' check list.si

printf 'fn dbl(x) = x + x\nconst z = dbl(dbl(1))\n' > nested_fn.si
expect si_fn_call_in_own_argument_ok 0 '' check nested_fn.si
awk 'BEGIN { print "let c0 = 1"; for (i = 1; i <= 8000; i++) printf "let c%d = c%d + 1\n", i, i - 1 }' > lets.si
if command -v timeout >/dev/null 2>&1; then
  # No hang: a chain of 8,000 lets compiles (or is refused) in seconds.
  timeout 10 "$bin" check lets.si >out 2>err </dev/null
  st=$?
  case $st in
    0 | 2) ok si_let_chain_8000_no_hang ;;
    124) bad si_let_chain_8000_no_hang "still running after 10 s" ;;
    *) bad si_let_chain_8000_no_hang "exit status $st" ;;
  esac
fi

mkdir -p chain
i=1
while [ $i -le 100 ]; do
  printf 'use "c%d.si"\n' $((i + 1)) > chain/c$i.si
  i=$((i + 1))
done
echo 'const z = 1' > chain/c101.si
expect use_depth_100 2 "'use' nested too deeply: more than 64 files" check chain/c1.si
expect use_depth_40_ok 0 '' check chain/c61.si

mkdir -p cat/sub outside
echo 'const secret = 1' > outside/x.si
echo 'use "../outside/x.si"' > cat/escape.si
expect use_escape_dotdot 2 "is outside the catalogue root" check cat/escape.si
echo 'use "/etc/passwd"' > cat/abs.si
expect use_absolute 2 "is an absolute path" check cat/abs.si
ln -s ../outside/x.si cat/link.si
echo 'use "link.si"' > cat/symlink.si
expect use_symlink_escape 2 "is outside the catalogue root" check cat/symlink.si
echo 'const d = 1' > cat/sub/d.si
echo 'use "sub/../sub/d.si"' > cat/inside.si
expect use_dotdot_inside_ok 0 '' check cat/inside.si
echo 'use "../escape.si"' > cat/sub/up.si
expect use_root_is_command_line_folder 2 "outside the catalogue root" check cat/sub/up.si
echo 'use "sub"' > cat/dir.si
expect use_directory 2 "not a regular file" check cat/dir.si
if mkfifo cat/fifo.si 2>/dev/null; then
  echo 'use "fifo.si"' > cat/fifo_user.si
  expect use_fifo_no_hang 2 "not a regular file" check cat/fifo_user.si
fi
ln -s /dev/zero zero.si
expect si_dev_zero 2 "cannot read 'zero.si': larger than the limit of 16 MiB" check zero.si

printf 'const n = 1\nconst %s = 1\n' "$(rep 300 n)" > longname.si
expect si_name_300_bytes 2 'name too long: 300 bytes; the limit is 256' check longname.si
printf 'const %s = 1\n' "$(rep 256 n)" > name256.si
expect si_name_256_ok 0 '' check name256.si
printf 'const x = `%s`\n' "$(rep 300 'a b')" > longtick.si
expect si_backtick_name_900_bytes 2 'name too long' check longtick.si
printf 'indicator i { title "%s" value 1 unit count }\n' "$(rep 70000 x)" > longstr.si
expect si_string_70000 2 'string too long: 70000 bytes; the limit is 65536' check longstr.si
printf 'indicator i { title "%s" value 1 unit count }\n' "$(rep 60000 x)" > str60k.si
expect si_string_60000_ok 0 '' check str60k.si
printf 'const x = 1e999\n' > huge.si
expect si_number_1e999 2 "number '1e999' is out of range" check huge.si
printf 'const x = 1e-999\n' > tiny.si
expect si_number_1e-999 2 "number '1e-999' is out of range" check tiny.si
printf 'const x = %s1.5\n' "$(rep 300 0)" > zeros.si
expect si_number_300_digits_ok 0 '' check zeros.si

printf '\357\273\277const x = 1\n' > bom.si
expect si_bom_at_start_ok 0 '' check bom.si
printf 'const x = 1\n\357\273\277const y = 2\n' > midbom.si
expect si_bom_in_middle 2 'bom.si:2:1: error: unexpected byte-order mark' check midbom.si
printf 'const x = 1\0\n' > nul.si
expect si_nul_byte 2 'nul.si:1:12: error: unexpected NUL byte' check nul.si
printf 'const x = "a\377b"\n' > badutf.si
expect si_invalid_utf8 2 'badutf.si:1:13: error: invalid UTF-8 byte 0xFF' check badutf.si
printf 'const x = 1 \033[2J\n' > esc.si
expect si_escape_sequence 2 'unexpected control character U\+001B' check esc.si
if grep -q "$(printf '\033')" err; then
  bad si_escape_not_echoed "the ESC byte reached standard error"
else
  ok si_escape_not_echoed
fi
: > empty.si
expect si_empty_ok 0 '' check empty.si
printf 'const x = 1' > nonl.si
expect si_no_final_newline_ok 0 '' check nonl.si
printf 'const x = 1\r\nconst y = 2\nconst z = 3\r\n' > crlf.si
expect si_mixed_line_ends_ok 0 '' check crlf.si
awk 'BEGIN { for (i = 0; i < 1000; i++) print "@@ $$" }' > many.si
expect si_1000_errors 2 'more than 100 errors; the rest are not shown' check many.si
if [ "$(wc -l < err)" -le 400 ]; then ok si_errors_capped; else bad si_errors_capped "$(wc -l < err) lines"; fi
printf 'const x = %s @\n' "$(rep 100000 '1+')" > wide.si
expect si_long_line 2 "wide.si:1:200012: error: unexpected character '@'" check wide.si
if [ "$(wc -c < err)" -le 1000 ]; then ok si_long_line_cut; else bad si_long_line_cut "$(wc -c < err) bytes of message"; fi

# Every input that once crashed a fuzzer.
for f in "$root"/tests/robustness/cases/fuzz-si-*.si; do
  [ -f "$f" ] || continue
  cp "$f" case.si
  "$bin" check case.si >out 2>err </dev/null
  st=$?
  n=$(basename "$f" .si)
  if [ "$st" -ne 0 ] && [ "$st" -ne 2 ]; then
    bad "$n" "exit status $st"
  elif grep -qE 'runtime error|Sanitizer' err; then
    bad "$n" "$(grep -m1 -E 'runtime error|Sanitizer' err)"
  else
    ok "$n"
  fi
done

# ---------------------------------------------------------------- CSV

cat > t.si <<'EOF'
dataset d { period year }
indicator total {
  unit  count
  value sum(x)
  by    g
}
EOF
printf 'year,g,x\n2020,a,1\n2020,b,2\n2021,a,3' > nonl.csv
expect csv_no_final_newline 0 '^total,2021,a,,,3,count,,1,$' t.si nonl.csv --format csv
: > empty.csv
expect csv_empty_file 1 'empty.csv: error: empty file' t.si empty.csv
printf 'year,g,x\n' > header.csv
expect csv_header_only 0 '' t.si header.csv --format csv
if [ "$(wc -l < out)" -eq 1 ]; then ok csv_header_only_no_rows; else bad csv_header_only_no_rows "$(wc -l < out) lines"; fi
printf 'year,g,x,g\n2020,a,1,b\n' > dup.csv
expect csv_duplicate_header 1 "dup.csv:1: error: duplicate column name 'g'" t.si dup.csv
printf 'year,g,x\n2020,a\0b,1\n' > nul.csv
expect csv_nul_byte 1 "nul.csv:2: error: NUL byte in field" t.si nul.csv
printf 'year,g,x\n2020,a\377b,1\n' > badutf.csv
expect csv_invalid_utf8 1 "badutf.csv:2: error: column 'g' \(field 2\): 'a\\\\xFFb' is not valid UTF-8" t.si badutf.csv --format csv
printf 'year,g,x\n2020,a,1e999\n' > huge.csv
expect csv_number_1e999 1 "huge.csv:2: error: column 'x' \(field 3\): '1e999'" t.si huge.csv
printf 'year,g,x\n2020,a,"1,234"\n' > thousands.csv
expect csv_thousands_separator 1 "thousands.csv:2: error: column 'x' \(field 3\): '1,234' is not a number" t.si thousands.csv
printf 'year;g;x\n2020;a;1.234,5\n' > thousands2.csv
expect csv_thousands_separator_decimal_comma 1 "'1.234,5' is not a number" t.si thousands2.csv --decimal ,
printf 'year,g,x\n2020,a,1\n\357\273\2772020,b,2\n' > midbom.csv
expect csv_bom_in_middle_dropped 0 '^total,2020,_T,,,3,count,,2,$' t.si midbom.csv --format csv
printf '\357\273\277year,g,x\r\n2020,a,1\r\n' > bom.csv
expect csv_bom_at_start_ok 0 '^total,2020,a,,,1,count,,1,$' t.si bom.csv --format csv
printf 'year,g,x\r\n2020,a,1\n2020,b,2\r\n2021,a,3\n' > mixed.csv
expect csv_mixed_crlf_lf 0 '^total,2020,_T,,,3,count,,2,$' t.si mixed.csv --format csv
printf 'year,g,x\r\n2020,a,1\r2020,b,zz\n' > barecr.csv
expect csv_bare_cr_line_number 1 "barecr.csv:3: error: column 'x'" t.si barecr.csv
# Files past 4 MB are scanned by two threads: messages from the second
# half must still name the file's own line numbers (line 500000 is in
# the second thread's range; its first line is counted, not assumed).
# big_csv FILE LINE FIELD: 600000 lines (6 MB), x = FIELD on line LINE.
big_csv() {
  awk -v at="$2" -v x="$3" 'BEGIN { print "year,g,x"; for (i = 2; i <= 600000; i++) print "2020,a" (i % 7) "," (i == at ? x : i % 10) }' > "$1"
}
big_csv par.csv 500000 zz
expect csv_threads_value_error_line 1 "par.csv:500000: error: column 'x' \(field 3\): 'zz' is not a number" t.si par.csv --threads 2
expect csv_threads_lenient_warning_line 0 "par.csv:500000: warning: column 'x'" t.si par.csv --threads 2 --lenient
big_csv parwide.csv 550000 1,2
expect csv_threads_ragged_line 1 "parwide.csv:550000: error: row has 4 fields, the header has 3" t.si parwide.csv --threads 2
big_csv parquote.csv 590000 '1"2'
expect csv_threads_malformed_line 1 "parquote.csv:590000: error: malformed CSV" t.si parquote.csv --threads 2
awk 'BEGIN { printf "year,g,x\n2020,\""; for (i = 0; i < 1048576; i++) printf "a"; printf "\",1\n2020,"; for (i = 0; i < 4194304; i++) printf "b"; print ",2" }' > bigfield.csv
expect csv_fields_1MB_and_4MB 0 '^total,2020,_T,,,3,count,,2,$' t.si bigfield.csv --format csv
awk 'BEGIN { printf "year,g,x"; for (i = 0; i < 20000; i++) printf ",c%d", i; print "";
             for (r = 0; r < 20; r++) { printf "2020,a,1"; for (i = 0; i < 20000; i++) printf ",%d", i; print "" } }' > wide.csv
expect csv_20000_columns 0 '^total,2020,a,,,20,count,,20,$' t.si wide.csv --format csv
printf 'year,g,x\n2020,a,1,9\n' > ragged.csv
expect csv_ragged_row 1 'ragged.csv:2: error' t.si ragged.csv
printf 'year,g,x\n2020,"a,1\n' > openquote.csv
expect csv_unterminated_quote 1 'openquote.csv:2: error' t.si openquote.csv
printf 'year,g,x\n2020,a,1\n' > ok.csv

# ---------------------------------------------------------------- -o

echo 'previous' > prev.csv
expect out_error_keeps_previous 1 "error" t.si huge.csv -o prev.csv
if [ "$(cat prev.csv)" = previous ]; then ok out_previous_untouched; else bad out_previous_untouched "prev.csv now: $(head -c 80 prev.csv)"; fi
expect out_success 0 '' t.si ok.csv -o new.csv
if grep -q '^total,2020,a' new.csv && [ "$(ls -a | grep -c '^\.\?new\.csv.')" -eq 0 ]; then
  ok out_written_no_temp_left
else
  bad out_written_no_temp_left "$(ls -a | tr '\n' ' ')"
fi
cp ok.csv data.csv
expect out_over_data_refused 2 "refusing to write the output over the input file 'data.csv'" t.si data.csv -o data.csv
cp t.si keep.si
expect out_over_source_refused 2 "refusing to write the output over the catalogue file 'keep.si'" keep.si ok.csv -o keep.si
if cmp -s t.si keep.si; then ok out_source_untouched; else bad out_source_untouched "keep.si was overwritten"; fi
cp t.si keep2.si
ln -s keep2.si alias.csv
expect out_over_source_via_symlink_refused 2 "refusing to write the output over the catalogue file 'keep2.si'" keep2.si ok.csv -o alias.csv
if cmp -s t.si keep2.si; then ok out_source_via_symlink_untouched; else bad out_source_via_symlink_untouched "keep2.si was overwritten"; fi
if [ -w /dev/full ]; then
  expect out_dev_full 1 'No space left on device' t.si ok.csv -o /dev/full
fi
. "$root/tests/robustness/writes.sh"
. "$root/tests/robustness/env.sh"
. "$root/tests/robustness/values.sh"
. "$root/tests/robustness/inputs.sh"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
