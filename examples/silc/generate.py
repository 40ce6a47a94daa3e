#!/usr/bin/env python3
"""Synthetic SILC-like person microdata for Serbia (examples/silc/silc.csv).

    python3 examples/silc/generate.py            # rewrites silc.csv next to this file
    python3 examples/silc/generate.py --check    # also prints the Laeken figures

Deterministic (fixed seed; python3 standard library only). NOTHING here is a
real survey record: households, people and incomes are drawn from simple
models tuned so that the Laeken indicators come out near the published
Serbian values (INDICATORS.md §4, §6.6): at-risk-of-poverty rate about 20%,
threshold 24,064 RSD a month (SILC 2021) and 26,509 (SILC 2022), S80/S20
near 6, Gini in the low thirties, severe material deprivation about 12-14%,
AROPE about 28%.

One row per person. Household variables (hh_size, hh_disposable_income,
eq_income, deprivation_items, work_intensity, weight) repeat on every member's
row. eq_income is the household's disposable income divided by the modified
OECD equivalence scale (1.0 for the first adult, 0.5 for every other member
aged 14+, 0.3 for each child under 14); it is computed here until the
catalogue can compute it per household (stdlib/laeken.si).
"""
import csv
import math
import os
import random
import sys

SEED = 2022
HOUSEHOLDS_PER_YEAR = 1600
# SILC year -> median equivalised annual income (RSD) implied by the
# published single-person threshold: threshold * 12 / 0.6 (INDICATORS.md §4).
MEDIAN = {2021: 24064 * 12 / 0.6, 2022: 26509 * 12 / 0.6}
# region -> (share of sampled households, income level relative to Serbia,
#            employment propensity)
REGIONS = {
    "Beograd": (0.25, 1.32, 1.12),
    "Vojvodina": (0.27, 1.00, 1.00),
    "Šumadija i Zapadna Srbija": (0.27, 0.92, 0.96),
    "Južna i Istočna Srbija": (0.21, 0.84, 0.90),
}
FIELDS = ["year", "region", "household_id", "person_id", "sex", "age", "weight",
          "hh_size", "hh_disposable_income", "eq_income", "activity",
          "education_level", "deprivation_items", "work_intensity"]


def household_members(r):
    """A list of (age, sex) for one household."""
    t = r.random()
    adult = lambda lo, hi: r.randint(lo, hi)
    if t < 0.11:                                     # single adult under 65
        return [(adult(22, 64), r.choice("MF"))]
    if t < 0.24:                                     # single person 65+
        return [(adult(65, 90), "F" if r.random() < 0.68 else "M")]
    if t < 0.34:                                     # couple under 65
        a = adult(25, 64)
        return [(a, "M"), (max(20, a - r.randint(-2, 5)), "F")]
    if t < 0.47:                                     # couple, at least one 65+
        a = adult(65, 88)
        return [(a, "M"), (max(60, a - r.randint(0, 6)), "F")]
    if t < 0.74:                                     # couple with children
        a = adult(27, 55)
        kids = [(max(0, min(a - 20, r.randint(0, 24))), r.choice("MF"))
                for _ in range(1 + (r.random() < 0.55) + (r.random() < 0.12))]
        return [(a, "M"), (a - r.randint(0, 5), "F")] + kids
    if t < 0.79:                                     # single parent
        a = adult(24, 55)
        kids = [(max(0, min(a - 19, r.randint(0, 20))), r.choice("MF"))
                for _ in range(1 + (r.random() < 0.35))]
        return [(a, "F" if r.random() < 0.85 else "M")] + kids
    if t < 0.94:                                     # three generations
        a = adult(28, 50)
        kids = [(max(0, min(a - 20, r.randint(0, 22))), r.choice("MF"))
                for _ in range(1 + (r.random() < 0.5))]
        g = adult(60, 85)
        grand = [(g, "F")] + ([(g + r.randint(0, 4), "M")] if r.random() < 0.5 else [])
        return [(a, "M"), (a - r.randint(0, 5), "F")] + kids + grand
    n = r.randint(2, 4)                              # other adults
    return [(adult(18, 80), r.choice("MF")) for _ in range(n)]


def education(r, age):
    if age < 15:
        return "."
    if age < 19:
        return "primary"
    u = r.random()
    if age >= 65:
        return "none" if u < 0.12 else "primary" if u < 0.42 else "secondary" if u < 0.84 else "tertiary"
    return "none" if u < 0.015 else "primary" if u < 0.13 else "secondary" if u < 0.72 else "tertiary"


def activity(r, age, sex, edu, emp_level):
    if age < 16:
        return "."
    u = r.random()
    if age < 25:
        if u < (0.72 if age < 20 else 0.45):
            return "student"
        u = r.random()
        return "employed" if u < 0.55 * emp_level else "unemployed" if u < 0.80 else "inactive"
    if age >= 65:
        return "retired" if u < 0.93 else "employed" if u < 0.96 else "inactive"
    if age >= 60 and u < 0.55:
        return "retired"
    p = {"none": 0.42, "primary": 0.58, "secondary": 0.80, "tertiary": 0.90}[edu]
    p *= emp_level * (1.0 if sex == "M" else 0.88)
    u = r.random()
    if u < p:
        return "employed"
    return "unemployed" if u < p + (1 - p) * 0.40 else "inactive"


def person_income(r, act, edu, age, level, median):
    """Annual income of one person (RSD), before household effects."""
    if act == "employed":
        f = {"none": 0.55, "primary": 0.62, "secondary": 0.85, "tertiary": 1.55}[edu]
        base = median * 1.22 * f * level
        if r.random() < 0.15:                       # self-employed / farm: wider spread
            return base * math.exp(r.gauss(-0.25, 0.65))
        return base * math.exp(r.gauss(0, 0.41))
    if act == "retired":
        return median * 0.80 * level ** 0.5 * math.exp(r.gauss(0, 0.28))
    if act == "unemployed":
        return median * 0.10 * math.exp(r.gauss(0, 0.8)) if r.random() < 0.5 else 0.0
    return 0.0


def work_months(r, act, age):
    """Months worked in the income year, for the work-intensity ratio."""
    if act == "employed":
        return 12 if r.random() < 0.85 else r.randint(3, 11)
    if act == "unemployed":
        return r.randint(0, 3) if r.random() < 0.3 else 0
    return 0


def main():
    r = random.Random(SEED)
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    hid = 0
    pid = 0
    for year in (2021, 2022):
        median = MEDIAN[year]
        names = list(REGIONS)
        cum = []
        c = 0.0
        for n in names:
            c += REGIONS[n][0]
            cum.append(c)
        for _ in range(HOUSEHOLDS_PER_YEAR):
            u = r.random() * c
            region = names[next(i for i, x in enumerate(cum) if u <= x)]
            _, level, emp = REGIONS[region]
            hid += 1
            members = household_members(r)
            people = []
            for age, sex in members:
                edu = education(r, age)
                act = activity(r, age, sex, edu if edu != "." else "primary", emp)
                people.append((age, sex, edu, act))
            income = sum(person_income(r, a, e if e != "." else "primary", g, level, median)
                         for g, s, e, a in people)
            kids = sum(1 for g, *_ in people if g < 18)
            income += kids * median * 0.035                     # child benefits
            if income < median * 0.35 and r.random() < 0.85:    # social assistance
                income += median * r.uniform(0.30, 0.55)
            income *= math.exp(r.gauss(0.0, 0.16))              # other income, taxes
            # a few households with zero or negative income, as in EU-SILC
            u = r.random()
            if u < 0.004:
                income = 0.0
            elif u < 0.006:
                income = -median * r.uniform(0.05, 0.6)
            scale = 1.0 + sum(0.5 if g >= 14 else 0.3 for g, *_ in people) - (0.5 if people[0][0] >= 14 else 0.3)
            eq = income / scale
            rel = max(eq, 1.0) / median
            lam = 0.95 * rel ** -1.0 * math.exp(r.gauss(0, 0.7))
            dep = min(9, sum(1 for _ in range(9) if r.random() < lam / 9 * (1.0 if lam < 9 else 9 / lam)))
            wa = [(g, a) for g, s, e, a in people
                  if 18 <= g <= 64 and not (g <= 24 and a == "student") and a != "retired"]
            if wa:
                wi = sum(work_months(r, a, g) for g, a in wa) / (12.0 * len(wa))
                wi_text = f"{wi:.3f}"
            else:
                wi_text = ""
            weight = round(math.exp(r.gauss(math.log(520), 0.33)), 2)
            weight = min(1000.0, max(200.0, weight))
            for age, sex, edu, act in people:
                pid += 1
                rows.append([year, region, hid, pid, sex, age, f"{weight:.2f}", len(people),
                             income, eq, act, edu, dep, wi_text])
    # Calibrate: scale each year's incomes so that the weighted median of
    # eq_income is the one implied by the published threshold.
    for year in MEDIAN:
        yr = [row for row in rows if row[0] == year]
        f = MEDIAN[year] / wquantile([(row[9], float(row[6])) for row in yr], 0.5)
        for row in yr:
            row[8] = round(row[8] * f)
            row[9] = round(row[9] * f, 2)
    with open(os.path.join(here, "silc.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(FIELDS)
        w.writerows(rows)
    if "--check" in sys.argv:
        check(rows)


def wquantile(pairs, p):
    pairs = sorted(pairs)
    tot = sum(w for _, w in pairs)
    c = 0.0
    for x, w in pairs:
        c += w
        if c / tot >= p:
            return x
    return pairs[-1][0]


def check(rows):
    for year in (2021, 2022):
        pr = [r for r in rows if r[0] == year]
        pairs = [(r[9], float(r[6])) for r in pr]
        tot = sum(w for _, w in pairs)
        med = wquantile(pairs, 0.5)
        line = 0.6 * med
        arop = sum(w for x, w in pairs if x < line) / tot
        q20, q80 = wquantile(pairs, 0.2), wquantile(pairs, 0.8)
        s80 = sum(x * w for x, w in pairs if x > q80) / sum(x * w for x, w in pairs if x <= q20)
        srt = sorted(pairs)
        cw = cx = 0.0
        area = 0.0
        totx = sum(x * w for x, w in srt)
        for x, w in srt:
            area += w * (2 * cx + x * w) / (2 * totx)
            cx += x * w
            cw += w
        gini = 1 - 2 * area / tot
        smd = sum(float(r[6]) for r in pr if r[12] >= 4) / tot
        wa = [r for r in pr if r[5] <= 64]
        vl = sum(float(r[6]) for r in wa if r[13] != "" and float(r[13]) <= 0.2) / sum(float(r[6]) for r in wa)
        arope = sum(float(r[6]) for r in pr if r[9] < line or r[12] >= 4 or
                    (r[5] <= 64 and r[13] != "" and float(r[13]) <= 0.2)) / tot
        hh = len({r[2] for r in pr})
        print(f"{year}: {len(pr)} persons, {hh} households, threshold {line / 12:.0f} RSD/month, "
              f"AROP {100 * arop:.1f}%, S80/S20 {s80:.2f}, Gini {100 * gini:.1f}, "
              f"SMD {100 * smd:.1f}%, VLWI {100 * vl:.1f}%, AROPE {100 * arope:.1f}%")


if __name__ == "__main__":
    main()
