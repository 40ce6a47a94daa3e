#!/usr/bin/env python3
"""Independent witness for composite indices (`index`, runtime/composite.c).

Usage: witness.py OUT.csv
OUT.csv is sicalc's run of indicators/*.si and tests/index/indices.si over
examples/pirot/data/*.csv. This reads from it only the member indicators'
own rows (never a row of an index or an area), recomputes every index of
SPEC below from the definitions in docs/LANGUAGE.md, and compares value
(1e-9), rank, n and flags with sicalc's index and area rows. One member,
turnout_band, is recomputed from examples/pirot/data/elections.csv too.
Prints ok/FAIL lines and 'N passed, N failed'.
"""
import csv
import math
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# index -> (scale, lo, hi, ref, geomean, none, areas, bands)
# areas: [(name, weight, [(member, weight, lower)])]
A_MAIN = [("a", 2, [("registered_unemployment_rate", 1, True),
                    ("wage_relative_to_national", 2, False)]),
          ("b", 1, [("infant_mortality_rate", 1, True),
                    ("crude_birth_rate", 3, False),
                    ("constant_member", 1, True)])]
SPEC = {
    "ix_main": ("minmax", 0, 10, None, False, False, A_MAIN,
                [("good", 6), ("fair", 4), ("poor", None)]),
    "ix_none": ("minmax", 0, 10, None, False, True, A_MAIN, []),
    "ix_z": ("zscore", 1, 100, None, False, False,
             [("a", 1, [("registered_unemployment_rate", 1, True),
                        ("wage_relative_to_national", 2, False)]),
              ("b", 3, [("infant_mortality_rate", 1, True),
                        ("constant_member", 1, True)])], []),
    "ix_geo": ("minmax", 1, 100, None, True, False,
               [("a", 1, [("registered_unemployment_rate", 3, True),
                          ("wage_relative_to_national", 1, False)]),
                ("b", 2, [("infant_mortality_rate", 1, True),
                          ("crude_birth_rate", 1, False)])], []),
    "ix_rank": ("rank", 1, 100, None, False, False,
                [("a", 1, [("registered_unemployment_rate", 1, True),
                           ("turnout_band", 2, False)])], []),
    "ix_ratio": ("ratio_to", 1, 100, "Pirot", False, False,
                 [("a", 1, [("registered_unemployment_rate", 1, True),
                            ("wage_relative_to_national", 1, False)])], []),
    "ix_ties": ("minmax", 1, 100, None, False, False,
                [("turnout", 1, [("turnout_band", 1, False)])], []),
    # the catalogue's own index, indicators/sdi.si
    "sdi": ("minmax", 1, 100, None, False, False, [
        ("economy", 1, [("registered_unemployment_rate", 1, True),
                        ("employment_rate_registered", 1, False),
                        ("wage_relative_to_national", 1, False)]),
        ("education", 1, [("ecec_coverage_3_school", 1, False),
                          ("primary_completion_rate", 1, False),
                          ("secondary_enrolment_rate", 1, False),
                          ("adults_without_primary", 1, True),
                          ("tertiary_share_15_64", 1, False)]),
        ("health", 1, [("doctors_per_1000", 1, False),
                       ("health_insurance_coverage", 1, False),
                       ("mmr_coverage", 1, False),
                       ("infant_mortality_rate", 1, True)]),
        ("social_protection", 1, [
            ("home_care_coverage", 1, False),
            ("residential_care_rate", 1, True),
            ("social_protection_expenditure_per_capita", 1, False)]),
        ("demography", 1, [("population_change_2011", 1, False),
                           ("ageing_index", 1, True),
                           ("old_age_dependency", 1, True),
                           ("natural_increase_rate", 1, False)]),
        ("infrastructure", 1, [("dwellings_without_water", 1, True),
                               ("dwellings_without_sewage", 1, True),
                               ("voter_turnout_local", 1, False)])], []),
}

passed = failed = 0


def ok(msg):
    global passed
    passed += 1
    print("ok   " + msg)


def bad(msg):
    global failed
    failed += 1
    print("FAIL " + msg)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
fixed = {"indicator", "year", "numerator", "denominator", "value", "unit",
         "status", "n", "flags", "rank", "ci_low", "ci_high"}
dims = [c for c in rows[0] if c not in fixed]
ids = set(SPEC) | {f"{i}.{a[0]}" for i, s in SPEC.items() for a in s[6]}

# member values: the row by municipality, every other dimension _T
values = defaultdict(dict)  # (indicator, year) -> {unit: value or None}
for r in rows:
    if r["indicator"] in ids:
        continue
    if r["municipality"] in ("_T", "_U"):
        continue
    if any(r[d] != "_T" for d in dims if d != "municipality"):
        continue
    v = float(r["value"]) if r["value"] != "" else None
    values[(r["indicator"], r["year"])][r["municipality"]] = v

# turnout_band again from the raw data: round half away from zero
el = defaultdict(lambda: [0, 0])
with open(os.path.join(ROOT, "examples/pirot/data/elections.csv"),
          encoding="utf-8") as f:
    for r in csv.DictReader(f):
        k = (r["year"], r["municipality"])
        el[k][0] += int(r["votes_cast"])
        el[k][1] += int(r["registered_voters"])
mism = 0
for (year, mun), (v, reg) in el.items():
    x = v / reg * 20
    want = math.floor(x + 0.5) * 5
    if values[("turnout_band", year)].get(mun) != want:
        mism += 1
(ok if mism == 0 and el else bad)(
    f"turnout_band from elections.csv: {len(el)} values agree")

got = {}
for r in rows:
    if r["indicator"] in ids:
        got[(r["indicator"], r["year"], r["municipality"])] = r


def scores(spec, member, lower, vals):
    scale, lo, hi, ref = spec[0], spec[1], spec[2], spec[3]
    present = {u: x for u, x in vals.items() if x is not None}
    xs = list(present.values())
    out = {}
    for u, x in present.items():
        if scale == "minmax":
            mn, mx = min(xs), max(xs)
            s = (lo + hi) / 2 if mx == mn else \
                lo + (hi - lo) * ((mx - x) if lower else (x - mn)) / (mx - mn)
        elif scale == "zscore":
            m = sum(xs) / len(xs)
            sd = math.sqrt(sum((y - m) ** 2 for y in xs) / len(xs))
            s = 0 if sd == 0 else ((m - x) if lower else (x - m)) / sd
        elif scale == "rank":
            if len(xs) < 2:
                s = (lo + hi) / 2
            else:
                worse = sum(1 for y in xs if (y > x if lower else y < x))
                same = sum(1 for y in xs if y == x)
                s = lo + (hi - lo) * (worse + (same - 1) / 2) / (len(xs) - 1)
        else:  # ratio_to
            r = present.get(ref)
            if r is None or r == 0 or (lower and x == 0):
                continue
            s = r / x if lower else x / r
        out[u] = s
    return out


def combine(geo, pairs):
    pairs = [(s, w) for s, w in pairs if s is not None]
    if not pairs:
        return None
    sw = sum(w for _, w in pairs)
    if not geo:
        return sum(s * w for s, w in pairs) / sw
    if any(s < 0 for s, _ in pairs):
        return None
    if any(s == 0 for s, _ in pairs):
        return 0.0
    return math.exp(sum(w * math.log(s) for s, w in pairs) / sw)


def ranks(vals):
    return {u: (1 + sum(1 for y in vals.values() if y is not None and y > v)
                if v is not None else None) for u, v in vals.items()}


def check_index(name, spec):
    geo, none, areas, bands = spec[4], spec[5], spec[6], spec[7]
    members = [(m, w, low, a) for a, _, ms in areas for m, w, low in ms]
    years = sorted({y for (i, y) in values for m, *_ in members if i == m})
    problems, checked, flags_seen = [], 0, set()
    for year in years:
        units = set()
        for m, *_ in members:
            units |= set(values.get((m, year), {}))
        sc = {m: scores(spec, m, low, values.get((m, year), {}))
              for m, _, low, _ in members}
        area_v = {a: {} for a, _, _ in areas}
        area_n = {a: {} for a, _, _ in areas}
        index_v, index_n, missing = {}, {}, {}
        for u in units:
            total_n = 0
            miss = False
            for a, _, ms in areas:
                pairs = [(sc[m].get(u), w) for m, w, _ in ms]
                n = sum(1 for s, _ in pairs if s is not None)
                area_n[a][u] = n
                total_n += n
                if n < len(ms):
                    miss = True
                area_v[a][u] = None if (none and n < len(ms)) else \
                    combine(geo, pairs)
            pairs = [(area_v[a][u], w) for a, w, _ in areas]
            index_v[u] = None if (none and any(s is None for s, _ in pairs)) \
                else combine(geo, pairs)
            index_n[u] = total_n
            missing[u] = miss
        outputs = [(name, index_v, index_n, None)] + \
            [(f"{name}.{a}", area_v[a], area_n[a], a) for a, _, _ in areas]
        for oid, vals, ns, area in outputs:
            rk = ranks(vals)
            for u in units:
                r = got.get((oid, year, u))
                if r is None:
                    problems.append(f"{oid} {year} {u}: no row")
                    continue
                want = vals[u]
                v = float(r["value"]) if r["value"] != "" else None
                if not close(v, want):
                    problems.append(f"{oid} {year} {u}: value {v}, want {want}")
                if (int(r["rank"]) if r["rank"] else None) != rk[u]:
                    problems.append(f"{oid} {year} {u}: rank {r['rank']}, "
                                    f"want {rk[u]}")
                if int(r["n"]) != ns[u]:
                    problems.append(f"{oid} {year} {u}: n {r['n']}, want {ns[u]}")
                if area is None:
                    miss = missing[u]
                else:
                    ms = dict((a, ms) for a, _, ms in areas)[area]
                    miss = ns[u] < len(ms)
                flag = "no_data" if want is None else \
                    "reweighted" if miss else ""
                flags_seen.add(flag)
                if r["flags"] != flag:
                    problems.append(f"{oid} {year} {u}: flags {r['flags']!r}, "
                                    f"want {flag!r}")
                if area is None and bands:
                    st = ""
                    for label, bound in bands:
                        if want is not None and (bound is None or want >= bound):
                            st = label
                            break
                    if r["status"] != st:
                        problems.append(f"{oid} {year} {u}: status "
                                        f"{r['status']!r}, want {st!r}")
                checked += 1
    ours = [k for k in got if k[0] == name or k[0].startswith(name + ".")]
    if len(ours) != checked:
        problems.append(f"{len(ours)} rows from sicalc, {checked} expected")
    if problems or checked == 0:
        bad(f"{name}: " + "; ".join(problems[:6]) if problems else
            f"{name}: no rows")
    else:
        ok(f"{name}: {checked} rows agree (flags seen: "
           f"{', '.join(sorted(f or 'none' for f in flags_seen))})")
    return flags_seen


seen = set()
for name, spec in SPEC.items():
    seen |= check_index(name, spec)
# The cases the suite must cover, across the indices above.
ties = any(sum(1 for r in got.values() if r["indicator"] == "ix_ties" and
               r["year"] == y and r["rank"] == "1") > 1
           for y in {r["year"] for r in got.values()})
(ok if ties else bad)("ix_ties: some units share rank 1")
(ok if {"reweighted", "no_data"} <= seen else bad)(
    "a missing member is reweighted (reweight) and leaves no score (none)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
