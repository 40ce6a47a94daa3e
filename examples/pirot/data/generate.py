#!/usr/bin/env python3
"""Writes the multi-file Pirot example: one CSV per source, file stem = dataset.

    python3 examples/pirot/data/generate.py      # rewrites examples/pirot/data/*.csv

Deterministic (fixed seed, python3 standard library only). The published
figures it uses are the constants marked REAL below, each with the section of
/work/shared/INDICATORS.md it comes from; everything else is an ILLUSTRATIVE,
plausible value made up to fill the tables (see SOURCES.md). Do not quote the
illustrative values as statistics.
"""
import csv
import math
import os
import random

OUT = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(20240601)
YEARS = [2019, 2020, 2021, 2022, 2023]
CENSUS_YEARS = [2011, 2022]
REGION = "Južna i Istočna Srbija"
MAX_AGE = 85  # the row for age 85 holds everybody aged 85 and over

# municipality -> district
MUNICIPALITIES = [
    ("Pirot", "Pirotski"), ("Babušnica", "Pirotski"),
    ("Bela Palanka", "Pirotski"), ("Dimitrovgrad", "Pirotski"),
    ("Niš", "Nišavski"), ("Aleksinac", "Nišavski"),
    ("Svrljig", "Nišavski"), ("Doljevac", "Nišavski"),
    ("Zaječar", "Zaječarski"), ("Knjaževac", "Zaječarski"),
    ("Sokobanja", "Zaječarski"), ("Boljevac", "Zaječarski"),
]
DISTRICT = dict(MUNICIPALITIES)
NAMES = [m for m, _ in MUNICIPALITIES]

# --- Census totals -----------------------------------------------------------
# REAL (INDICATORS.md §3.2, §6.4): final 2011 census, Pirot district
# municipalities, Niš, Knjaževac. Zaječar + Sokobanja + Boljevac = Zaječar
# district 119,967 [V, §6.5] - Knjaževac 31,491 = 88,476 [D]; the split of that
# remainder is illustrative. Aleksinac, Svrljig, Doljevac: illustrative.
POP2011 = {
    "Pirot": 57928, "Babušnica": 12307, "Bela Palanka": 12126,
    "Dimitrovgrad": 10118, "Niš": 260237, "Knjaževac": 31491,
    "Zaječar": 59461, "Sokobanja": 16021, "Boljevac": 12994,
    "Aleksinac": 51863, "Svrljig": 14249, "Doljevac": 18463,
}
# REAL (§3.2): Pirot 2011 by sex.
PIROT_2011_SEX = {"M": 29108, "F": 28820}
# REAL (§6.4): Niš 2011 by broad age group.
NIS_2011_AGE = {(0, 14): 36196, (15, 64): 180299, (65, MAX_AGE): 43742}

# 2022 census. REAL (§3.2, §6.4): Pirot 49,601; Dimitrovgrad 8,043; Pirot
# district 76,700, so Babušnica + Bela Palanka = 19,056 [D], split in
# proportion to 2011 [D]. Zaječar district 96,715 [V] split in proportion to
# 2011 [D]. Niš, Aleksinac, Svrljig, Doljevac: illustrative.
def _split(total, names):
    base = sum(POP2011[n] for n in names)
    out = {n: round(total * POP2011[n] / base) for n in names}
    out[names[0]] += total - sum(out.values())
    return out

POP2022 = {"Pirot": 49601, "Dimitrovgrad": 8043,
           "Niš": 249500, "Aleksinac": 41700, "Svrljig": 11250,
           "Doljevac": 16350}
POP2022.update(_split(76700 - 49601 - 8043, ["Babušnica", "Bela Palanka"]))
POP2022.update(_split(96715, ["Zaječar", "Knjaževac", "Sokobanja", "Boljevac"]))

# Share living in the urban settlement. REAL-based (§3.2, §6.4): Pirot
# 34,942 / 49,601 (2022); Babušnica 4,601 / 12,307 (2011); Dimitrovgrad
# 5,188 / 8,043 (2022); Knjaževac 18,404 / 31,491 (2011); Niš 182,797 /
# 249,500 (2022, the total illustrative). Others illustrative.
URBAN_SHARE = {
    "Pirot": 34942 / 49601, "Babušnica": 4601 / 12307,
    "Bela Palanka": 0.58, "Dimitrovgrad": 5188 / 8043,
    "Niš": 182797 / 249500, "Aleksinac": 0.32, "Svrljig": 0.47,
    "Doljevac": 0.10, "Zaječar": 0.65, "Knjaževac": 18404 / 31491,
    "Sokobanja": 0.50, "Boljevac": 0.27,
}
# Mean age in 2022 (illustrative; chosen so that the Pirot district comes
# near its published 2019 average age of 46.5, §3.2). 2011 is 2 years younger.
MEAN_AGE_2022 = {
    "Pirot": 45.8, "Babušnica": 51.5, "Bela Palanka": 50.0,
    "Dimitrovgrad": 49.0, "Niš": 43.2, "Aleksinac": 46.8, "Svrljig": 50.5,
    "Doljevac": 44.5, "Zaječar": 47.3, "Knjaževac": 50.8, "Sokobanja": 49.8,
    "Boljevac": 49.2,
}


def apportion(total, weights):
    """Integers proportional to weights that sum exactly to total."""
    s = sum(weights)
    if s <= 0 or total <= 0:
        return [0] * len(weights)
    raw = [total * w / s for w in weights]
    out = [int(math.floor(x)) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[:rest]:
        out[i] += 1
    return out


def poisson(lam):
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, round(RNG.gauss(lam, math.sqrt(lam))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= RNG.random()
        if p <= l:
            return k
        k += 1


def noisy(x, rel=0.05):
    return x * (1 + RNG.uniform(-rel, rel))


def age_profile(mean_age):
    """Weights for ages 0..MAX_AGE with the given mean age (85 = 85+)."""
    def shape(k):
        w = []
        for a in range(0, 101):
            surv = math.exp(-max(0, a - 58) ** 2 / (2 * 17.0 ** 2))
            w.append(math.exp(k * a) * surv)
        top = sum(w[MAX_AGE:])
        return w[:MAX_AGE] + [top]

    def mean(w):
        return sum((a + 0.5 if a < MAX_AGE else 88.0) * x
                   for a, x in enumerate(w)) / sum(w)
    lo, hi = -0.1, 0.1
    for _ in range(60):
        mid = (lo + hi) / 2
        if mean(shape(mid)) < mean_age:
            lo = mid
        else:
            hi = mid
    return shape((lo + hi) / 2)


def male_factor(a):
    if a < 40:
        return 1.05
    return max(0.62, 1.05 - (a - 40) * 0.0095)


def interp(y, v11, v22):
    """Geometric interpolation between the censuses (extrapolated to 2023)."""
    return v11 * (v22 / v11) ** ((y - 2011) / 11.0)


def population_cells(m, year):
    """{(settlement, sex, age): persons} for one municipality and year."""
    total = round(POP2011[m] if year == 2011 else
                  POP2022[m] if year == 2022 else
                  interp(year, POP2011[m], POP2022[m]))
    # +1.4: the profile is solved before the (older, more female) sex split
    mean_age = MEAN_AGE_2022[m] + 1.4 - 2.0 * (2022 - year) / 11.0
    us = URBAN_SHARE[m]
    # urban settlements younger, other settlements older; the mix keeps mean_age
    prof = {"urban": age_profile(mean_age - 4.5 * (1 - us)),
            "other": age_profile(mean_age + 4.5 * us)}
    keys, weights = [], []
    for st, share in (("urban", us), ("other", 1 - us)):
        p = prof[st]
        s = sum(p)
        for sex in ("M", "F"):
            for a in range(MAX_AGE + 1):
                f = male_factor(a) if sex == "M" else 1.0
                keys.append((st, sex, a))
                weights.append(share * p[a] / s * f)
    cells = {}
    if year == 2011 and m == "Pirot":
        for sex, t in PIROT_2011_SEX.items():
            idx = [i for i, k in enumerate(keys) if k[1] == sex]
            for i, v in zip(idx, apportion(t, [weights[i] for i in idx])):
                cells[keys[i]] = v
    elif year == 2011 and m == "Niš":
        for (lo, hi), t in NIS_2011_AGE.items():
            idx = [i for i, k in enumerate(keys) if lo <= k[2] <= hi]
            for i, v in zip(idx, apportion(t, [weights[i] for i in idx])):
                cells[keys[i]] = v
    else:
        for k, v in zip(keys, apportion(total, weights)):
            cells[k] = v
    return cells


def write(name, header, rows):
    path = os.path.join(OUT, name + ".csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def head(m):
    return [REGION, DISTRICT[m], m]


def main():
    # ---------------- population (RZS estimates / census) ----------------
    pop = {}  # (m, year) -> cells
    base = {m: population_cells(m, 2011) for m in NAMES}
    rows = []
    for m in NAMES:
        for y in YEARS:
            cells = population_cells(m, y)
            pop[(m, y)] = cells
            for (st, sex, a), v in sorted(cells.items(),
                                          key=lambda kv: (kv[0][0] != "urban", kv[0][1] != "M", kv[0][2])):
                ag = "0-14" if a <= 14 else "15-64" if a <= 64 else "65+"
                rows.append([y] + head(m) + [st, sex, a, ag, v, base[m][(st, sex, a)]])
    write("population", ["year", "region", "district", "municipality", "settlement",
                         "sex", "age", "age_group", "population", "population_2011"], rows)

    def P(m, y, sex=None, lo=0, hi=MAX_AGE, st=None):
        return sum(v for (s_, x, a), v in pop[(m, y)].items()
                   if (sex is None or x == sex) and lo <= a <= hi and (st is None or s_ == st))

    # ---------------- vital statistics ----------------
    CBR = {"Pirot": 8.0, "Babušnica": 5.4, "Bela Palanka": 6.0, "Dimitrovgrad": 5.8,
           "Niš": 9.0, "Aleksinac": 7.4, "Svrljig": 5.8, "Doljevac": 8.6,
           "Zaječar": 7.0, "Knjaževac": 5.6, "Sokobanja": 6.2, "Boljevac": 6.0}
    CDR = {"Pirot": 15.5, "Babušnica": 23.0, "Bela Palanka": 21.0, "Dimitrovgrad": 19.5,
           "Niš": 13.0, "Aleksinac": 17.5, "Svrljig": 21.5, "Doljevac": 15.0,
           "Zaječar": 17.5, "Knjaževac": 22.0, "Sokobanja": 20.0, "Boljevac": 21.0}
    COVID = {2019: 1.0, 2020: 1.17, 2021: 1.33, 2022: 1.08, 2023: 1.0}
    rows = []
    births = {}
    deaths = {}  # (m, y, sex) -> deaths, split by age at the end
    for m in NAMES:
        for y in YEARS:
            tot = P(m, y)
            b = poisson(tot * CBR[m] / 1000)
            d = poisson(tot * CDR[m] * COVID[y] / 1000)
            bm = apportion(b, [0.514, 0.486])
            dm = apportion(d, [0.50, 0.50])
            births[(m, y)] = b
            for i, sex in enumerate(("M", "F")):
                deaths[(m, y, sex)] = dm[i]
                rows.append([y] + head(m) + [sex, bm[i], dm[i], poisson(bm[i] * 0.0048)])
    write("vital", ["year", "region", "district", "municipality", "sex",
                    "live_births", "deaths", "infant_deaths"], rows)

    # ---------------- ethnicity (census) ----------------
    # REAL (§6.4, §3.2): 2011 Babušnica, Bela Palanka, Dimitrovgrad largest
    # groups; Pirot Roma 2,576; Pirot Serbs 53,232 [D] = district 77,379 minus
    # the other three. Bulgarians in Pirot and Bela Palanka are in "Other".
    ETH2011 = {
        "Pirot": {"Serbs": 53232, "Bulgarians": 0, "Roma": 2576},
        "Babušnica": {"Serbs": 10933, "Bulgarians": 632, "Roma": 244},
        "Bela Palanka": {"Serbs": 10395, "Bulgarians": 0, "Roma": 1418},
        "Dimitrovgrad": {"Serbs": 2819, "Bulgarians": 5413, "Roma": 68},
    }
    ETH_ILL = {"Niš": (0.935, 0.0, 0.026), "Aleksinac": (0.955, 0.0, 0.014),
               "Svrljig": (0.97, 0.0, 0.006), "Doljevac": (0.90, 0.0, 0.085),
               "Zaječar": (0.86, 0.0, 0.012), "Knjaževac": (0.94, 0.0, 0.007),
               "Sokobanja": (0.97, 0.0, 0.003), "Boljevac": (0.72, 0.0, 0.02)}
    rows = []
    for m in NAMES:
        for y in CENSUS_YEARS:
            tot = POP2011[m] if y == 2011 else POP2022[m]
            if m in ETH2011:
                g = dict(ETH2011[m])
                if y == 2022:  # illustrative: same shares, Roma share +0.3 points
                    g = {k: round(v / POP2011[m] * tot) for k, v in g.items()}
                    g["Roma"] = round((ETH2011[m]["Roma"] / POP2011[m] + 0.003) * tot)
                g["Vlachs"] = 0
            else:
                s, b, r = ETH_ILL[m]
                f = 1.0 if y == 2011 else 1.0
                g = {"Serbs": round(s * tot), "Bulgarians": round(b * tot),
                     "Roma": round(r * tot * (1.0 if y == 2011 else 1.1) * f),
                     "Vlachs": round(tot * (0.18 if m == "Boljevac" else 0.09 if m == "Zaječar" else 0.0))}
            g["Other"] = tot - sum(g.values())
            for e in ("Serbs", "Bulgarians", "Roma", "Vlachs", "Other"):
                rows.append([y] + head(m) + [e, g[e]])
    write("ethnicity", ["year", "region", "district", "municipality", "ethnicity", "persons"], rows)

    # ---------------- housing (census households and dwellings) ----------------
    rows = []
    for m in NAMES:
        rural = 1 - URBAN_SHARE[m]
        for y in CENSUS_YEARS:
            tot = POP2011[m] if y == 2011 else POP2022[m]
            for st, share in (("urban", URBAN_SHARE[m]), ("other", rural)):
                persons = round(tot * share * 0.995)  # 0.5% in institutions
                size = (2.62 if st == "urban" else 2.78) - (0.12 if y == 2022 else 0.0)
                hh = round(persons / noisy(size, 0.03))
                old = 0.11 if st == "urban" else 0.17
                single_old = round(hh * noisy(old + (0.02 if y == 2022 else 0), 0.1))
                dw = hh - round(hh * 0.015)
                lack = (0.03 if st == "urban" else 0.14) * (0.6 if y == 2022 else 1.0)
                rows.append([y] + head(m) + [
                    st, hh, persons, single_old, dw,
                    round(dw * noisy(lack, 0.2)),
                    round(dw * noisy(lack * 0.45, 0.2)),
                    round(dw * noisy(lack * 2.8 if st == "other" else lack * 1.2, 0.2))])
    write("housing", ["year", "region", "district", "municipality", "settlement",
                      "households", "household_members", "single_elderly_households",
                      "dwellings_occupied", "dwellings_no_bathroom", "dwellings_no_water",
                      "dwellings_no_sewage"], rows)

    # ---------------- nsz (registered unemployed, 31 Dec) ----------------
    # Illustrative. Scale (§3.3): an undated NSZ count gives the district 12,932
    # (Pirot 7,152; Bela Palanka 2,611; Babušnica 1,808; Dimitrovgrad 1,361);
    # Pirot March 2018: 6,275, 3,405 women, 59.2% below level IV.
    U2019 = {"Pirot": 5650, "Babušnica": 1350, "Bela Palanka": 1700, "Dimitrovgrad": 1010,
             "Niš": 22600, "Aleksinac": 5400, "Svrljig": 1350, "Doljevac": 1900,
             "Zaječar": 4700, "Knjaževac": 2100, "Sokobanja": 950, "Boljevac": 1050}
    TREND = {2019: 1.0, 2020: 0.97, 2021: 0.92, 2022: 0.86, 2023: 0.82}
    AGE = [("15-24", 0.11), ("25-29", 0.11), ("30-49", 0.43), ("50-64", 0.35)]
    EDU = [("I-II", 0.33), ("III", 0.26), ("IV", 0.32), ("V-VIII", 0.09)]
    DUR = [("0-11", 0.40), ("12-23", 0.15), ("24+", 0.45)]
    rows = []
    unemp = {}
    for m in NAMES:
        for y in YEARS:
            tot = round(noisy(U2019[m] * TREND[y], 0.02))
            unemp[(m, y)] = tot
            keys, wts = [], []
            for sex, fs in (("M", 0.455), ("F", 0.545)):
                for ag, wa in AGE:
                    for ed, we in EDU:
                        for du, wd in DUR:
                            adj = 1.0
                            if ag == "15-24" and du == "24+":
                                adj = 0.4
                            if ag == "50-64" and du == "24+":
                                adj = 1.5
                            if sex == "F" and ed == "V-VIII":
                                adj *= 1.5
                            keys.append((sex, ag, ed, du))
                            wts.append(fs * wa * we * wd * adj * noisy(1, 0.15))
            for (sex, ag, ed, du), v in zip(keys, apportion(tot, wts)):
                ben = round(v * (0.22 if du == "0-11" else 0.05 if du == "12-23" else 0.0))
                almp = round(v * (0.12 if ag in ("15-24", "25-29") else 0.07))
                rows.append([y] + head(m) + [sex, ag, ed, du, v, ben, almp])
    write("nsz", ["year", "region", "district", "municipality", "sex", "age_group",
                  "education_level", "duration", "unemployed", "benefit_recipients",
                  "almp_participants"], rows)

    # ---------------- employment (registered employed, RZS) ----------------
    EMP_PER_1000 = {"Pirot": 330, "Babušnica": 185, "Bela Palanka": 190, "Dimitrovgrad": 285,
                    "Niš": 390, "Aleksinac": 215, "Svrljig": 200, "Doljevac": 205,
                    "Zaječar": 300, "Knjaževac": 240, "Sokobanja": 255, "Boljevac": 230}
    EGROW = {2019: 1.0, 2020: 1.005, 2021: 1.02, 2022: 1.035, 2023: 1.045}
    rows = []
    employees = {}
    for m in NAMES:
        for y in YEARS:
            tot = round(P(m, y) * EMP_PER_1000[m] / 1000 * EGROW[y] * (P(m, 2019) / P(m, y)) ** 0.6)
            ent = round(tot * 0.17)
            emp = tot - ent
            employees[(m, y)] = emp
            for et, n in (("employee", emp), ("entrepreneur", ent)):
                fm = apportion(n, [0.53, 0.47] if et == "employee" else [0.62, 0.38])
                rows.append([y] + head(m) + ["M", et, fm[0]])
                rows.append([y] + head(m) + ["F", et, fm[1]])
    write("employment", ["year", "region", "district", "municipality", "sex",
                         "employment_type", "employed"], rows)

    # ---------------- wages (average monthly net wage, RSD) ----------------
    # REAL (§3.4): 2020 = June 2020 (Serbia 59,740; Pirot 59,931; Niš 56,537);
    # 2023 = "a recent October", year probably 2023 [U] (Serbia 86,066; Pirot
    # 77,186; Dimitrovgrad 70,851; Babušnica 66,595; Bela Palanka 63,167) and
    # Niš 82,483 ("a recent August" [U]). Other cells illustrative; 2020
    # Babušnica, Bela Palanka, Dimitrovgrad chosen so that the district
    # comes out near its published June 2020 figure of 56,047.
    SERBIA = {2019: 54900, 2020: 59740, 2021: 65900, 2022: 74900, 2023: 86066}
    REL = {"Pirot": 1.0, "Babušnica": 0.78, "Bela Palanka": 0.74, "Dimitrovgrad": 0.83,
           "Niš": 0.95, "Aleksinac": 0.82, "Svrljig": 0.80, "Doljevac": 0.81,
           "Zaječar": 0.90, "Knjaževac": 0.85, "Sokobanja": 0.82, "Boljevac": 0.84}
    REAL_WAGE = {("Pirot", 2020): 59931, ("Niš", 2020): 56537,
                 ("Babušnica", 2020): 44650, ("Bela Palanka", 2020): 43300,
                 ("Dimitrovgrad", 2020): 47700,
                 ("Pirot", 2023): 77186, ("Dimitrovgrad", 2023): 70851,
                 ("Babušnica", 2023): 66595, ("Bela Palanka", 2023): 63167,
                 ("Niš", 2023): 82483}
    rows = []
    for m in NAMES:
        for y in YEARS:
            w = REAL_WAGE.get((m, y)) or round(noisy(SERBIA[y] * REL[m] * (0.92 if m == "Pirot" else 1.0), 0.02))
            rows.append([y] + head(m) + [employees[(m, y)], w, SERBIA[y]])
    write("wages", ["year", "region", "district", "municipality", "employees",
                    "avg_net_wage", "national_avg_net_wage"], rows)

    # ---------------- preschool ----------------
    COV = {"Pirot": (0.30, 0.78), "Babušnica": (0.10, 0.52), "Bela Palanka": (0.12, 0.55),
           "Dimitrovgrad": (0.22, 0.72), "Niš": (0.34, 0.80), "Aleksinac": (0.14, 0.58),
           "Svrljig": (0.10, 0.50), "Doljevac": (0.08, 0.45), "Zaječar": (0.28, 0.74),
           "Knjaževac": (0.18, 0.62), "Sokobanja": (0.16, 0.60), "Boljevac": (0.12, 0.55)}
    rows = []
    for m in NAMES:
        c02, c35 = COV[m]
        for y in YEARS:
            g = 1.0 + 0.02 * (y - 2019)
            if y == 2020:
                g *= 0.93  # pandemic year
            for sex in ("M", "F"):
                rows.append([y] + head(m) + [sex, "nursery", round(P(m, y, sex, 0, 2) * min(0.95, noisy(c02 * g, 0.05)))])
                rows.append([y] + head(m) + [sex, "kindergarten", round(P(m, y, sex, 3, 5) * min(0.98, noisy(c35 * g, 0.05)))])
                rows.append([y] + head(m) + [sex, "ppp", round(P(m, y, sex, 6, 6) * min(1.0, noisy(0.965, 0.025)))])
    write("preschool", ["year", "region", "district", "municipality", "sex",
                        "programme", "children"], rows)

    # ---------------- schools ----------------
    SEC = {"Niš": 1.12, "Pirot": 1.02, "Zaječar": 1.00, "Knjaževac": 0.88,
           "Aleksinac": 0.80, "Dimitrovgrad": 0.82, "Babušnica": 0.62,
           "Bela Palanka": 0.66, "Svrljig": 0.55, "Doljevac": 0.45,
           "Sokobanja": 0.70, "Boljevac": 0.58}
    rows = []
    for m in NAMES:
        for y in YEARS:
            for sex in ("M", "F"):
                p714 = P(m, y, sex, 7, 14)
                of_age = round(p714 * min(1.0, noisy(0.955, 0.02)))
                comp = round(P(m, y, sex, 14, 14) * min(1.0, noisy(0.94 if sex == "F" else 0.92, 0.03)))
                rows.append([y] + head(m) + [sex, "primary", of_age + round(of_age * 0.012), of_age, comp])
                p1518 = P(m, y, sex, 15, 18)
                sof = round(p1518 * noisy(SEC[m] * (0.90 if sex == "M" else 0.93), 0.03))
                scomp = round(P(m, y, sex, 18, 18) * noisy(SEC[m] * 0.85, 0.04))
                rows.append([y] + head(m) + [sex, "secondary", sof + round(sof * 0.03), sof, scomp])
    write("schools", ["year", "region", "district", "municipality", "sex", "level",
                      "pupils", "pupils_of_age", "completers"], rows)

    # ---------------- attainment (census, population 15+) ----------------
    EDU_LEVEL = {"Niš": 1.35, "Pirot": 1.05, "Zaječar": 1.05, "Dimitrovgrad": 1.0,
                 "Knjaževac": 0.9, "Aleksinac": 0.8, "Sokobanja": 0.85,
                 "Babušnica": 0.7, "Bela Palanka": 0.7, "Svrljig": 0.7,
                 "Doljevac": 0.75, "Boljevac": 0.7}
    rows = []
    for m in NAMES:
        e = EDU_LEVEL[m]
        for y in CENSUS_YEARS:
            cells = base[m] if y == 2011 else pop[(m, 2022)]
            imp = 0.0 if y == 2011 else 1.0
            for sex in ("M", "F"):
                for ag, lo, hi in (("15-24", 15, 24), ("25-64", 25, 64), ("65+", 65, MAX_AGE)):
                    n = sum(v for (s_, x, a), v in cells.items() if x == sex and lo <= a <= hi)
                    if ag == "15-24":
                        sh = [0.02, 0.35, 0.56, 0.07 * e]
                    elif ag == "25-64":
                        sh = [0.05 / e, 0.17 / e, 0.60, (0.14 + 0.03 * imp) * e]
                    else:
                        sh = [(0.30 if sex == "F" else 0.15) / e - 0.04 * imp, 0.33, 0.28, 0.07 * e]
                    for at, v in zip(("below_primary", "primary", "secondary", "tertiary"),
                                     apportion(n, [max(0.001, s) for s in sh])):
                        rows.append([y] + head(m) + [sex, ag, at, v])
    write("attainment", ["year", "region", "district", "municipality", "sex",
                         "age_group", "attainment", "persons"], rows)

    # ---------------- budget (local budget execution, RSD) ----------------
    rows = []
    for m in NAMES:
        for y in YEARS:
            tot_pc = noisy(52000 if m in ("Niš", "Pirot", "Zaječar") else 47000, 0.08) * (1 + 0.07 * (y - 2019))
            total = P(m, y) * tot_pc
            edu = total * noisy(0.105, 0.15)
            soc = total * noisy(0.055, 0.25)
            rows.append([y] + head(m) + ["education", round(edu)])
            rows.append([y] + head(m) + ["social_protection", round(soc)])
            rows.append([y] + head(m) + ["other", round(total - edu - soc)])
    write("budget", ["year", "region", "district", "municipality", "function",
                     "expenditure"], rows)

    # ---------------- csr (social work centres; beneficiaries in the year) ----
    # Illustrative. Scale (§3.5): CSR Pirot reported about 1,300 families,
    # about 4,000 persons in NSP, 40% more than a year earlier (year unknown);
    # used here as Pirot 2023 (4,000 persons) and 2022 (about 2,860).
    NSP = {"Pirot": 50, "Babušnica": 60, "Bela Palanka": 75, "Dimitrovgrad": 40,
           "Niš": 38, "Aleksinac": 55, "Svrljig": 60, "Doljevac": 85,
           "Zaječar": 42, "Knjaževac": 45, "Sokobanja": 35, "Boljevac": 50}
    AG = [("0-17", 0, 17), ("18-25", 18, 25), ("26-64", 26, 64), ("65+", 65, MAX_AGE)]
    # programme -> per-person rate in each CSR age group (illustrative)
    PROG = {
        "clients": {"0-17": 0.075, "18-25": 0.045, "26-64": 0.040, "65+": 0.035},
        "nsp": None,
        "child_allowance": {"0-17": 0.19},
        "parental_allowance": None,
        "carer_allowance": {"0-17": 0.004, "18-25": 0.004, "26-64": 0.006, "65+": 0.045},
        "one_off_aid": {"0-17": 0.010, "18-25": 0.008, "26-64": 0.012, "65+": 0.010},
        "foster_care": {"0-17": 0.0045},
        "residential_care": {"0-17": 0.0004, "18-25": 0.0012, "26-64": 0.0010, "65+": 0.0045},
        "home_care": {"65+": 0.030},
        "day_care": {"0-17": 0.0012, "18-25": 0.0015},
        "personal_assistant": {"0-17": 0.0009},
        "domestic_violence": {"0-17": 0.0010, "18-25": 0.0020, "26-64": 0.0022, "65+": 0.0012},
    }
    rows = []
    for m in NAMES:
        for y in YEARS:
            tot = P(m, y)
            nsp_total = round(tot * NSP[m] / 1000 * (1 + 0.03 * (y - 2019)))
            if m == "Pirot" and y == 2023:
                nsp_total = 4000
            if m == "Pirot" and y == 2022:
                nsp_total = 2860
            nsp_cells = apportion(nsp_total, [P(m, y, sex, lo, hi) * (1.4 if ag == "0-17" else 0.7 if ag == "65+" else 1.0)
                                              for sex in ("M", "F") for ag, lo, hi in AG])
            i = 0
            for sex in ("M", "F"):
                for ag, lo, hi in AG:
                    base_p = P(m, y, sex, lo, hi)
                    for prog, rates in PROG.items():
                        if prog == "nsp":
                            v = nsp_cells[i]
                        elif prog == "parental_allowance":
                            if sex != "F" or ag not in ("18-25", "26-64"):
                                continue
                            v = poisson(births[(m, y)] * (0.35 if ag == "18-25" else 0.62))
                        else:
                            if ag not in rates:
                                continue
                            r = rates[ag] * (NSP[m] / 55) ** 0.5
                            if prog == "home_care" and sex == "F":
                                r *= 1.3
                            if prog == "domestic_violence" and sex == "M" and ag != "0-17":
                                r *= 0.3
                            v = poisson(base_p * r)
                        rows.append([y] + head(m) + [sex, ag, prog, v])
                    i += 1
    write("csr", ["year", "region", "district", "municipality", "sex", "age_group",
                  "programme", "beneficiaries"], rows)

    # ---------------- health ----------------
    DOC = {"Niš": 6.2, "Pirot": 2.9, "Zaječar": 3.3, "Knjaževac": 2.4, "Aleksinac": 1.7,
           "Dimitrovgrad": 2.5, "Babušnica": 1.6, "Bela Palanka": 1.6, "Svrljig": 1.5,
           "Doljevac": 1.1, "Sokobanja": 1.9, "Boljevac": 1.5}
    rows = []
    for m in NAMES:
        for y in YEARS:
            tot = P(m, y)
            d = round(tot * noisy(DOC[m], 0.04) / 1000)
            gp = round(tot * noisy(0.52, 0.08) / 1000)
            paed = round(P(m, y, None, 0, 18) * noisy(0.9, 0.12) / 1000)
            gyn = round(P(m, y, "F", 15, MAX_AGE) * noisy(0.18, 0.15) / 1000)
            ins = round(tot * min(0.995, noisy(0.955, 0.02)))
            cohort = P(m, y, None, 1, 1)
            vacc = round(cohort * min(0.99, noisy(0.86 if y in (2020, 2021) else 0.91, 0.05)))
            rows.append([y] + head(m) + [d, gp, paed, gyn, ins, cohort, vacc])
    write("health", ["year", "region", "district", "municipality", "doctors",
                     "gp_doctors", "paediatricians", "gynaecologists", "insured",
                     "mmr_cohort", "mmr_vaccinated"], rows)

    # ---------------- justice (convicted persons) ----------------
    rows = []
    for m in NAMES:
        for y in YEARS:
            tot = P(m, y)
            rows.append([y] + head(m) + ["adult", poisson(tot * noisy(3.9, 0.2) / 1000)])
            rows.append([y] + head(m) + ["juvenile", poisson(tot * noisy(0.16, 0.3) / 1000)])
    write("justice", ["year", "region", "district", "municipality", "offender", "convicted"], rows)

    # ---------------- elections (local assembly elections) ----------------
    rows = []
    for m in NAMES:
        for y in (2020, 2024):
            reg = round(interp(y, POP2011[m], POP2022[m]) * noisy(0.93, 0.03))
            turnout = noisy(0.52 if y == 2020 else 0.57, 0.12)
            rows.append([y] + head(m) + [reg, round(reg * turnout)])
    write("elections", ["year", "region", "district", "municipality",
                        "registered_voters", "votes_cast"], rows)

    # ---------------- deaths by age (ILLUSTRATIVE) ----------------
    # vital.csv's deaths of each municipality, year and sex, split over
    # five-year age bands (age = the band's first year; 85 = 85 and over)
    # in proportion to the band's population times an illustrative
    # Gompertz mortality (higher in the first band and for men). No random
    # number is drawn, so the files above do not change.
    def mortality(age, sex):
        return (0.0008 if age < 5 else 0) + \
            0.00004 * math.exp(0.095 * age) * (1.4 if sex == "M" else 1.0)

    rows = []
    lows = list(range(0, MAX_AGE + 1, 5))
    for m in NAMES:
        for y in YEARS:
            for sex in ("M", "F"):
                w = [P(m, y, sex, lo, min(lo + 4, MAX_AGE)) * mortality(lo + 2, sex)
                     for lo in lows]
                for lo, d in zip(lows, apportion(deaths[(m, y, sex)], w)):
                    rows.append([y] + head(m) + [sex, lo, d])
    write("deaths_age", ["year", "region", "district", "municipality", "sex",
                         "age", "deaths"], rows)


if __name__ == "__main__":
    main()
