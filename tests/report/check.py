#!/usr/bin/env python3
"""Structure checks of `sicalc report` on tests/report/small.si (run.sh).

usage: check.py SMALL.csv RUN.csv REPORT.html REPORT.sr.html REPORT.cyrl.html
                REPORT.md

The witness is python: every municipality's value is recomputed from
SMALL.csv (sums, ratio, scale), the run's CSV is checked against it, and
then every figure the HTML shows (elements with data-ind, data-unit,
data-period) must equal the run's CSV value rounded half away from zero to
the indicator's decimals, in the language's number format. Prints one
line per check and "N passed, N failed".
"""
import csv
import re
import sys
from decimal import Decimal, ROUND_HALF_UP
from html.parser import HTMLParser

passed = failed = 0


def ok(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok  ", what)
    else:
        failed += 1
        print("FAIL", what, detail)


# The catalogue's decimals and directions (tests/report/small.si).
DECIMALS = {"case_rate": 1, "bed_share": 2, "pop_total": 0, "doctor_rate": 2}
BETTER = {"case_rate": -1, "bed_share": 1, "doctor_rate": 1}
FOCUS, DISTRICT, REGION = "Pirot", "Pirotski", "Istok"


def fmt(v, ind, lang="en"):
    d = Decimal(repr(float(v))).quantize(
        Decimal(1).scaleb(-DECIMALS[ind]), rounding=ROUND_HALF_UP)
    s = f"{d:,}"
    if lang != "en":
        s = s.replace(",", "\u2009").replace(".", ",")
    return s


# ---- the witness: values from the raw data ----
raw = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))


def witness(ind, year, muni):
    rows = [r for r in raw if r["year"] == year and r["municipality"] == muni]
    if not rows:
        return None
    s = lambda c: sum(int(r[c]) for r in rows)
    if ind == "case_rate":
        return s("cases") / s("pop") * 100
    if ind == "bed_share":
        return s("beds") / s("pop") * 100
    if ind == "pop_total":
        return s("pop")
    return s("doctors") / s("pop") * 1000


run = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
GEO = ("municipality", "district", "region")


def unit_of(row):
    named = [row[g] for g in GEO if row[g] != "_T"]
    return named[0] if named else "_T"


cells = {(r["indicator"], r["year"], unit_of(r)): r for r in run}
bad = []
for (ind, year, unit), r in cells.items():
    if r["municipality"] == "_T" or not r["value"]:
        continue
    w = witness(ind, year, unit)
    if w is None or abs(w - float(r["value"])) > 1e-9 * max(1, abs(w)):
        bad.append((ind, year, unit, r["value"], w))
ok(not bad, "the run's municipal values equal python's sums", bad[:3])


# ---- the HTML ----
class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.figs, self.stack = set(), [], []
        self.text, self.metas, self.links, self.scripts = [], [], [], 0
        self.classes = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "meta":
            self.metas.append(a)
        if tag == "script":
            self.scripts += 1
        for k in ("href", "src"):
            if k in a:
                self.links.append(a[k])
        self.classes.append((tag, a.get("class", ""), a))
        self.stack.append([tag, a, ""])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            t, a, txt = self.stack.pop()
            if "data-ind" in a:
                self.figs.append((a["data-ind"], a["data-period"],
                                  a["data-unit"], txt, t))
            if self.stack:
                self.stack[-1][2] += txt
            if t == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        if self.stack:
            self.stack[-1][2] += data


def parse(path):
    p = Page()
    src = open(path, encoding="utf-8").read()
    p.feed(src)
    p.src = src
    return p


en = parse(sys.argv[3])
inds = list(DECIMALS)
want_ids = {"header", "overview", "compare", "methods", "domain-labour",
            "domain-health", "parent-district", "parent-region", "period"}
for i in inds:
    want_ids |= {f"ind-{i}", f"ov-{i}", f"spine-{i}", f"bars-{i}",
                 f"trend-{i}", f"cmp-{i}"}
ok(want_ids <= en.ids, "every element id is there",
   sorted(want_ids - en.ids))
csp = [m for m in en.metas if m.get("http-equiv") == "Content-Security-Policy"]
ok(csp and csp[0]["content"] ==
   "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
   "the Content-Security-Policy meta tag")
ok(en.scripts == 0 and all(l.startswith("#") for l in en.links),
   "no script, every link a fragment", [l for l in en.links if l[0] != "#"])
urls = set(re.findall(r"https?://[^\s\"'<>)]+", en.src))
ok(urls <= {"http://www.w3.org/2000/svg"}, "no address but the SVG namespace",
   urls)
# Names from small.si's codelist, not codes (the witness: the codelist
# as written there).
NAMES = {"Pirotski": "Pirot District", "Istok": "East Region",
         "Niš": "City of Niš", "Nišavski": "Nišava District",
         "Mačvanski": "Mačva District", "Zapad": "West Region"}
header = re.search(r'<header id="header">.*?</header>', en.src, re.S).group(0)
ok(re.search(r'id="parent-district">Pirot District[ <]', header) and
   re.search(r'id="parent-region">East Region[ <]', header),
   "the header names the district and the region by the codelist's names")
shown = re.sub(r"<[^>]*>", " ", en.src.split("<body>", 1)[1])
ok("Pirotski" not in shown and "City of Niš" in shown,
   "names, not codes, in the text of the page")


def check_figures(page, lang, label):
    wrong, seen = [], set()
    for ind, year, unit, txt, tag in page.figs:
        r = cells.get((ind, year, unit))
        seen.add((ind, year, unit))
        if r is None:
            wrong.append(("no row", ind, year, unit, txt))
            continue
        if not r["value"]:
            want = "\u2205" if "suppressed" in r["flags"] else "\u2013"
        else:
            want = fmt(r["value"], ind, lang)
        if txt.strip() != want:
            wrong.append((ind, year, unit, txt, want))
    ok(not wrong and page.figs, f"{label}: every figure equals the run's CSV "
       f"({len(page.figs)} figures)", wrong[:4])
    return seen


seen = check_figures(en, "en", "en")
last = {"case_rate": "2023", "bed_share": "2023", "pop_total": "2023",
        "doctor_rate": "2023"}
units = ["Pirot", "Pirotski", "Istok", "_T", "Aleksinac", "Babušnica",
         "Bela Palanka", "Loznica", "Niš", "Šabac"]
missing = [(i, last[i], u) for i in inds for u in units
           if (i, last[i], u) not in seen]
ok(not missing, "the comparison table has every unit × indicator", missing[:4])

# Suppressed: Babušnica's 2/3 (case_rate 66.7 %) and, complementary, Bela
# Palanka's 47/385 (12.2 %) never appear, in any format.
hidden = []
for v in (2 / 3 * 100, 47 / 385 * 100):
    for d in (1, 2):
        s = f"{Decimal(repr(v)).quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP)}"
        hidden += [s, s.replace(".", ",")]
    hidden.append(repr(v))

def leaked(src, numbers):
    return [h for h in numbers
            if re.search(r"(?<![\d.,])%s(?![\d])" % re.escape(h), src)]


ok(not leaked(en.src, hidden), "suppressed values are absent from the "
   "whole file", leaked(en.src, hidden))
case = re.search(r'<article class="ind" id="ind-case_rate">.*?</article>',
                 en.src, re.S).group(0)
case += re.search(r'<tr id="cmp-case_rate">.*?</tr>', en.src, re.S).group(0)
case = re.sub(r"<[^>]*>", " ", case)  # the text, not the coordinates
ok(not leaked(case, ["47", "385"]),
   "the suppressed cell's numerator and denominator are absent from its "
   "indicator's charts and tables", leaked(case, ["47", "385"]))


# The bars of case_rate (2023): no bar and an axis below the suppressed
# 66.7; the two suppressed units said in words, not drawn.
def svg_of(src, sid):
    m = re.search(r'<svg id="%s".*?</svg>' % re.escape(sid), src, re.S)
    return m.group(0) if m else ""


bars = svg_of(en.src, "bars-case_rate")
ticks = [float(t.replace(",", "")) for t in
         re.findall(r'class="tick"[^>]*>([^<]*)<', bars)]
ok(ticks and max(ticks) < 66.7, "the axis range ignores the suppressed value",
   ticks)
ok(bars.count('class="miss"') == 2, "two suppressed bars said in words",
   bars.count('class="miss"'))
# --peers is on in this run: 10 units, 2 suppressed: 8 bars
ok(len(re.findall(r'<rect class="b-', bars)) == 8,
   "a bar for each unit with a value (8)")

# Missing: Pirot has no 2022 rows; its trend has no 2022 point, the gap is
# marked, the comparison table shows a dash for a missing cell.
trend = svg_of(en.src, "trend-case_rate")
pts = re.findall(r'class="t-focus-pt"', trend)
ok(len(pts) == 2, "the trend has a point per period with a value (2 of 3)",
   len(pts))
ok('class="miss"' in trend and "\u2013" in trend,
   "the missing period is marked on the trend's axis")
lines = re.findall(r'<line class="t-focus"', trend)
ok(len(lines) == 0, "no line drawn across the missing period", len(lines))

# Ranks: 1 = best by `better`, among the municipalities with a value.
def ranks(ind, year):
    vals = {u: float(cells[(ind, year, u)]["value"]) for u in units
            if u not in ("Pirotski", "Istok", "_T")
            and cells.get((ind, year, u), {}).get("value")}
    s = BETTER[ind]
    return {u: 1 + sum(1 for w in vals.values() if (w - v) * s > 0)
            for u, v in vals.items()}, len(vals)


for ind in BETTER:
    rk, n = ranks(ind, "2023")
    row = re.search(r'<tr id="ov-%s">.*?</tr>' % ind, en.src, re.S).group(0)
    ok(f">{rk['Pirot']}/{n}<" in row, f"{ind}: Pirot's rank {rk['Pirot']}/{n}")
ok(re.search(r'<tr id="ov-pop_total">.*?<td></td></tr>', en.src, re.S),
   "no rank without a direction")

# The methods section from the catalogue: each indicator's definition,
# formula, source, thresholds, and what the compiled program adds: the
# interval's method (small.si: `ci wilson 95`).
meth = re.search(r'<section id="methods">.*?</section>', en.src, re.S).group(0)
bed = re.search(r'<article id="bed_share">.*?</article>', meth, re.S).group(0)
ok("Beds as a percentage of the population." in bed and "Test survey" in bed
   and "beds" in bed and "95% Wilson interval" in bed,
   "methods: definition, formula, source and the interval's method")
case_m = re.search(r'<article id="case_rate">.*?</article>', meth, re.S).group(0)
ok("good" in case_m and "10" in case_m and "20" in case_m and
   "Interval" not in case_m, "methods: thresholds; no interval where none")

# ---- Serbian ----
sr = parse(sys.argv[4])
check_figures(sr, "sr", "sr")
ok("Stopa registrovanih slučajeva" in sr.src and 'lang="sr-Latn"' in sr.src,
   "sr: titles in Serbian")
cy = parse(sys.argv[5])
check_figures(cy, "sr", "sr-Cyrl")
ok(cy.ids == sr.ids, "sr-Cyrl: the same element ids as sr")
ok("Стопа регистрованих случајева" in cy.src and "Пирот" in cy.src
   and "Бабушница" in cy.src, "sr-Cyrl: titles and names transliterated")
ok("Beds as a percentage of the population." in cy.src and
   "Test survey" in cy.src and "Бедс" not in cy.src,
   "sr-Cyrl: English text without a Serbian variant stays Latin")
ok("<style>" in cy.src and "font:" in cy.src and "<svg" in cy.src,
   "sr-Cyrl: markup and style sheet untouched")

# ---- Markdown: the comparison table has the same figures ----
md = open(sys.argv[6], encoding="utf-8").read()
table = md.split("## Comparison of the units", 1)[1].split("\n## ", 1)[0]
rows = [l for l in table.splitlines() if l.startswith("| ")]
head = [c.strip() for c in rows[0].strip("|").split("|")]
wrong = []
titles = {"Registered case rate": "case_rate", "Bed coverage": "bed_share",
          "Population": "pop_total",
          "Doctors per 1,000 inhabitants": "doctor_rate"}
name = {"All units in the data": "_T"}
name.update({v: k for k, v in NAMES.items()})
for l in rows[2:]:
    c = [x.strip() for x in l.strip("|").split("|")]
    ind = titles[c[0]]
    for h, v in zip(head[2:], c[2:]):
        r = cells[(ind, c[1], name.get(h, h))]
        want = fmt(r["value"], ind) if r["value"] else (
            "\u2205" if "suppressed" in r["flags"] else "\u2013")
        if v.split(" ")[0] != want:
            wrong.append((ind, h, v, want))
ok(len(rows) == 2 + len(inds) and not wrong,
   "md: the comparison table equals the run's CSV", wrong[:4])
ok(not leaked(md, hidden),
   "md: suppressed values absent")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
