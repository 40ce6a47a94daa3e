#!/bin/sh
# sicalc report's structure tests: the small catalogue (small.si, small.csv)
# as HTML in English, Serbian Latin and Cyrillic and as Markdown, checked by
# check.py against the run's CSV and python's own sums; then the command
# line's errors. Ends with "N passed, N failed".
# usage: sh tests/report/run.sh [SICALC]
cd "$(dirname "$0")/../.." || exit 2
bin=${1:-./sicalc}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
d=tests/report
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

"$bin" $d/small.si $d/small.csv --format csv -o "$t/run.csv" &&
  "$bin" report $d/small.si $d/small.csv --focus Pirot --peers -o "$t/en.html" &&
  "$bin" report $d/small.si $d/small.csv --focus Pirot --peers --lang sr -o "$t/sr.html" &&
  "$bin" report $d/small.si $d/small.csv --focus Pirot --peers --lang sr-Cyrl -o "$t/cy.html" &&
  "$bin" report $d/small.si $d/small.csv --focus Pirot --peers -o "$t/en.md" ||
  bad "the report runs"
python3 $d/check.py $d/small.csv "$t/run.csv" "$t/en.html" "$t/sr.html" \
  "$t/cy.html" "$t/en.md" >"$t/check.log" 2>&1
grep -E '^(ok|FAIL)' "$t/check.log"
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$t/check.log")
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$t/check.log")
[ -n "$p" ] || { bad "check.py ran"; cat "$t/check.log"; p=0; f=0; }
pass=$((pass + p))
fail=$((fail + f))

# The geography without sicalc: the codelist from small.si's text, the
# district and region sums and the coverage from small.csv; the Pirot
# example's composite index against its run.
"$bin" indicators/*.si examples/pirot/data/*.csv --format csv -o "$t/pirot.csv" 2>/dev/null &&
  "$bin" report indicators/*.si examples/pirot/data/*.csv --focus Pirot --peers \
    -o "$t/pirot.html" 2>/dev/null || bad "the Pirot example report runs"
python3 $d/check_geo.py $d/small.si $d/small.csv "$t/run.csv" "$t/en.html" \
  "$t/pirot.csv" "$t/pirot.html" >"$t/geo.log" 2>&1
grep -E '^(ok|FAIL)' "$t/geo.log"
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$t/geo.log")
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$t/geo.log")
[ -n "$p" ] || { bad "check_geo.py ran"; cat "$t/geo.log"; p=0; f=0; }
pass=$((pass + p))
fail=$((fail + f))

# A survey indicator given for the region only (examples/silc): the
# region's value with its se and cv, as the run's CSV has them (their
# witness: tests/diff/survey.sh, R's survey package).
"$bin" indicators/*.si examples/pirot/data/*.csv examples/silc/silc.csv --only arop_rate \
  --format csv -o "$t/silc.csv" 2>/dev/null &&
  "$bin" report indicators/*.si examples/pirot/data/*.csv examples/silc/silc.csv \
    --focus Pirot --only arop_rate -o "$t/silc.html" 2>/dev/null &&
  python3 - "$t/silc.csv" "$t/silc.html" <<'PY' && ok "se and cv of a survey indicator, above the focus, equal the run's" || bad "se and cv of a survey indicator, above the focus, equal the run's"
import csv, re, sys
from decimal import Decimal, ROUND_HALF_UP
q = lambda v: str(Decimal(repr(float(v))).quantize(Decimal("0.01"), ROUND_HALF_UP))
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if r["region"] == "Južna i Istočna Srbija" and r["sex"] == "_T"
        and r["laeken_age"] == "_T"]
last = max(rows, key=lambda r: r["year"])
html = open(sys.argv[2], encoding="utf-8").read()
want = (f'data-period="{last["year"]}">{q(last["value"])}</span>%</b>; '
        f'<abbr title="standard error">se</abbr> {q(last["se"])} &#183; '
        f'<abbr title="coefficient of variation">cv</abbr> '
        f'{q(float(last["cv"]) * 100)}%')
sys.exit(0 if want in html else 1)
PY

# Without --peers the bars are the focus and its benchmarks only.
"$bin" report $d/small.si $d/small.csv --focus Pirot -o "$t/np.html" 2>/dev/null
n=$(sed -n 's/.*<svg id="bars-bed_share"\(.*\)/\1/p' "$t/np.html" | sed 's/<\/svg>.*//' | grep -o '<rect class="b-' | wc -l)
[ "$n" -eq 4 ] && ok "without --peers: 4 bars (Pirot, district, region, total)" ||
  bad "without --peers: 4 bars, got $n"

# Usage errors: exit 2 and a message, no output file.
expect_usage() { # $1 label, $2 expected text, then the command
  label=$1 want=$2
  shift 2
  "$@" >"$t/out" 2>"$t/err"
  rc=$?
  if [ $rc -eq 2 ] && grep -q -- "$want" "$t/err"; then ok "$label"; else
    bad "$label (exit $rc: $(head -n 1 "$t/err"))"
  fi
}
expect_usage "no --focus" "--focus UNIT is needed" "$bin" report $d/small.si $d/small.csv
expect_usage "unknown focus, with a hint" "did you mean 'Pirot'" \
  "$bin" report $d/small.si $d/small.csv --focus Pirt -o "$t/x.html"
[ ! -e "$t/x.html" ] && ok "no file after an error" || bad "no file after an error"
expect_usage "unknown format" "unknown format 'pdf'" \
  "$bin" report $d/small.si $d/small.csv --focus Pirot --format pdf
expect_usage "unknown language" "--lang is en, sr or sr-Cyrl" \
  "$bin" report $d/small.si $d/small.csv --focus Pirot --lang de
expect_usage "output over an input" "refusing to write the report over" \
  "$bin" report $d/small.si $d/small.csv --focus Pirot -o $d/small.csv
# --only and --periods select before the report is drawn.
"$bin" report $d/small.si $d/small.csv --focus Pirot --only doctor_rate --periods 2023 -o "$t/o.md"
grep -q 'Doctors per 1,000' "$t/o.md" && ! grep -q 'Registered case rate' "$t/o.md" &&
  ! grep -q '^| 2021 ' "$t/o.md" && ok "--only and --periods" || bad "--only and --periods"
# A district as the focus: its region above it, the other districts its peers.
"$bin" report $d/small.si $d/small.csv --focus Pirotski --peers -o "$t/dist.md" &&
  grep -q '^- \*\*Region:\*\* East Region' "$t/dist.md" && grep -q 'Mačva District' "$t/dist.md" &&
  ok "a district as the focus" || bad "a district as the focus"
# --reference: published values in the indicator's block, one line per
# source (the source named once), beside the computed value.
printf 'indicator,period,level,area,value,source\ncase_rate,2023,district,Pirotski,11.5,Test office bulletin\ncase_rate,2023,municipality,Pirot,12.0,Test office bulletin\ncase_rate,2023,country,Srbija,9.5,National yearbook\n' >"$t/ref.csv"
"$bin" report $d/small.si $d/small.csv --focus Pirot --reference "$t/ref.csv" -o "$t/ref.html" &&
  blk=$(sed -n '/<article class="ind" id="ind-case_rate">/,/<\/article>/p' "$t/ref.html") &&
  [ "$(printf '%s' "$blk" | grep -o 'Test office bulletin' | wc -l)" -eq 1 ] &&
  printf '%s' "$blk" | grep -q 'Pirot 2023: 12.0%' &&
  printf '%s' "$blk" | grep -q 'Pirot District 2023: 11.5% (computed here: 11.2)' &&
  printf '%s' "$blk" | grep -q 'Srbija 2023: 9.5% (source: <span lang="en">National yearbook</span>)' &&
  ok "--reference: one list, each source once, with the computed value" ||
  bad "--reference: one list, each source once, with the computed value"
# Markdown's bars tables: a unit column, then the rank among the unit's
# level, listed best first (ranks 1, 2, ... in order, values monotone).
python3 - "$t/en.md" <<'PY' && ok "Markdown bars: units ranked in order" || bad "Markdown bars: units ranked in order"
import re, sys
tables, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("| Unit | Rank | Value"):
        cur = []
        tables.append(cur)
    elif cur is not None and line.startswith("| ") and not line.startswith("| ---"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.fullmatch(r"(\d+)/(\d+)", cells[1])
        if m:
            v = float(re.sub(r"[^0-9.\-]", "", cells[2]))
            cur.append((int(m.group(1)), int(m.group(2)), v))
    elif not line.startswith("|"):
        cur = None
ranked = [tb for tb in tables if tb]
assert ranked, "no ranked bars table"
for tb in ranked:
    assert [r for r, _, _ in tb] == sorted(r for r, _, _ in tb), tb
    assert all(1 <= r <= n for r, n, _ in tb), tb
    vals = [v for _, _, v in tb]
    assert vals == sorted(vals) or vals == sorted(vals, reverse=True), tb
PY
# stdout without -o, and Markdown by --format.
"$bin" report $d/small.si $d/small.csv --focus Pirot --format md | head -n 1 |
  grep -q '^# Pirot' && ok "Markdown to standard output" || bad "Markdown to standard output"
# The progress line: on a terminal (script(1) gives one), never in a pipe.
"$bin" report $d/small.si $d/small.csv --focus Pirot -o "$t/p.html" 2>"$t/p.err"
! grep -q 'indicators' "$t/p.err" && ok "no progress line when stderr is not a terminal" ||
  bad "no progress line when stderr is not a terminal"
if command -v script >/dev/null 2>&1; then
  script -qec "'$bin' report $d/small.si $d/small.csv --focus Pirot -o '$t/p.html'" \
    /dev/null >"$t/tty.out" 2>&1
  grep -q 'sicalc report: 4/4 indicators' "$t/tty.out" &&
    ok "a progress line on a terminal" || bad "a progress line on a terminal"
else
  echo "SKIP progress line: no script(1)"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
