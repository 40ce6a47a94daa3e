#!/bin/sh
# The editor support in editors/: the VS Code TextMate grammar is valid
# JSON whose regular expressions compile (python3), the Vim syntax file
# loads without an error (vim), and both name every reserved word of
# docs/LANGUAGE.md and every clause word of compiler/clauses.def, and mark
# `domain NAME {` as a declaration. Prints
# "ok NAME" / "FAIL NAME: why" / "SKIP ..." and ends with "N passed, N
# failed". Usage: tests/review/editors.sh
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
grammar=editors/vscode/syntaxes/si.tmLanguage.json
vimfile=editors/vim/syntax/si.vim

reserved=$(awk '/Reserved words:/ { f = 1 } f { print } f && /`\./ { exit }' \
    docs/LANGUAGE.md | tr '\n' ' ' | sed 's/.*Reserved words: `//; s/`.*//')
clauses=$(sed -n 's/^X([A-Z_]*, "\([a-z_]*\)")$/\1/p' compiler/clauses.def)
words="$reserved per $clauses policy period weight column"
[ -n "$reserved" ] && [ -n "$clauses" ] || bad "word lists" "none read"
for f in "$grammar" "$vimfile"; do
    missing=
    for w in $words; do
        grep -q "\\b$w\\b" "$f" || missing="$missing $w"
    done
    if [ -z "$missing" ]; then
        ok "$f names every reserved and clause word"
    else
        bad "$f names every reserved and clause word" "missing:$missing"
    fi
done

if command -v python3 >/dev/null 2>&1; then
    if why=$(python3 - "$grammar" <<'PY' 2>&1
import json, re, sys
g = json.load(open(sys.argv[1]))
assert g["scopeName"] == "source.si", "scopeName"
n = 0
def walk(x):
    global n
    if isinstance(x, dict):
        for k, v in x.items():
            if k in ("match", "begin", "end"):
                re.compile(v)
                n += 1
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(g)
# A few tokens, each matched by the rule meant for it.
rules = g["repository"]
def matches(rule, text, whole=True):
    m = re.search(rule["match"], text)
    return m and (not whole or m.group(0) == text)
assert matches(rules["comment"], "# a comment")
assert matches(rules["backtick"], "`Broj stanovnika`")
assert matches(rules["number"], "1e6") and matches(rules["number"], "0.6")
esc = rules["string"]["patterns"][0]
for e in ['\\n', '\\"', '\\x41', '\\u{1F600}']:
    assert matches(esc, e), e
assert matches(rules["clause"]["patterns"][0], "title@sr")
# `domain NAME {` declares a domain; the clause `domain NAME` names one.
dom = rules["declaration"]["patterns"][1]
assert re.search(dom["match"], "domain labour {"), "domain declaration"
assert not re.search(dom["match"], "  domain      labour"), "domain clause"
assert n > 10, n
PY
    ); then
        ok "TextMate grammar: JSON, regular expressions and sample tokens"
    else
        bad "TextMate grammar: JSON, regular expressions and sample tokens" \
            "$(echo "$why" | tail -n 3 | tr '\n' ' ')"
    fi
    if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
        editors/vscode/package.json 2>/dev/null &&
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
            editors/vscode/language-configuration.json 2>/dev/null; then
        ok "package.json and language-configuration.json are JSON"
    else
        bad "package.json and language-configuration.json are JSON" "invalid"
    fi
else
    echo "SKIP TextMate grammar checks: no python3"
fi

if command -v vim >/dev/null 2>&1; then
    # filetype, syntax, then the groups of: the comment on line 1, `indicator`
    # (6:1), its name (6:11), `title` (7:3), `title@sr` (8:3), a string
    # (7:15), `count` (12:15), `where` (12:21), a number (12:63).
    script=$(mktemp)
    log=$(mktemp)
    cat >"$script" <<VIM
set rtp+=$(pwd)/editors/vim
syntax on
filetype on
edit tests/golden/basic.si
let s:at = [[1, 1], [6, 1], [6, 11], [7, 3], [8, 3], [7, 15], [12, 15],
      \ [12, 21], [12, 63]]
call writefile([&filetype, get(b:, 'current_syntax', '')] +
      \ map(s:at, 'synIDattr(synID(v:val[0], v:val[1], 1), "name")'), '$log')
qa!
VIM
    vim -u NONE -i NONE -N -es -S "$script" </dev/null >/dev/null 2>&1
    got=$(tr '\n' ' ' <"$log")
    rm -f "$script" "$log"
    want="si si siComment siDeclare siDeclName siClause siClause siString \
siFunction siSpecial siNumber "
    if [ "$got" = "$want" ]; then
        ok "vim: ftdetect, syntax and the groups of sample tokens"
    else
        bad "vim: ftdetect, syntax and the groups of sample tokens" \
            "got '$got', expected '$want'"
    fi
else
    echo "SKIP vim checks: no vim"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
