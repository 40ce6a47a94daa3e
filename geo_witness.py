import csv, json, re, sys
from fractions import Fraction

def codelist():
    units = {}
    for line in open("geo.si", encoding="utf-8"):
        m = re.match(r'\s*(region|district|municipality) "([^"]+)"(?: in "([^"]+)")?', line)
        if m:
            units[(m.group(1), m.group(2))] = m.group(3)
    return units

UNITS = codelist()
PARENT = {"municipality": "district", "district": "region"}

def ancestors(level, code):
    out = []
    while level in PARENT:
        code = UNITS[(level, code)]
        level = PARENT[level]
        out.append((level, code))
    return out

def members(level, code):
    """The municipalities of the codelist under a unit (None: country)."""
    return [c for (l, c) in UNITS if l == "municipality" and
            (level is None or (level, code) in ancestors("municipality", c))]

def data(path="geo.csv"):
    return list(csv.DictReader(open(path, encoding="utf-8")))

def rate_cells(rows):
    """unemployment per (year, sex or _T, municipality): exact fractions,
    None when suppressed (denominator < 10)."""
    acc = {}
    for r in rows:
        for sex in ("_T", r["sex"]):
            k = (r["year"], sex, r["municipality"])
            u, a = acc.get(k, (0, 0))
            acc[k] = (u + int(r["unemployed"]), a + int(r["active"]))
    return {k: (Fraction(100 * u, a) if a >= 10 else None) for k, (u, a) in acc.items()}

def ranks(values, better):
    """1 + how many are strictly better; None for a missing value."""
    sign = -1 if better == "lower" else 1
    return {k: (None if v is None else 1 + sum(1 for w in values.values()
            if w is not None and sign * (w - v) > 0)) for k, v in values.items()}
