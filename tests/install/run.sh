#!/bin/sh
# `make install` and what it installs: into a fresh PREFIX (and with
# DESTDIR) the binary runs, the man page renders without warnings, the
# bash completion completes; the man page, the completion, the README and
# docs/REVIEW.md name every command and option `sicalc help` does; `make
# uninstall` leaves no file behind. Prints "ok NAME" / "FAIL NAME: why"
# and ends with "N passed, N failed".
# Usage: tests/install/run.sh (from anywhere; uses the tree's Makefile)
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
log=$work/log

if make -s -C "$root" install PREFIX="$prefix" >"$log" 2>&1; then
    ok "make install PREFIX=..."
else
    bad "make install PREFIX=..." "$(tail -c 300 "$log")"
fi
bin=$prefix/bin/sicalc
if "$bin" --help >"$work/help.txt" 2>"$log" && grep -q '^usage: sicalc' "$work/help.txt"; then
    ok "PREFIX/bin/sicalc --help"
else
    bad "PREFIX/bin/sicalc --help" "$(head -c 300 "$log")"
fi
man1=$prefix/share/man/man1/sicalc.1
if ! command -v man >/dev/null 2>&1; then
    bad "man -l share/man/man1/sicalc.1" "man is not installed (make man-deps)"
elif MANWIDTH=80 man --warnings -l "$man1" >"$work/man.txt" 2>"$log" &&
    [ ! -s "$log" ] && grep -q 'EXIT STATUS' "$work/man.txt"; then
    ok "man --warnings -l share/man/man1/sicalc.1: renders, no warnings"
else
    bad "man --warnings -l share/man/man1/sicalc.1" "$(head -c 300 "$log")"
fi
for f in share/bash-completion/completions/sicalc \
         share/vim/vimfiles/syntax/si.vim share/vim/vimfiles/ftdetect/si.vim \
         share/sicalc/vscode/package.json \
         share/sicalc/vscode/syntaxes/si.tmLanguage.json \
         share/sicalc/pre-commit; do
    if [ -s "$prefix/$f" ]; then ok "installs $f"; else bad "installs $f" "missing"; fi
done

# Every command and option of the help, in the man page, the completion
# and the README.
commands=$(sed -n 's/^  \([a-z-]*\)  .*/\1/p' "$work/help.txt")
[ -n "$commands" ] || bad "help lists commands" "none found"
missing=""
for c in $commands; do
    grep -q "^\.Cm $c\$\|^\.It Cm $c\$" "$root/docs/sicalc.1" || missing="$missing $c"
done
[ -z "$missing" ] && ok "the man page has every command" ||
    bad "the man page has every command" "missing:$missing"
missing=""
for c in $commands; do
    grep -q "sicalc $c\\|sicalc \\[$c\\]" "$root/README.md" || missing="$missing $c"
done
[ -z "$missing" ] && ok "README's Commands section has every command" ||
    bad "README's Commands section has every command" "missing:$missing"
missing=""
for c in $commands; do
    "$bin" help "$c" >"$work/usage.txt"
    for o in $(grep -o -- '--[a-z][a-z-]*' "$work/usage.txt" | sort -u); do
        grep -qE -- "Fl -${o#--}( |=|\$)" "$root/docs/sicalc.1" ||
            missing="$missing $c:$o"
        # the completion offers it after `sicalc CMD -`
        got=$(cd "$work" && bash -c '
            . "$1"; shift
            COMP_WORDS=(sicalc "$1" --); COMP_CWORD=2; _sicalc
            printf "%s\n" "${COMPREPLY[@]}"' sh \
            "$prefix/share/bash-completion/completions/sicalc" "$c")
        if [ "$c" != help ] && ! printf '%s\n' "$got" | grep -qx -- "$o"; then
            missing="$missing completion:$c:$o"
        fi
    done
done
[ -z "$missing" ] && ok "man page and completion have every option of every usage" ||
    bad "man page and completion have every option of every usage" "missing:$missing"
got=$(cd "$work" && touch a.si b.csv c.txt && bash -c '
    . "$1"; COMP_WORDS=(sicalc f); COMP_CWORD=1; _sicalc; echo "${COMPREPLY[*]}"
    COMP_WORDS=(sicalc check ""); COMP_CWORD=2; _sicalc; echo "${COMPREPLY[*]}"' \
    sh "$prefix/share/bash-completion/completions/sicalc")
if printf '%s\n' "$got" | head -1 | grep -q '^fmt' &&
    printf '%s\n' "$got" | tail -1 | grep -q 'a.si' &&
    printf '%s\n' "$got" | tail -1 | grep -q 'b.csv' &&
    ! printf '%s\n' "$got" | tail -1 | grep -q 'c.txt'; then
    ok "completion: commands, then .si and .csv files"
else
    bad "completion: commands, then .si and .csv files" "$(echo "$got" | tr '\n' '|')"
fi
if grep -q 'exit status.*3' "$work/help.txt" || grep -q '3 out' "$work/help.txt"; then
    if grep -q '^\.It 3$' "$root/docs/sicalc.1" && grep -q '3 out of memory' "$root/README.md"; then
        ok "exit status 3 in --help, the man page and the README"
    else
        bad "exit status 3 in --help, the man page and the README" "man or README"
    fi
else
    bad "exit status 3 in --help, the man page and the README" "--help"
fi
drv=$("$bin" help diff-driver | sed -n "s/^  \(git config diff.sicalc.command .*\)/\1/p")
if [ -n "$drv" ] && grep -qF "$drv" "$root/docs/REVIEW.md" &&
    grep -qF "$drv" "$root/README.md" &&
    grep -q 'sicalc.catalogue' "$root/docs/REVIEW.md"; then
    ok "docs/REVIEW.md and README set up the driver as --help says"
else
    bad "docs/REVIEW.md and README set up the driver as --help says" "'$drv'"
fi

# One bison run for the grammar's two outputs under make -j2 (a grouped
# target): a fresh build directory, bison counted through a wrapper.
real_bison=$(command -v bison)
mkdir -p "$work/fakebin"
printf '#!/bin/sh\necho run >>"%s"\nsleep 1\nexec "%s" "$@"\n' "$work/bison.log" \
    "$real_bison" >"$work/fakebin/bison"
chmod +x "$work/fakebin/bison"
PATH="$work/fakebin:$PATH" make -s -C "$root" -j2 B="$work/b" \
    "$work/b/gen/parser.c" "$work/b/gen/parser.h" >"$log" 2>&1
n=$(wc -l <"$work/bison.log" 2>/dev/null || echo 0)
[ "$n" -eq 1 ] && ok "make -j2 runs bison once for parser.c and parser.h" ||
    bad "make -j2 runs bison once for parser.c and parser.h" \
        "$n bison runs: $(tail -c 200 "$log")"

# DESTDIR, then uninstall.
if make -s -C "$root" install PREFIX=/usr DESTDIR="$work/dest" >"$log" 2>&1 &&
    [ -x "$work/dest/usr/bin/sicalc" ] &&
    [ -s "$work/dest/usr/share/man/man1/sicalc.1" ]; then
    ok "make install DESTDIR=... PREFIX=/usr"
else
    bad "make install DESTDIR=... PREFIX=/usr" "$(tail -c 300 "$log")"
fi
make -s -C "$root" uninstall PREFIX="$prefix" >"$log" 2>&1
make -s -C "$root" uninstall PREFIX=/usr DESTDIR="$work/dest" >>"$log" 2>&1
left=$(find "$prefix" "$work/dest" -type f | head -5)
[ -z "$left" ] && ok "make uninstall removes every file" ||
    bad "make uninstall removes every file" "left: $left"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
