#!/usr/bin/env python3
"""Deterministic person-level test data for the SQLite differential test.

Usage: gen.py OUT.csv [--rows N] [--seed S]      (defaults: 20000 rows, seed 20240611)

Columns: municipality, year, sex, age, activity, income, weight, settlement.
Only the standard library is used, and the output depends only on the seed,
so every run of the test sees the same file. About 3% of incomes are
missing (mostly empty fields, a few "NA"); municipalities differ in their
unemployment and rural shares so that breakdowns and threshold bands vary.
"""
import argparse
import csv
import random

# name: (relative size, unemployment propensity, rural share, income level)
MUNICIPALITIES = {
    "Pirot":        (6, 0.17, 0.35, 1.00),
    "Babušnica":    (2, 0.24, 0.65, 0.85),
    "Bela Palanka": (2, 0.21, 0.55, 0.82),
    "Dimitrovgrad": (2, 0.15, 0.45, 0.92),
    "Niš":          (12, 0.13, 0.15, 1.05),
    "Knjaževac":    (3, 0.18, 0.50, 0.90),
    "Zaječar":      (4, 0.16, 0.35, 0.95),
    "Čačak":        (6, 0.09, 0.40, 1.02),
    "Užice":        (4, 0.07, 0.30, 1.08),
    "Šabac":        (6, 0.11, 0.45, 0.97),
    "Kruševac":     (6, 0.12, 0.40, 0.96),
    "Vranje":       (4, 0.22, 0.45, 0.86),
}
YEARS = (2021, 2022, 2023)


def person(rng, year):
    names = list(MUNICIPALITIES)
    mun = rng.choices(names, weights=[MUNICIPALITIES[m][0] for m in names])[0]
    _, unemp, rural, level = MUNICIPALITIES[mun]
    unemp *= {2021: 1.10, 2022: 1.00, 2023: 0.92}[year]
    sex = rng.choice("MF")
    # an ageing population: fewer children than older adults
    age = min(100, int(rng.triangular(0, 101, 55)))
    if age < 15:
        activity = "inactive"
    elif age <= 64:
        r = rng.random()
        participation = 0.72 if sex == "M" else 0.62
        if age < 25:
            participation -= 0.25
        if r >= participation:
            activity = "inactive"
        elif rng.random() < unemp:
            activity = "unemployed"
        else:
            activity = "employed"
    else:
        activity = "employed" if rng.random() < 0.04 else "inactive"
    r = rng.random()
    if r < 0.025:
        income = ""
    elif r < 0.03:
        income = "NA"
    else:
        mu = 10.75 + (0.25 if activity == "employed" else 0.0)
        income = "%.2f" % (level * rng.lognormvariate(mu, 0.55))
    weight = "%.2f" % rng.uniform(50, 150)
    settlement = "rural" if rng.random() < rural else "urban"
    return [mun, year, sex, age, activity, income, weight, settlement]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20240611)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["municipality", "year", "sex", "age", "activity",
                    "income", "weight", "settlement"])
        for _ in range(a.rows):  # years interleaved, as in a pooled file
            w.writerow(person(rng, rng.choice(YEARS)))


if __name__ == "__main__":
    main()
