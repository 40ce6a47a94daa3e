#!/usr/bin/env python3
"""The report's geography checked without sicalc (tests/report/run.sh).

usage: check_geo.py SMALL.si SMALL.csv RUN.csv REPORT.html
                    [PIROT_RUN.csv PIROT.html]

The witness is python: the codelist is read from SMALL.si's text, each
district's and region's sums are recomputed from SMALL.csv, and the
coverage (which municipalities of the codelist have rows) from both.
Then: the run's district and region rows equal those sums; `partial` is
flagged exactly where python finds a municipality without rows; the
report's figures for the district and region equal the run's rows, a
partial unit's value carries the † mark, the page has its legend and
says the coverage in words ("3 of 4 municipalities"). With the Pirot
example: every composite index figure the page shows equals the run's
CSV. Prints one line per check and "N passed, N failed".
"""
import csv
import re
import sys
from collections import defaultdict

passed = failed = 0


def ok(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok  ", what)
    else:
        failed += 1
        print("FAIL", what, detail)


src = open(sys.argv[1], encoding="utf-8").read()
parent = {}  # code -> its parent's code
level = {}
for lev, code, up in re.findall(
        r'^\s*(region|district|municipality)\s+"([^"]+)"(?:\s+in\s+"([^"]+)")?',
        src, re.M):
    level[code] = lev
    parent[code] = up or None
munis = [c for c, l in level.items() if l == "municipality"]


def ancestors(code):
    while parent.get(code):
        code = parent[code]
        yield code


raw = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
# python's sums per year and unit (municipality, district, region)
sums = defaultdict(lambda: defaultdict(int))
present = defaultdict(set)
for r in raw:
    units = [r["municipality"], r["district"], r["region"]]
    for u in units:
        for c in ("cases", "pop", "beds", "doctors"):
            sums[(r["year"], u)][c] += int(r[c])
    present[r["year"]].add(r["municipality"])
    # the data's own parents agree with the codelist's
    if parent.get(r["municipality"]) != r["district"] or \
            parent.get(r["district"]) != r["region"]:
        ok(False, "data and codelist agree", r)

run = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))


def value(ind, s):
    if ind == "case_rate":
        return s["cases"] / s["pop"] * 100
    if ind == "bed_share":
        return s["beds"] / s["pop"] * 100
    if ind == "pop_total":
        return s["pop"]
    return s["doctors"] / s["pop"] * 1000


bad, flags_wrong, checked = [], [], 0
for r in run:
    lev = [g for g in ("district", "region") if r[g] != "_T"]
    if r["municipality"] != "_T" or len(lev) != 1 or r["indicator"] not in (
            "case_rate", "bed_share", "pop_total", "doctor_rate"):
        continue
    unit = r[lev[0]]
    w = value(r["indicator"], sums[(r["year"], unit)])
    checked += 1
    if r["value"] and abs(float(r["value"]) - w) > 1e-9 * max(1, abs(w)):
        bad.append((r["indicator"], r["year"], unit, r["value"], w))
    members = [m for m in munis if unit in ancestors(m)]
    missing = [m for m in members if m not in present[r["year"]]]
    if ("partial" in r["flags"].split(";")) != bool(missing):
        flags_wrong.append((r["indicator"], r["year"], unit, r["flags"],
                            missing))
ok(checked and not bad, f"district and region rows equal python's sums "
   f"({checked} rows)", bad[:3])
ok(not flags_wrong, "partial exactly where a municipality of the codelist "
   "has no rows", flags_wrong[:3])

html = open(sys.argv[4], encoding="utf-8").read()
rows = {(r["indicator"], r["year"], r["district"] if r["district"] != "_T"
         else r["region"]): r for r in run
        if r["municipality"] == "_T" and (r["district"] != "_T") !=
        (r["region"] != "_T")}
spans = re.findall(r'<span class="v" data-ind="([^"]+)" data-unit="([^"]+)" '
                   r'data-period="([^"]+)">([^<]*)</span>(<sup class="dag">)?',
                   html)
wrong, dags = [], 0
for ind, unit, year, txt, dag in spans:
    r = rows.get((ind, year, unit))
    if not r or level.get(unit) not in ("district", "region"):
        continue
    want = "partial" in r["flags"]
    dags += bool(dag)
    if want != bool(dag):
        wrong.append((ind, unit, year, txt, r["flags"]))
    if r["value"] and abs(float(txt.replace(",", "")) - float(r["value"])) > \
            0.51 * 10 ** -(len(txt.split(".")[1]) if "." in txt else 0):
        wrong.append((ind, unit, year, txt, r["value"]))
ok(dags and not wrong, f"the district's and region's figures equal the run's, "
   f"† exactly on the partial ones ({dags} marked)", wrong[:3])
ok("\u2020 partial coverage: not every municipality of the unit is in the data"
   in html, "the † has its legend")
# Pirotski: Pirot, Babušnica, Bela Palanka have rows, Dimitrovgrad none.
pir = [m for m in munis if parent[m] == "Pirotski"]
have = [m for m in pir if m in present["2023"]]
ok(f"partial coverage: {len(have)} of {len(pir)} municipalities in the data"
   in html, f"the coverage in words ({len(have)} of {len(pir)})")

# The header: the region's coverage in words as of the last period.
last = max(present)
ist = [m for m in munis if "Istok" in ancestors(m)]
have = [m for m in ist if m in present[last]]
hdr = re.search(r'<dd id="parent-region">.*?</dd>', html, re.S)
ok(hdr and f"partial coverage: {len(have)} of {len(ist)} municipalities in "
   f"the data, {last})" in hdr.group(0),
   f"the header: the region's coverage as of {last} ({len(have)} of "
   f"{len(ist)})", hdr.group(0) if hdr else "")

if len(sys.argv) > 6:
    prun = list(csv.DictReader(open(sys.argv[5], encoding="utf-8")))
    phtml = open(sys.argv[6], encoding="utf-8").read()
    GEO = ("municipality", "district", "region")
    idx = {}
    for r in prun:
        if not r["indicator"].startswith("sdi"):
            continue
        named = [r[g] for g in GEO if r.get(g, "_T") != "_T"]
        others = [c for c in ("sex", "age_group", "settlement",
                              "education_level", "duration")
                  if r.get(c, "_T") != "_T"]
        if len(named) == 1 and not others:
            idx[(r["indicator"], r["year"], named[0])] = r
    sec = re.search(r'<section class="index" id="index-sdi">.*?</section>',
                    phtml, re.S)
    sec = sec.group(0) if sec else ""
    figs = re.findall(r'data-ind="(sdi[^"]*)" data-unit="([^"]+)" '
                      r'data-period="([^"]+)">([^<]*)<', sec)
    wrong = []
    for ind, unit, year, txt in figs:
        r = idx.get((ind, year, unit))
        want = f"{float(r['value']):,.1f}" if r and r["value"] else "\u2013"
        if txt.strip() != want:
            wrong.append((ind, unit, year, txt, want))
    areas = re.findall(r'<tr id="idx-sdi\.', sec)
    ok(len(figs) > 12 and not wrong and len(areas) == 6,
       f"the index section: score and 6 area scores, every figure the run's "
       f"({len(figs)} figures)", wrong[:3])
    pr = re.search(r'<tr id="idx-sdi" class="total">.*?</tr>', sec, re.S)
    year = re.search(r'data-period="(\d+)"', pr.group(0)).group(1) if pr else ""
    rk = idx.get(("sdi", year, "Pirot"), {}).get("rank", "?")
    n = sum(1 for (i, y, u), r in idx.items()
            if i == "sdi" and y == year and r["value"])
    ok(pr and f">{rk}/{n}<" in pr.group(0), f"the index's rank {rk}/{n} "
       f"({year})")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
