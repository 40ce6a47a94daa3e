#!/bin/sh
# Review tooling against real git: `sicalc diff` between revisions of a
# test repository made here (REV, REV:path, revision against the working
# tree, with data), git's external diff through .gitattributes
# (`*.si diff=sicalc` and diff.sicalc.command), and the pre-commit hook of
# editors/pre-commit. Prints "ok NAME" / "FAIL NAME: why" per check and
# ends with "N passed, N failed"; exit status 1 when any failed.
# Usage: tests/review/git.sh PATH/TO/sicalc
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

if ! command -v git >/dev/null 2>&1; then
    echo "SKIP git not installed"
    echo "0 passed, 0 failed"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A git that reads no configuration but this repository's.
HOME=$work/home
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org
GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
    GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
mkdir -p "$HOME" "$work/repo/cat"
cd "$work/repo" || exit 2
git init -q . && git config commit.gpgsign false || exit 2
cp "$root/tests/golden/people.csv" .

# Runs sicalc; stdout in out.txt, stderr in err.txt, status in $st.
run() {
    "$bin" "$@" >"$work/out.txt" 2>"$work/err.txt" </dev/null
    st=$?
}
# has NAME STATUS TEXT...: the last run exited STATUS and its stdout
# holds every TEXT (fixed strings).
has() {
    name=$1 want=$2
    shift 2
    if [ "$st" -ne "$want" ]; then
        bad "$name" "exit status $st, expected $want: $(head -c 300 "$work/err.txt")"
        return
    fi
    for t in "$@"; do
        if ! grep -qF -- "$t" "$work/out.txt"; then
            bad "$name" "no '$t' in: $(head -c 400 "$work/out.txt" | tr '\n' '|')"
            return
        fi
    done
    ok "$name"
}

# --- two revisions of a catalogue ---------------------------------------
cat >cat/common.si <<'SI'
let working_age = age in 15..64
SI
cat >cat/main.si <<'SI'
use "common.si"
dataset people { period year }

indicator unemployment_rate {
  title       "Unemployment rate"
  unit        percent
  numerator   count(where activity == "unemployed" and working_age)
  denominator count(where activity in ("employed", "unemployed") and working_age)
  by          sex
  thresholds  good < 30, warning < 60, bad
}
SI
git add cat people.csv && git commit -qm v1 || exit 2
sed 's/15..64/20..64/' cat/common.si >cat/x && mv cat/x cat/common.si
cat >>cat/main.si <<'SI'

indicator elderly_share {
  unit  percent
  value share(age >= 65)
}
SI
sed 's/good < 30, warning < 60, bad/good < 20, warning < 40, bad/' \
    cat/main.si >cat/x && mv cat/x cat/main.si
git commit -qam v2 || exit 2

run diff HEAD~1 HEAD
has "diff HEAD~1 HEAD: exit 1, the let, its indicator, the addition" 1 \
    "sicalc diff: HEAD~1 → HEAD" "changed let working_age" \
    "old  age in 15..64" "new  age in 20..64" \
    "through let working_age" "added indicator elderly_share" \
    "old  good < 30, warning < 60, bad"
run diff HEAD HEAD
has "diff HEAD HEAD: exit 0, no changes" 0 "no changes"
run diff HEAD~1:cat/main.si HEAD:cat/main.si
has "diff REV:file REV:file (its use resolved in the revision)" 1 \
    "changed let working_age"
run diff HEAD~1 cat
has "diff REV FOLDER: the revision's same folder" 1 \
    "sicalc diff: HEAD~1 → cat" "added indicator elderly_share"
run diff HEAD~1 HEAD people.csv
has "diff HEAD~1 HEAD DATA: values and statuses" 1 "values over people.csv" \
    "unemployment_rate:" "changed status"
run diff HEAD~1 HEAD people.csv --format md
has "diff --format md with data" 1 "### sicalc diff:" "#### Values (" \
    "| group | old | new | change |"
run diff no-such-rev HEAD
has "an unknown revision is a usage error (exit 2)" 2
if grep -qF "'no-such-rev' is not a file, a folder or a git revision" \
    "$work/err.txt"; then
    ok "the unknown revision is named"
else
    bad "the unknown revision is named" "$(cat "$work/err.txt")"
fi
left=$(ls "${TMPDIR:-/tmp}" | grep -c '^sicalc-diff-' || true)
run diff HEAD~1 HEAD
after=$(ls "${TMPDIR:-/tmp}" | grep -c '^sicalc-diff-' || true)
if [ "$left" = "$after" ]; then
    ok "no temporary folder left behind"
else
    bad "no temporary folder left behind" "$left before, $after after"
fi

# --- git diff through the .gitattributes driver --------------------------
echo '*.si diff=sicalc' >.gitattributes
git config diff.sicalc.command "$bin diff-driver"
git diff HEAD~1 HEAD >"$work/out.txt" 2>"$work/err.txt"
st=$?
has "git diff shows the semantic diff of each file" 0 \
    "sicalc diff: a/cat/common.si → b/cat/common.si" \
    "sicalc diff: a/cat/main.si → b/cat/main.si" \
    "changed let working_age" "added indicator elderly_share"
git diff --no-ext-diff HEAD~1 HEAD >"$work/out.txt" 2>&1
st=$?
has "git diff --no-ext-diff still gives the line diff" 0 "@@" "+let working_age"
cat >cat/extra.si <<'SI'
indicator extra { value count() }
SI
git add -N cat/extra.si
git diff >"$work/out.txt" 2>"$work/err.txt"
st=$?
has "a new file (old side /dev/null): all added" 0 "added indicator extra"
git rm -q --cached cat/extra.si && rm cat/extra.si
git rm -q cat/common.si
git diff --cached >"$work/out.txt" 2>"$work/err.txt"
st=$?
has "a deleted file (new side /dev/null): all removed" 0 \
    "removed let working_age"
git reset -q HEAD cat/common.si && git checkout -q -- cat/common.si
printf 'indicator broken {\n' >>cat/main.si
git diff >"$work/out.txt" 2>"$work/err.txt"
st=$?
has "a file that does not parse falls back to a line diff" 0 "@@" \
    "+indicator broken {"
git checkout -q -- cat/main.si

# --- the pre-commit hook --------------------------------------------------
cp "$root/editors/pre-commit" .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
git config sicalc.path "$bin"
git config sicalc.data people.csv
commit() { git commit -qm "$1" >"$work/out.txt" 2>"$work/err.txt"; st=$?; }
printf 'indicator   loose {value count()}\n' >cat/loose.si
git add cat/loose.si
if "$bin" fmt --help >/dev/null 2>&1; then
    commit loose
    if [ "$st" -ne 0 ]; then
        ok "pre-commit refuses a file not in canonical layout"
    else
        bad "pre-commit refuses a file not in canonical layout" "committed"
    fi
    "$bin" fmt -w cat/loose.si && git add cat/loose.si
else
    echo "SKIP pre-commit fmt check: this sicalc has no fmt"
fi
commit formatted
if [ "$st" -eq 0 ]; then
    ok "pre-commit accepts a formatted file that compiles"
else
    bad "pre-commit accepts a formatted file that compiles" \
        "$(head -c 300 "$work/err.txt")"
fi
printf 'indicator typo {\n  value count(where agee > 3)\n}\n' >cat/typo.si
git add cat/typo.si
commit typo
if [ "$st" -ne 0 ] && grep -qF "agee" "$work/err.txt"; then
    ok "pre-commit refuses a catalogue that does not compile (with data)"
else
    bad "pre-commit refuses a catalogue that does not compile (with data)" \
        "status $st: $(head -c 300 "$work/err.txt")"
fi
printf 'indicator typo {\n  value count(where age > 3)\n}\n' >cat/typo.si
git add cat/typo.si
commit fixed
if [ "$st" -eq 0 ]; then
    ok "pre-commit checks the staged version, fixed"
else
    bad "pre-commit checks the staged version, fixed" \
        "$(head -c 300 "$work/err.txt")"
fi

# --- two bare revisions compare the catalogue, not every .si file -------
# A repository with indicators/ and, elsewhere, .si files that do not
# parse (test fixtures, a fuzz corpus): `diff HEAD~1 HEAD` reads
# indicators/ (from the top, wherever it runs), --catalogue PATH or git
# config sicalc.catalogue another folder.
mkdir -p "$work/repo2/indicators" "$work/repo2/fixtures" "$work/repo2/other"
cd "$work/repo2" || exit 2
git init -q . && git config commit.gpgsign false || exit 2
printf 'indicator a {\n  unit count\n  value count()\n}\n' >indicators/a.si
printf 'indicator broken {\n  value count(\n' >fixtures/bad.si
printf 'indicator o {\n  unit count\n  value count()\n}\n' >other/o.si
git add . && git commit -qm one || exit 2
printf 'indicator a {\n  unit percent\n  value count()\n}\n' >indicators/a.si
printf 'indicator o {\n  unit percent\n  value count()\n}\n' >other/o.si
git add . && git commit -qm two || exit 2
run diff HEAD~1 HEAD
has "diff HEAD~1 HEAD at the top: indicators/ only" 1 "changed indicator a"
if grep -q "broken\|bad.si" "$work/err.txt" "$work/out.txt" ||
    grep -q "indicator o" "$work/out.txt"; then
    bad "diff HEAD~1 HEAD reads nothing outside indicators/" \
        "$(head -c 300 "$work/out.txt" "$work/err.txt")"
else
    ok "diff HEAD~1 HEAD reads nothing outside indicators/"
fi
(cd fixtures && "$bin" diff HEAD~1 HEAD >"$work/out.txt" 2>"$work/err.txt")
st=$?
has "diff HEAD~1 HEAD in a subfolder: still indicators/ at the top" 1 \
    "changed indicator a"
run diff HEAD~1 HEAD --catalogue other
has "diff --catalogue other" 1 "changed indicator o"
git config sicalc.catalogue other
run diff HEAD~1 HEAD
has "git config sicalc.catalogue other" 1 "changed indicator o"
git config --unset sicalc.catalogue
cd "$work/repo" || exit 2

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
