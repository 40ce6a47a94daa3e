#!/bin/sh
# The example report in a real browser: Debian's chromium renders it to a
# PNG and an A4 PDF (both must be non-trivial; every domain, the overview,
# the comparison and the methods start a page, the comparison's page is
# landscape, the page count is within what the layout gives), and
# playwright-core (npm, tests/report/node_modules) drives the same
# chromium to check that the page made no request other than file: and
# data: and logged no console error or CSP violation (browser.js).
# Skips with a SKIP line only when chromium cannot be installed; under
# CI=true that is a failure. Ends with "N passed, N failed".
# usage: sh tests/report/browser.sh [SICALC]
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
bin=${1:-./sicalc}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

if ! command -v chromium >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  sh tests/install-deps.sh chromium poppler-utils >&2
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    bad "chromium and poppler-utils could not be installed (CI=true)"
  else
    echo "SKIP browser test: chromium or pdfinfo missing and not installable"
  fi
  finish
fi

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
CHROME="chromium --headless --no-sandbox --disable-gpu --no-first-run
  --disable-background-networking --disable-component-update --disable-sync"

"$bin" report indicators/*.si examples/pirot/data/*.csv --focus Pirot --peers \
  --reference examples/pirot/reference.csv -o "$t/report.html" 2>"$t/err" && ok "the example report is written" ||
  { bad "the example report is written: $(cat "$t/err")"; finish; }

# ---- PNG ----
timeout 180 $CHROME --user-data-dir="$t/p1" --screenshot="$t/shot.png" \
  --window-size=1280,4000 "file://$t/report.html" >"$t/chrome.log" 2>&1
size=$(python3 -c 'import struct,sys
d=open(sys.argv[1],"rb").read()
w,h=struct.unpack(">II",d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else (0,0)
print(w,h,len(d))' "$t/shot.png" 2>/dev/null)
set -- $size
[ "${1:-0}" -eq 1280 ] && [ "${2:-0}" -eq 4000 ] && [ "${3:-0}" -gt 100000 ] &&
  ok "screenshot: 1280x4000 PNG of $3 bytes" ||
  bad "screenshot: a 1280x4000 PNG over 100 kB (got: ${size:-none})"

# ---- PDF ----
timeout 180 $CHROME --user-data-dir="$t/p2" --print-to-pdf="$t/report.pdf" \
  --no-pdf-header-footer "file://$t/report.html" >>"$t/chrome.log" 2>&1
pages=$(pdfinfo "$t/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
bytes=$(wc -c <"$t/report.pdf" 2>/dev/null || echo 0)
[ "${bytes:-0}" -gt 100000 ] && ok "PDF of $bytes bytes" || bad "PDF over 100 kB (got ${bytes:-0})"
pages=${pages:-0}
# The layout: the header page, the overview, each composite index
# (indicators/sdi.si: one page), each domain, the comparison and the
# methods start a page; indicators go two to a page.
ndom=$(grep -c '<section class="domain"' "$t/report.html")
nidx=$(grep -c '<section class="index"' "$t/report.html")
ndom=$((ndom + nidx))
nind=$(grep -c '<article class="ind"' "$t/report.html")
lo=$((ndom + 4 + nind / 2))
hi=$((ndom + 4 + nind / 2 + ndom + 30))
[ "$pages" -ge "$lo" ] && [ "$pages" -le "$hi" ] &&
  ok "PDF: $pages pages (expected $lo to $hi: $ndom domains, $nind indicators)" ||
  bad "PDF: $pages pages, expected $lo to $hi"
first_lines() { # the first text line of every page, "N: text"
  i=1
  while [ "$i" -le "$pages" ]; do
    printf '%s: %s\n' "$i" "$(pdftotext -f "$i" -l "$i" -layout "$t/report.pdf" - 2>/dev/null |
      sed -n '/[^[:space:]]/{s/^ *//;p;q;}')"
    i=$((i + 1))
  done
}
first_lines >"$t/firsts"
missing=""
for h in "Overview" "Social development index" "Comparison of the units" "Methods" Demography Education \
  Health Employment "Social protection"; do
  grep -q "^[0-9]*: $h" "$t/firsts" || missing="$missing '$h'"
done
[ -z "$missing" ] && ok "PDF: overview, each domain, comparison and methods start a page" ||
  bad "PDF: these do not start a page:$missing"
cmp_page=$(sed -n 's/^\([0-9]*\): Comparison of the units.*/\1/p' "$t/firsts" | head -n 1)
psize=$(pdfinfo -f "${cmp_page:-1}" -l "${cmp_page:-1}" "$t/report.pdf" 2>/dev/null |
  sed -n 's/^Page *[0-9]* size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p')
set -- $psize
awk -v w="${1:-0}" -v h="${2:-0}" 'BEGIN { exit !(w > h && w > 800) }' &&
  ok "PDF: the comparison's page is A4 landscape ($psize)" ||
  bad "PDF: the comparison's page is A4 landscape (got: ${psize:-none})"

# ---- requests, console, CSP (playwright-core) ----
if ! command -v node >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then bad "node is missing (CI=true)"; else
    echo "SKIP playwright checks: node missing"; fi
  finish
fi
if [ ! -d tests/report/node_modules/playwright-core ]; then
  (cd tests/report && npm ci --no-audit --no-fund --silent) >"$t/npm.log" 2>&1 ||
    { bad "npm ci in tests/report: $(tail -n 3 "$t/npm.log")"; finish; }
fi
node tests/report/browser.js check "$t/report.html" >"$t/pw.log" 2>&1
grep -E '^(ok|FAIL)' "$t/pw.log"
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$t/pw.log")
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$t/pw.log")
[ -n "$p" ] || { bad "browser.js ran: $(tail -n 3 "$t/pw.log")"; p=0; f=0; }
pass=$((pass + p))
fail=$((fail + f))
# The Cyrillic report loads as cleanly.
"$bin" report indicators/*.si examples/pirot/data/*.csv --focus Pirot \
  --lang sr-Cyrl -o "$t/cyrl.html" 2>/dev/null
node tests/report/browser.js check "$t/cyrl.html" >"$t/pw2.log" 2>&1 &&
  ok "the sr-Cyrl report: no request, error or CSP report" ||
  bad "the sr-Cyrl report: $(grep FAIL "$t/pw2.log" | head -n 2)"
finish
