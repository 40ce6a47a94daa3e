#!/bin/sh
# Command-line behaviour that golden cases cannot check: output files
# (-o), what is left behind on errors, refusing to overwrite the input,
# usage errors, and determinism (two runs, and rows in reverse order,
# give the same bytes). Prints "ok NAME" / "FAIL NAME: why" per check and
# ends with "N passed, N failed"; exit status 1 when any failed.
# Usage: tests/cli/run.sh PATH/TO/sicalc
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
golden=$(cd "$(dirname "$0")/../golden" && pwd)
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
# check NAME CONDITION-COMMAND... : ok when the command succeeds
check() {
    name=$1; shift
    if "$@"; then ok "$name"; else bad "$name" "$why"; fi
}

cp "$golden/people.csv" "$golden/basic.si" "$golden/weights.si" \
   "$golden/flags.si" "$golden/rows.si" "$golden/overall.si" .
printf 'id,age,sex,income,flag\n1,30,M,1000,true\n2,30.5,F,2000,false\n' \
    > bad.csv
cp "$golden/contract.si" .

# Runs sicalc; stdout to out.txt, stderr to err.txt, status in $st.
run() {
    "$bin" "$@" >out.txt 2>err.txt </dev/null
    st=$?
}
# The first $1 bytes of the last stderr, on one line.
errtxt() { head -c "$1" err.txt | tr '\n' ' '; }
# True when only the listed names (and nothing else) are in folder $1.
only_files() {
    dir=$1; shift
    have=$(cd "$dir" && ls -A | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    why="folder holds: $have"
    [ "$have" = "$want" ]
}

# --- -o writes the same bytes as stdout ---------------------------------
run basic.si people.csv
cp out.txt stdout.csv
run basic.si people.csv -o out.csv
why="status $st, stdout $(wc -c <out.txt) bytes, stderr: $(errtxt 200)"
check "-o out.csv: exit 0, nothing on stdout or stderr" \
    sh -c "[ $st -eq 0 ] && [ ! -s out.txt ] && [ ! -s err.txt ]"
why="out.csv differs from stdout"
check "-o out.csv holds the bytes of stdout (csv)" cmp -s out.csv stdout.csv
: >plain.txt
why="out.csv: $(stat -c %a out.csv), a new file: $(stat -c %a plain.txt)"
check "-o out.csv has the mode of a plain new file (not 0600)" \
    [ "$(stat -c %a out.csv)" = "$(stat -c %a plain.txt)" ]

# --- -o out.json picks JSON by extension ---------------------------------
run basic.si people.csv --format json
cp out.txt stdout.json
run basic.si people.csv -o out.json
why="status $st; stderr: $(errtxt 200)"
check "-o out.json: exit 0" [ "$st" -eq 0 ]
why="out.json is not --format json's output"
check "-o out.json writes JSON (as --format json)" cmp -s out.json stdout.json
why="out.json starts: $(head -c 20 out.json)"
check "-o out.json is not CSV" \
    sh -c '! cmp -s out.json stdout.csv && head -c 1 out.json | grep -q "[[{]"'
run basic.si people.csv -o out.md
run basic.si people.csv --format md
why="out.md differs from --format md"
check "-o out.md writes Markdown" cmp -s out.md out.txt
run basic.si people.csv --format csv -o forced.json
why="--format csv -o forced.json is not CSV"
check "--format wins over the extension" cmp -s forced.json stdout.csv

# --- a data error leaves the previous output alone ---------------------
mkdir keep
cp stdout.csv keep/out.csv
cp keep/out.csv keep.before
run contract.si bad.csv -o keep/out.csv
why="status $st, stderr: $(errtxt 200)"
check "data error: exit 1 with a message naming file and line" \
    sh -c "[ $st -eq 1 ] && grep -q '^bad.csv:3: error: ' err.txt"
why="keep/out.csv changed"
check "data error: the previous out.csv is untouched" \
    cmp -s keep/out.csv keep.before
check "data error: no temporary file left in the folder" \
    only_files keep out.csv
run contract.si bad.csv -o keep/new.csv
check "data error: no new output file is created" only_files keep out.csv
run basic.si people.csv -o keep/out.csv
why="status $st"
check "success replaces the output" \
    sh -c "[ $st -eq 0 ] && cmp -s keep/out.csv stdout.csv"
check "success: no temporary file left in the folder" \
    only_files keep out.csv

# --- never write over the input -----------------------------------------
cp people.csv people.before
for target in people.csv ./people.csv "$work/people.csv" ../"$(basename "$work")"/people.csv; do
    run basic.si people.csv -o "$target"
    why="status $st, stderr: $(errtxt 200)"
    check "-o $target (the input) is refused with exit 2" \
        sh -c "[ $st -eq 2 ] && grep -q 'input' err.txt"
    why="people.csv changed"
    check "-o $target leaves the input unchanged" \
        cmp -s people.csv people.before
done
ln -s people.csv alias.csv
run basic.si alias.csv -o people.csv
why="status $st"
check "-o the input through a symlink is refused" \
    sh -c "[ $st -eq 2 ] && cmp -s people.csv people.before"

# --- usage errors -----------------------------------------------------------
for args in "basic.si people.csv --bogus x" "basic.si --bogus x people.csv" \
            "basic.si people.csv --bogus"; do
    # shellcheck disable=SC2086
    run $args
    why="status $st, stderr: $(errtxt 80)"
    check "unknown option ($args): exit 2, names it, prints usage" \
        sh -c "[ $st -eq 2 ] && grep -q \"unknown option '--bogus'\" err.txt \
               && grep -q '^usage: sicalc' err.txt && [ ! -s out.txt ]"
done
run basic.si
why="status $st, stderr: $(errtxt 300)"
check "missing data file argument: exit 2 with usage" \
    sh -c "[ $st -eq 2 ] && grep -q 'no data file' err.txt \
           && grep -q '^usage: sicalc' err.txt"
run people.csv
why="status $st"
check "no .si file: exit 2" [ "$st" -eq 2 ]
run basic.si people.csv --format xml
why="status $st, stderr: $(errtxt 300)"
check "unknown format: exit 2" \
    sh -c "[ $st -eq 2 ] && grep -q \"unknown format 'xml'\" err.txt"
run basic.si people.csv -o
why="status $st"
check "-o without a value: exit 2" [ "$st" -eq 2 ]
run basic.si no-such-file.csv
why="status $st, stderr: $(errtxt 300)"
check "data file that does not exist: exit 1 naming it" \
    sh -c "[ $st -eq 1 ] && grep -q 'no-such-file.csv' err.txt"
run basic.si people.csv -o no/such/dir/out.csv
why="status $st, stderr: $(errtxt 300)"
check "-o into a missing folder: exit 1 with a message" \
    sh -c "[ $st -eq 1 ] && grep -q 'no/such/dir/out.csv' err.txt"
run --help
why="status $st"
check "--help: exit 0, usage on stdout" \
    sh -c "[ $st -eq 0 ] && grep -q '^usage: sicalc' out.txt"

for c in run check doc fmt test diff diff-driver explain; do
    run "$c" --help
    why="status $st, stdout: $(head -c 80 out.txt)"
    check "$c --help: exit 0, its usage on stdout" \
        sh -c "[ $st -eq 0 ] && grep -q '^usage: sicalc' out.txt && [ ! -s err.txt ]"
done
run frobnicate
why="status $st, stderr: $(errtxt 200)"
check "an unknown command: exit 2, the commands listed" \
    sh -c "[ $st -eq 2 ] && grep -q \"unknown command 'frobnicate' (commands: run, check, doc, fmt, test, diff, explain, report, sql, help)\" err.txt"

# --- the command line people already know -----------------------------------
run help
why="status $st"
check "help: exit 0, every command listed" \
    sh -c "[ $st -eq 0 ] && for c in run check doc fmt test diff diff-driver explain report sql help; do grep -q \"^  \$c \" out.txt || exit 1; done"
cp out.txt help.txt
run --help
why="--help differs from help"
check "--help prints what help prints" cmp -s out.txt help.txt
for c in run check doc fmt test diff diff-driver explain sql help; do
    run help "$c"
    cp out.txt help_c.txt
    run "$c" --help
    why="status $st; help $c and $c --help differ"
    check "help $c: exit 0, the same text as $c --help" \
        sh -c "[ $st -eq 0 ] && cmp -s out.txt help_c.txt && grep -q '^usage: sicalc' out.txt"
done
run help frobnicate
why="status $st"
check "help of an unknown command: exit 2" [ "$st" -eq 2 ]
run chek basic.si
why="status $st, stderr: $(errtxt 200)"
check "a misspelt command suggests the closest" \
    sh -c "[ $st -eq 2 ] && grep -q \"unknown command 'chek'; did you mean 'check'?\" err.txt"
for v in -V --version; do
    run $v
    why="status $st, stdout: $(head -c 80 out.txt)"
    check "$v prints the version" \
        sh -c "[ $st -eq 0 ] && grep -q '^sicalc [0-9]' out.txt"
done
run basic.si people.csv --formt csv
why="status $st, stderr: $(errtxt 200)"
check "unknown option suggests the closest one" \
    sh -c "[ $st -eq 2 ] && grep -q \"unknown option '--formt'; did you mean '--format'?\" err.txt"
run basic.si people.csv --formt=csv
why="status $st, stderr: $(errtxt 200)"
check "unknown --opt=value suggests the closest one" \
    sh -c "[ $st -eq 2 ] && grep -q \"unknown option '--formt'; did you mean '--format'?\" err.txt"
run basic.si people.csv --format=json
cp out.txt eq.json
run basic.si people.csv --format json
why="--format=json differs from --format json"
check "--opt=value is --opt value" \
    sh -c "[ $st -eq 0 ] && cmp -s out.txt eq.json && head -c 1 eq.json | grep -q '[[{]'"
run basic.si people.csv --lenient=yes
why="status $st, stderr: $(errtxt 200)"
check "--flag=value for a flag without value: exit 2" \
    sh -c "[ $st -eq 2 ] && grep -q 'takes no value' err.txt"
cp basic.si ./-odd.si
run --format csv -- -odd.si people.csv
why="status $st, stderr: $(errtxt 200)"
check "-- ends the options (a file named -odd.si)" \
    sh -c "[ $st -eq 0 ] && cmp -s out.txt stdout.csv"
rm -f ./-odd.si
mkdir dash && cd dash
run ../basic.si ../people.csv -o - --format csv
cd ..
why="status $st; folder dash holds: $(ls -A dash)"
check "-o - writes to standard output and creates no file '-'" \
    sh -c "[ $st -eq 0 ] && cmp -s dash/out.txt stdout.csv && [ ! -e dash/- ]"
mv dash/out.txt dash.out; rm -rf dash
"$bin" doc basic.si -o - >doc.md 2>err.txt
st=$?
why="status $st"
check "doc -o -: Markdown on standard output" \
    sh -c "[ $st -eq 0 ] && [ -s doc.md ] && [ ! -e ./- ]"
# A data file named after no dataset is bound by its header.
# (Two datasets: with one, a single file is its data whatever its name.)
cp people.csv people_2024.csv
printf 'dataset budget {\n  period year\n  column spent number\n}\n' >budget.si
run basic.si budget.si people_2024.csv --format csv
why="status $st, stderr: $(errtxt 300)"
check "a file named after no dataset: bound by its header, one line says so" \
    sh -c "[ $st -eq 0 ] && grep -q '^people_2024.csv read as dataset people$' err.txt"
cp out.txt bound.csv
run basic.si budget.si --dataset people=people_2024.csv --format csv
why="status $st, stderr: $(errtxt 300)"
check "--dataset NAME=FILE binds a file (same bytes, no 'read as' line)" \
    sh -c "[ $st -eq 0 ] && cmp -s out.txt bound.csv && ! grep -q 'read as' err.txt"
run basic.si --dataset people people_2024.csv
why="status $st, stderr: $(errtxt 300)"
check "--dataset without NAME=FILE: exit 2" \
    sh -c "[ $st -eq 2 ] && grep -q 'NAME=FILE' err.txt"
# Exit status 3 is documented where the others are.
run --help
why="--help does not name exit status 3"
check "--help documents exit status 3 (out of memory)" \
    grep -q '3 out' out.txt

# --- a full disk -------------------------------------------------------------
# Standard output on /dev/full: the write error must not pass silently.
"$bin" basic.si people.csv >/dev/full 2>err.txt
st=$?
why="status $st, stderr: $(errtxt 300)"
check "stdout on a full disk (/dev/full): exit 1 with a message" \
    sh -c "[ $st -eq 1 ] && grep -q 'No space left' err.txt"
# -o to a device must write to the device, not replace it. A private
# copy of /dev/full (never the real one: sicalc used to rename its
# temporary file over the target) when mknod is allowed.
if mknod full c 1 7 2>/dev/null; then
    run basic.si people.csv -o full
    why="status $st, stderr: $(errtxt 200); full is now: $(ls -l full)"
    check "-o a full device: exit 1 with a message" \
        sh -c "[ $st -eq 1 ] && grep -q 'No space left' err.txt"
    why="$(ls -l full)"
    check "-o a device keeps the device node" [ -c full ]
    rm -f full
else
    echo "SKIP -o a full device: mknod not permitted"
fi
# -o to a named pipe must write into the pipe (as `-o /dev/stdout` would).
mkfifo fifo
cat fifo >from_fifo &
reader=$!
run basic.si people.csv -o fifo
if [ -p fifo ]; then
    wait "$reader"
    why="bytes through the pipe differ from stdout"
    check "-o a named pipe writes through it" cmp -s from_fifo stdout.csv
else
    # The pipe was replaced by a file; the reader still waits to open it.
    kill "$reader" 2>/dev/null
    wait "$reader" 2>/dev/null
    bad "-o a named pipe writes through it" \
        "the pipe was replaced by a regular file ($(ls -l fifo))"
fi
rm -f fifo from_fifo

# --- determinism -------------------------------------------------------------
# Same rows, reverse order (the header stays first), same file name.
mkdir rev
{ head -n 1 people.csv; tail -n +2 people.csv | sed -n '1!G;h;$p'; } \
    >rev/people.csv
for si in basic weights flags rows overall; do
    "$bin" $si.si people.csv --format csv >run1.csv 2>/dev/null
    "$bin" $si.si people.csv --format csv >run2.csv 2>/dev/null
    why="two runs differ"
    check "$si: two runs give identical bytes" cmp -s run1.csv run2.csv
    "$bin" $si.si rev/people.csv --format csv >rev.csv 2>/dev/null
    why="$(diff run1.csv rev.csv | head -4 | tr '\n' ' ')"
    check "$si: rows in reverse order give identical bytes" \
        cmp -s run1.csv rev.csv
    "$bin" $si.si people.csv --format json >run1.json 2>/dev/null
    "$bin" $si.si rev/people.csv --format json >rev.json 2>/dev/null
    why="$(diff run1.json rev.json | head -4 | tr '\n' ' ')"
    check "$si: JSON also independent of row order" cmp -s run1.json rev.json
done

# --- --keep-going: one broken indicator among many ---------------------
cp "$golden/keep_going.si" .
run keep_going.si people.csv -o kept.csv
why="status $st, kept.csv $( [ -e kept.csv ] && echo exists || echo absent)"
check "one broken indicator: exit 2 and no output (strict by default)" \
    sh -c "[ $st -eq 2 ] && [ ! -e kept.csv ]"
run keep_going.si people.csv --keep-going -o kept.csv
why="status $st, stderr: $(errtxt 300)"
check "--keep-going: exit 2 at the end, the others written" \
    sh -c "[ $st -eq 2 ] && grep -q '^people,' kept.csv &&
           grep -q '^women,' kept.csv && ! grep -q '^broken,' kept.csv"
check "--keep-going: names what was not computed" \
    grep -q "2 indicators not computed, for the errors above: broken, uses_bad_let" err.txt
run check keep_going.si --keep-going
why="status $st"
check "check takes --keep-going (a run's command line) and still fails" \
    [ $st -eq 2 ]

# --- selection: --only, --where, --periods filter the rows shown -------
# A total row selected is byte for byte the total of the unselected run
# (the selection never narrows what a total is computed from); every
# format takes the selection.
run basic.si people.csv --format csv
grep '^unemployment_rate,2022,_T,_T,' out.txt >all_total.txt
run basic.si people.csv --format csv --where municipality=_T --where sex=_T \
    --only unemployment_rate --periods 2022
why="status $st: $(cat out.txt) vs $(cat all_total.txt)"
check "--where ..=_T: the total row equals the unselected run's" \
    sh -c "[ $st -eq 0 ] && [ \$(wc -l <out.txt) -eq 2 ] && tail -1 out.txt | cmp -s - all_total.txt"
run basic.si people.csv --format csv --where municipality=Pirot --only unemployment_rate
grep '^unemployment_rate,[0-9]*,_T,Pirot,' out.txt >sel.txt
run basic.si people.csv --format csv
why="the Pirot rows differ from the unselected run's"
check "--where municipality=Pirot: its rows equal the unselected run's" \
    sh -c "grep '^unemployment_rate,[0-9]*,_T,Pirot,' out.txt | cmp -s - sel.txt && [ -s sel.txt ]"
for f in json md table; do
    run basic.si people.csv --format $f --only mean_income --periods last
    why="status $st: $(errtxt 200)"
    check "--format $f --only --periods last: exit 0, no municipality" \
        sh -c "[ $st -eq 0 ] && grep -q 21231.8 out.txt && ! grep -q municipality out.txt"
done
run basic.si people.csv --periods 2019..
why="status $st: $(errtxt 200)"
check "--periods 2019.. (open range) runs" [ $st -eq 0 ]
run basic.si people.csv --where sex
why="status $st: $(errtxt 200)"
check "--where without =: exit 2, says DIM=VALUE" \
    sh -c "[ $st -eq 2 ] && grep -q 'DIM=VALUE' err.txt"

# The dimension columns follow the catalogue (files by name), not the
# order the files are named in: b.si's `by y` before a.si's `by x, y`
# would otherwise put y first.
printf 'dataset d { period year }\nindicator b { value count() by y }\n' >b.si
printf 'indicator a { value count() by x, y }\n' >a.si
printf 'year,x,y\n2020,1,2\n' >d.csv
run b.si a.si d.csv --format csv
head -1 out.txt >ba.txt
run a.si b.si d.csv --format csv
why="b a: $(cat ba.txt); a b: $(head -1 out.txt)"
check "columns in catalogue order whatever the order of the files" \
    sh -c "head -1 out.txt | cmp -s - ba.txt && grep -q '^indicator,year,x,y,' ba.txt"
run b.si a.si d.csv --format csv --only b
why="$(head -1 out.txt)"
check "--only b: only b's dimension column (y)" \
    sh -c "head -1 out.txt | grep -q '^indicator,year,y,numerator,'"
. "$golden/../cli/labels.sh"
. "$golden/../cli/focus.sh"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
