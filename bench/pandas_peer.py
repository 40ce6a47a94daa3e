#!/usr/bin/python3
"""pandas_peer.py — the bench workload (bench/workload.si) in pandas, as a peer.

    /usr/bin/python3 bench/pandas_peer.py FILE.csv [--single] [-o OUT.csv]

Debian's python3-pandas (`sh tests/install-deps.sh python3-pandas`); run it
with /usr/bin/python3 (a pyenv python3 on PATH has no pandas). Not named
pandas.py: the script's folder comes first on sys.path and would shadow
pandas. Reads the needed columns with explicit dtypes (categories for the
text columns), computes one weighted column per condition, sums them per
finest group (year x municipality x sex) and rolls those up to the other
breakdowns.
Prints the keyed form bench/compare.py reads:
    indicator,year,municipality,sex,numerator,denominator,value
Same definitions as bench/duckdb.mjs: the poverty line is 0.6 x laeken's
weighted median per year (the first income, increasing, whose cumulative
weight exceeds half the total; weights summed in exact integer hundredths).
--single leaves out the poverty rate.
"""
import argparse
import sys

import numpy as np
import pandas as pd

INDICATORS = [
    ("unemployment_rate", "unemp1564", "active1564", 100),
    ("long_term_unemployment_share", "ltu", "unemp", 100),
    ("share_65_plus", "age65", "tot", 100),
    ("old_age_dependency", "age65", "age1564", 100),
    ("social_assistance_share", "sa", "tot", 100),
    ("child_allowance_share", "ca18", "u18", 100),
    ("tertiary_share", "tert2564", "age2564", 100),
    ("roma_share", "roma", "tot", 100),
    ("disability_employment_rate", "dis_emp1564", "dis1564", 100),
    ("mean_income", "s_income", "inc", 1),
    ("rural_share", "rural", "tot", 100),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--single", action="store_true")
    ap.add_argument("-o", dest="out")
    a = ap.parse_args()

    cat = "category"
    df = pd.read_csv(
        a.file, engine="c",
        usecols=["municipality", "year", "sex", "age", "settlement", "roma",
                 "disability", "activity", "long_term_unemployed", "education",
                 "income", "social_assistance", "child_allowance", "weight"],
        dtype={"municipality": cat, "year": np.int16, "sex": cat,
               "age": np.int16, "settlement": cat, "roma": np.int8,
               "disability": np.int8, "activity": cat,
               "long_term_unemployed": np.int8, "education": cat,
               "income": np.float64, "social_assistance": np.int8,
               "child_allowance": np.int8, "weight": np.float64},
        keep_default_na=False, na_values=[""])

    w = df["weight"].to_numpy()
    age = df["age"].to_numpy()
    act = df["activity"]
    unemployed = (act == "unemployed").to_numpy()
    employed = (act == "employed").to_numpy()
    a1564 = (age >= 15) & (age <= 64)
    a2564 = (age >= 25) & (age <= 64)
    income = df["income"].to_numpy()
    has_inc = ~np.isnan(income)
    dis = df["disability"].to_numpy() == 1
    conds = {
        "unemp1564": unemployed & a1564,
        "active1564": (employed | unemployed) & a1564,
        "unemp": unemployed,
        "ltu": unemployed & (df["long_term_unemployed"].to_numpy() == 1),
        "age65": age >= 65,
        "age1564": a1564,
        "sa": df["social_assistance"].to_numpy() == 1,
        "ca18": (df["child_allowance"].to_numpy() == 1) & (age < 18),
        "u18": age < 18,
        "tert2564": (df["education"] == "tertiary").to_numpy() & a2564,
        "age2564": a2564,
        "roma": df["roma"].to_numpy() == 1,
        "dis_emp1564": dis & employed & a1564,
        "dis1564": dis & a1564,
        "inc": has_inc,
        "rural": (df["settlement"] == "rural").to_numpy(),
    }
    indicators = list(INDICATORS)
    if not a.single:
        # laeken's weighted median per year, exact in integer hundredths
        year = df["year"].to_numpy()
        wc = np.rint(w * 100).astype(np.int64)
        line = np.full(len(df), np.nan)
        for y in np.unique(year):
            sel = (year == y) & has_inc
            x, ww = income[sel], wc[sel]
            order = np.argsort(x, kind="stable")
            cw = np.cumsum(ww[order])
            i = np.argmax(2 * cw > cw[-1])
            line[year == y] = 0.6 * x[order][i]
        conds["poor"] = has_inc & (income < line)
        indicators.append(("at_risk_of_poverty_rate", "poor", "inc", 100))

    cols = {"tot": w}
    for k, c in conds.items():
        cols[k] = np.where(c, w, 0.0)
    cols["s_income"] = np.where(has_inc, w * np.nan_to_num(income), 0.0)
    sums = pd.DataFrame(cols)
    sums["year"] = df["year"].to_numpy()
    sums["municipality"] = df["municipality"].astype(str).to_numpy()
    sums["sex"] = df["sex"].astype(str).to_numpy()
    del df
    fine = sums.groupby(["year", "municipality", "sex"], sort=False).sum().reset_index()
    parts = [fine]
    for keys in (["year"], ["year", "municipality"], ["year", "sex"]):
        g = fine.drop(columns=[c for c in ("municipality", "sex") if c not in keys])
        g = g.groupby(keys, sort=False).sum().reset_index()
        for c in ("municipality", "sex"):
            if c not in keys:
                g[c] = "_T"
        parts.append(g)
    g = pd.concat(parts, ignore_index=True)

    out = []
    for name, n, d, scale in indicators:
        num, den = g[n].to_numpy(), g[d].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            val = np.where(den != 0, scale * num / den, np.nan)
        out.append(pd.DataFrame({
            "indicator": name, "year": g["year"], "municipality": g["municipality"],
            "sex": g["sex"], "numerator": num, "denominator": den, "value": val}))
    res = pd.concat(out, ignore_index=True)
    res.to_csv(a.out if a.out else sys.stdout, index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
