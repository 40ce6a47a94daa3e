#!/bin/sh
# Mutation check: do the tests catch deliberate defects?
# Usage: sh tests/mutants/run.sh [NAME...]      (`make mutants`; default: all)
#
# Copies the repository's tracked files (as they are on disk) into a
# temporary folder -- the real tree is never touched --, builds sicalc and
# the unit tests there (the normal build, not the sanitized one), runs the
# suites once unmutated (all must pass, or no catch would mean anything),
# then for each mutant below: applies it, rebuilds, runs the suites in
# order, fastest first, and stops at the first one that fails ("caught NAME
# by [SUITE]"); a mutant no suite catches has SURVIVED. Then the file is
# restored and the next mutant goes.
#
# Each mutant is a literal text replacement located by searching runtime/,
# compiler/, cmd/, stdlib/ and indicators/ for its text, not by file name
# (code moves between files): the text must occur exactly once in the whole
# tree, otherwise the mutant FAILs loudly -- update its text here.
# Ends with "N passed, N failed" (passed = caught); exit 1 unless every
# mutant was caught and the unmutated baseline passed.
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
command -v python3 >/dev/null 2>&1 || { echo "FAIL setup: python3 not found"; echo "0 passed, 1 failed"; exit 1; }
start=$(date +%s)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sicalc-mutants.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
src=$tmp/src
mkdir -p "$src"
jobs=${MUTANTS_JOBS:-2}
only="$*"

setup_fail() {
  echo "FAIL setup: $1"
  echo "0 passed, 1 failed"
  exit 1
}

# The tracked files as they are in the working tree (uncommitted edits
# included, so a mutant run tests what you are about to commit).
if git rev-parse --git-dir >/dev/null 2>&1; then
  git ls-files -z | python3 -c '
import os, shutil, sys
dst = sys.argv[1]
for f in sys.stdin.buffer.read().split(b"\0"):
    if not f or not os.path.lexists(f):
        continue
    d = os.path.join(dst.encode(), f)
    os.makedirs(os.path.dirname(d), exist_ok=True)
    shutil.copy2(f, d, follow_symlinks=False)
' "$src" || setup_fail "could not copy the tracked files"
else
  setup_fail "not a git checkout (the mutants copy its tracked files)"
fi
acc=""
[ -f "$root/../shared/acceptance/run" ] && acc=$(cd "$root/../shared/acceptance" && pwd)/run
# The convey reference of tests/diff/survey.sh, outside the copy too.
[ -d "$root/../shared/reference" ] &&
  SICALC_REFERENCE=$(cd "$root/../shared/reference" && pwd) && export SICALC_REFERENCE

build() { # the normal build in the copy; output in $tmp/build.log
  (cd "$src" && make -j"$jobs" sicalc unit) >"$tmp/build.log" 2>&1
}

# The suites, fastest first, with tests/check.sh's labels. Valgrind, the
# sanitized build, doc staleness (generated text, not values) and the
# editors' syntax files are left out: they do not check figures.
SUITES="unit golden test_blocks cli report catalogue sqlite review robustness acceptance laeken intervals survey properties rewrite rows fullcounters rowsof fmt"
label() {
  case $1 in
    unit) echo "build unit" ;; golden) echo "build golden" ;;
    test_blocks) echo "catalogue test blocks" ;; cli) echo "cli" ;;
    report) echo "build report" ;;
    catalogue) echo "catalogue" ;; sqlite) echo "sqlite differential" ;;
    review) echo "build review git" ;; robustness) echo "build robustness" ;;
    acceptance) echo "acceptance" ;; laeken) echo "laeken differential" ;;
    intervals) echo "intervals differential" ;;
    survey) echo "survey differential" ;;
    properties) echo "properties" ;; rewrite) echo "rewrite differential" ;;
    rows) echo "rows differential" ;;
    fullcounters) echo "full counters differential" ;;
    rowsof) echo "rows of sums differential" ;;
    fmt) echo "fmt" ;;
  esac
}
# Runs one suite in the copy; 0 when it passed. Its output in $tmp/suite.log.
suite() {
  lim=""
  command -v timeout >/dev/null 2>&1 && lim="timeout 600"
  case $1 in
    unit)
      for t in "$src"/build/tests/unit/test_*; do
        case "$t" in *.d) continue ;; esac
        [ -x "$t" ] || continue
        (cd "$src" && $lim "$t") >"$tmp/suite.log" 2>&1 || { echo "unit $(basename "$t")" >"$tmp/which"; return 1; }
      done
      return 0 ;;
    golden) (cd "$src" && $lim sh tests/golden/run.sh ./sicalc) ;;
    test_blocks) (cd "$src" && $lim ./sicalc test indicators/*.si) ;;
    cli) (cd "$src" && $lim sh tests/cli/run.sh ./sicalc) ;;
    report) (cd "$src" && $lim sh tests/report/run.sh ./sicalc) ;;
    catalogue) (cd "$src" && $lim sh tests/catalogue/run.sh ./sicalc) ;;
    sqlite) (cd "$src" && $lim sh tests/diff/sqlite.sh ./sicalc) ;;
    review) (cd "$src" && $lim sh tests/review/git.sh ./sicalc) ;;
    robustness) (cd "$src" && $lim sh tests/robustness/run.sh ./sicalc) ;;
    acceptance)
      [ -n "$acc" ] || return 0
      (cd "$src" && $lim python3 "$acc" ./sicalc) ;;
    laeken) (cd "$src" && $lim sh tests/diff/laeken.sh ./sicalc) ;;
    intervals) (cd "$src" && $lim sh tests/diff/intervals.sh ./sicalc) ;;
    survey) (cd "$src" && $lim sh tests/diff/survey.sh ./sicalc) ;;
    properties) (cd "$src" && $lim sh tests/diff/properties.sh ./sicalc) ;;
    rewrite) (cd "$src" && $lim sh tests/diff/rewrite.sh ./sicalc) ;;
    rows) (cd "$src" && $lim sh tests/diff/rows.sh ./sicalc) ;;
    fullcounters) (cd "$src" && $lim sh tests/diff/fullcounters.sh ./sicalc) ;;
    rowsof) (cd "$src" && $lim sh tests/diff/rowsof.sh ./sicalc) ;;
    fmt) (cd "$src" && $lim sh tests/fmt/run.sh ./sicalc) ;;
  esac >"$tmp/suite.log" 2>&1 </dev/null
}

# Applies (or, with --restore, undoes) one literal replacement in the copy.
# Prints the file it changed; exits 1 with a message unless FROM occurs
# exactly once over the searched folders.
mutate() { # [--check] NAME FROM TO   (--check: only look for FROM)
  python3 - "$src" "$tmp/orig" "$@" <<'EOF'
import os, sys
check = sys.argv[3] == "--check"
if check:
    del sys.argv[3]
src, orig, name, old, new = sys.argv[1:6]
hits = []
for top in ("runtime", "compiler", "cmd", "stdlib", "indicators"):
    for d, _, files in os.walk(os.path.join(src, top)):
        for f in sorted(files):
            if not f.endswith((".c", ".h", ".re", ".y", ".si", ".def")):
                continue
            p = os.path.join(d, f)
            n = open(p, encoding="utf-8").read().count(old)
            hits += [p] * n
if len(hits) != 1:
    where = ", ".join(os.path.relpath(h, src) for h in hits) or "nowhere"
    sys.exit(f"its text occurs {len(hits)} times ({where}), not exactly once: "
             f"update tests/mutants/run.sh. Text: {old!r}")
p = hits[0]
if check:
    sys.exit(0)
text = open(p, encoding="utf-8").read()
with open(orig, "w", encoding="utf-8") as f:
    f.write(p + "\n")
os.replace(p, orig + ".text")
with open(p, "w", encoding="utf-8") as f:
    f.write(text.replace(old, new))
print(os.path.relpath(p, src))
EOF
}
restore() {
  [ -f "$tmp/orig" ] || return 0
  p=$(cat "$tmp/orig")
  mv "$tmp/orig.text" "$p" && touch "$p" && rm -f "$tmp/orig"
}

# --- the mutants: NAME, the text, its replacement ---------------------------
MUTANTS=""
mutant() { MUTANTS="$MUTANTS $1"; eval "from_$1=\$2; to_$1=\$3; why_$1=\$4"; }

mutant arpr_lt_le \
  'k += v[i].x >= b->t[j];' \
  'k += v[i].x > b->t[j];' \
  "arpr counts incomes equal to the threshold as poor (runtime/aggstate.c, binned in no order)"
mutant select_quantile_next_bucket \
  'return e > thi ? b : SIZE_MAX;' \
  'return e > thi ? b + 1 : SIZE_MAX;' \
  "a quantile by selection takes the key after the one that crosses p (runtime/quantile.c)"
mutant below_keeps_rows \
  's->skipped += s->n;' \
  's->skipped += 0;' \
  "a share below a missing threshold counts its rows instead of skipping them (runtime/aggstate.c, rewrite.h)"
mutant rollup_sums_own_group \
  'rt_below_merge(&sum[rt_worker_rollup_group(w, a->base, j, gi)],' \
  'rt_below_merge(&sum[rt_worker_rollup_group(w, a->base, j, gi) ? 0 : 0],' \
  "a breakdown's arpr sums all go to its first group (runtime/prepare.c)"
mutant arpr_no_threshold_term \
  'add_quantile(u, c * pi * density(d, t), tot, quantile(tot, 0.5), 0.5);' \
  'add_quantile(u, 0 * pi * density(d, t), tot, quantile(tot, 0.5), 0.5);' \
  "the at-risk-of-poverty rate's SE forgets the threshold's own variance (runtime/linearise.c)"
mutant gini_convey_constant \
  '(a2 - T) / (N * N * T);' \
  '(a2 + T) / (N * N * T);' \
  "the Gini's influence values shift by a constant (runtime/linearise.c)"
mutant variance_no_n_scale \
  'v += (long double)(1 - f) * nh / (nh - 1) * ss;' \
  'v += (long double)(1 - f) * ss;' \
  "the stratified variance loses its n_h/(n_h - 1) factor (runtime/design.c)"
mutant unemployment_denominator \
  'denominator   sum(nsz.unemployed) + sum(employment.employed)' \
  'denominator   sum(employment.employed)' \
  "registered_unemployment_rate divides by the employed only (indicators/labour.si)"
mutant quantile_gt_ge \
  'if ((double)cand[i].cum / total > p) {' \
  'if ((double)cand[i].cum / total >= p) {' \
  "weighted quantile takes the first value whose share reaches p, not exceeds it (one-pass path)"
mutant quantile_two_pass_gt_ge \
  'if (rw > p)' \
  'if (rw >= p)' \
  "the same off-by-one in the two-pass weighted quantile"
mutant wilson_no_z2 \
  '* sqrt(p * (1 - p) / n + z2 / (4 * n * n));' \
  '* sqrt(p * (1 - p) / n);' \
  "the Wilson interval's z^2/(4n^2) term dropped from the half-width"
mutant all_missing_is_zero \
  'if (s->n == 0 && s->skipped > 0)' \
  'if (s->n == 0 && s->skipped > 0 && false)' \
  "a sum whose every value is missing is 0 again, not missing (issue 16)"
mutant byar_upper_square \
  '+ z / (3 * sqrt(k1)), 3);' \
  '+ z / (3 * sqrt(k1)), 2);' \
  "Byar's upper limit squared instead of cubed"
mutant dobson_variance \
  'v += w * w * e.num;' \
  'v += w * e.num;' \
  "the DSR's variance with w/n instead of (w/n)^2"
mutant wilson_cc_full_correction \
  'fmin(0.5, fabs(x - n * 0.5))' \
  '0.5' \
  "the continuity correction not capped at |x - n/2| as R's prop.test"
mutant t_df_n \
  'return (double)s->n - 1;' \
  'return (double)s->n;' \
  "the t interval with n degrees of freedom instead of n - 1"
mutant threshold_lt_le \
  'case RT_CMP_LT: hit = hit || v < b->bound;' \
  'case RT_CMP_LT: hit = hit || v <= b->bound;' \
  "a 'good < 20' band also takes a value of exactly 20"
mutant zero_denominator_flag \
  'if (de.num == 0)' \
  'if (de.num < 0)' \
  "a zero denominator no longer flagged zero_denominator (x/0 becomes no_data)"
mutant report_rank_direction \
  'better * (rows[q].value - rows[r].value) > 0' \
  'better * (rows[q].value - rows[r].value) < 0' \
  "ranks (run --focus and the report, cmd/focus.c) count the worse units ahead"
mutant report_trend_bridges_gap \
  'if (c->has && d->has)' \
  'if (c->has || d->has)' \
  "sicalc report's trend draws a line through a missing period (as if zero)"
mutant suppression_pick_largest \
  'size_of(r) < size_of(&rows[pick])' \
  'size_of(r) > size_of(&rows[pick])' \
  "complementary suppression hides the largest cell of the line, not the smallest"
mutant spill_whole_pool \
  'if (want > p->bytes / 2)' \
  'if (want > p->bytes * 2)' \
  "a spill writes a pool's small buffers too when another thread holds half the budget"
mutant part_value_kept_twice \
  'return pw >= 0 && (w->passed[pw / 64] >> (pw % 64) & 1);' \
  'return pw < 0 && (w->passed[0] & 0);' \
  "a record whose value an aggregate's part keeps is not kept by the aggregate too"
mutant part_not_joined \
  'rt_samples_link(&whole->samples, part->samples);' \
  '(void)whole;' \
  "the values a part kept are linked into its aggregate's after the scan"
mutant hot_n_carries \
  '(((uint64_t)v & RT_HOT_NMAX) != RT_HOT_NMAX);' \
  '1;' \
  "a packed counter is full before its row count carries into its sum"
mutant band_fold_kept \
  'row[c] = (rt_hotcount){0};' \
  '(void)row;' \
  "a full band counter folded into its states starts again empty"
mutant value_count_fold_kept \
  'h[0] = (rt_hotcount){0};' \
  '(void)h;' \
  "an order statistic's full counter folded into its state starts again empty"
mutant rows_of_state_row_lost \
  'rt_aggstate_add_count(c, a->w);' \
  '(void)c;' \
  "a count that takes a sum's rows also takes the rows the sum's counters could not"
mutant rows_of_not_folded \
  'rt_hotcount_fold_into(&h[0], w->hot_lsb, c);' \
  '(void)h;' \
  "a count that takes a sum's rows gets the sum's counted rows after the scan"
mutant rows_of_missing_either_way \
  'return e && e->op == RT_IS_MISSING && e->negated &&' \
  'return e && e->op == RT_IS_MISSING &&' \
  "only x is not missing, not x is missing, makes a count the rows of sum(x)"
mutant paired_twice \
  'if (!taken[aggs[j]] && fits(pl, aggs[i], aggs[j])) {' \
  'if (fits(pl, aggs[i], aggs[j])) {' \
  "a sum gives its rows to one count only, a part is one aggregate's"
mutant rows_after_every_group \
  'n += shown(t->x, files, g, t->sorted[g][j].group);' \
  'n += 1;' \
  "a thread's result rows start after every group before its block, shown or not"

# --- run --------------------------------------------------------------------
# Every mutant's text first, so a stale one fails in seconds, not after the
# baseline.
for n in $only; do
  case " $MUTANTS " in *" $n "*) ;; *) setup_fail "no mutant named $n (there are:$MUTANTS)" ;; esac
done
stale=0
for m in $MUTANTS; do
  eval "from=\$from_$m; to=\$to_$m"
  if ! mutate --check "$m" "$from" "$to" 2>"$tmp/mutate.err"; then
    echo "FAIL $m: $(cat "$tmp/mutate.err")"
    stale=$((stale + 1))
  fi
done
if [ "$stale" -ne 0 ]; then
  echo "0 passed, $stale failed"
  exit 1
fi
echo "== mutants: building the unmutated copy in $src"
build || { tail -n 20 "$tmp/build.log"; setup_fail "the unmutated copy does not build"; }
for s in $SUITES; do
  if ! suite "$s"; then
    grep -E '^(FAIL|not ok)' "$tmp/suite.log" | head -5
    tail -n 3 "$tmp/suite.log"
    setup_fail "baseline: [$(label "$s")] fails on the unmutated tree; mutants would mean nothing"
  fi
done
echo "== baseline: every suite passes unmutated ($(($(date +%s) - start)) s)"

caught=0
survived=0
for m in $MUTANTS; do
  if [ -n "$only" ]; then
    case " $only " in *" $m "*) ;; *) continue ;; esac
  fi
  eval "from=\$from_$m; to=\$to_$m; why=\$why_$m"
  t0=$(date +%s)
  if ! file=$(mutate "$m" "$from" "$to" 2>"$tmp/mutate.err"); then
    survived=$((survived + 1))
    echo "FAIL $m: $(cat "$tmp/mutate.err")"
    continue
  fi
  if ! build; then
    restore
    survived=$((survived + 1))
    echo "FAIL $m: the mutated tree ($file) does not build; fix the mutant:"
    grep -E 'error' "$tmp/build.log" | head -3
    continue
  fi
  by=""
  for s in $SUITES; do
    rm -f "$tmp/which"
    if ! suite "$s"; then
      by=$(label "$s")
      [ -f "$tmp/which" ] && by="build $(cat "$tmp/which")"
      break
    fi
  done
  restore
  if [ -n "$by" ]; then
    caught=$((caught + 1))
    echo "caught $m by [$by] ($file, $(($(date +%s) - t0)) s): $why"
    grep -E '^(FAIL|not ok)|: expect ' "$tmp/suite.log" | head -2 | cut -c1-200 | sed 's/^/    /'
  else
    survived=$((survived + 1))
    echo "FAIL $m SURVIVED: no suite failed ($file): $why"
  fi
done
echo "== mutants: $caught caught, $survived not, in $(($(date +%s) - start)) s"
echo "$caught passed, $survived failed"
[ "$survived" -eq 0 ]
