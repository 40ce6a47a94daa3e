# Sourced by tests/cli/run.sh: the hierarchy (--focus, --peers, levels,
# ranks, partial, --all-levels, --reference, codelist labels). Every
# figure is computed again by Python from geo.csv and the codelist read
# out of geo.si (the witnesses); sicalc's CSV and JSON are only read.
# Run alone it would write its files into the current folder.
[ -n "$work" ] || { echo "FAIL $0: sourced by tests/cli/run.sh, not run alone"; exit 2; }
cp "$golden/geo.si" "$golden/geo.csv" .
repo=$(cd "$golden/../.." && pwd)

# The witness: levels, rows kept, coverage and ranks, from the raw data.
cat > geo_witness.py <<'PY'
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
PY

# 1. --focus Ada: the country, North, Hill and Ada, each with its level;
# nothing of Lake, South, Valley or the other municipalities.
run geo.si geo.csv --focus Ada --only unemployment --where sex=_T --format csv
why=$(python3 - <<'PY' 2>&1
import csv
exec(open("geo_witness.py").read())
rows = list(csv.DictReader(open("out.txt")))
got = sorted((r["year"], r["level"], r["area"]) for r in rows)
want = sorted((y, l, a) for y in ("2022", "2023") for (l, a) in
              [("country", "_T"), ("municipality", "Ada")] + ancestors("municipality", "Ada"))
assert got == want, (got, want)
PY
)
check "--focus Ada: the total, its region, its district and Ada, with levels" \
    sh -c "[ $st -eq 0 ] && [ -z \"\$1\" ]" - "$why"

# 2. --peers: every municipality, ranked within year and sex by the
# exact rates (ties share a rank; suppressed rows have none and do not
# count), also when --where hides some of them (ranks are computed before
# the selection). Which cells are suppressed (the primary ones, active <
# 10, and their complements) is read from the output's flags; the primary
# ones are checked to be among them.
run geo.si geo.csv --focus Ada --peers --only unemployment --format csv
cp out.txt peers.csv
run geo.si geo.csv --focus Ada --peers --only unemployment --where sex=F --format csv
cp out.txt peers_f.csv
why=$(python3 - <<'PY' 2>&1
import csv
exec(open("geo_witness.py").read())
cells = rate_cells(data())
def check(path, sexes):
    rows = [r for r in csv.DictReader(open(path)) if r["level"] == "municipality"]
    assert rows, path
    hidden = {(r["year"], r["sex"], r["area"]) for r in rows if "suppressed" in r["flags"]}
    primary = {k for k, v in cells.items() if v is None and k[2] != "_T" and k[1] in sexes}
    assert primary <= hidden and primary, (primary, hidden)
    n = 0
    for year in ("2022", "2023"):
        for sex in sexes:
            vals = {m: (None if (y, s, m) in hidden else v)
                    for (y, s, m), v in cells.items() if y == year and s == sex}
            want = ranks(vals, "lower")
            for r in rows:
                if r["year"] == year and r["sex"] == sex:
                    w = want[r["area"]]
                    assert r["rank"] == ("" if w is None else str(w)), (path, year, sex, r["area"], r["rank"], w)
                    n += 1
    assert n == len(rows), (n, len(rows))
check("peers.csv", ("_T", "M", "F"))
check("peers_f.csv", ("F",))
PY
)
check "--peers: ranks as computed from geo.csv (ties, suppressed rows, --where)" [ -z "$why" ]

# 3. better higher (wage) ranks the other way; no `better` (active_people):
# no rank.
run geo.si geo.csv --focus Nis --peers --only wage,active_people --format csv
why=$(python3 - <<'PY' 2>&1
import csv
exec(open("geo_witness.py").read())
rows = [r for r in csv.DictReader(open("out.txt")) if r["level"] == "municipality"]
for year in ("2022", "2023"):
    acc = {}
    for r in data():
        if r["year"] == year:
            acc.setdefault(r["municipality"], []).append(Fraction(r["wage"]))
    want = ranks({m: sum(v) / len(v) for m, v in acc.items()}, "higher")
    for r in rows:
        if r["year"] == year and r["indicator"] == "wage":
            assert r["rank"] == str(want[r["area"]]), (r, want)
assert all(r["rank"] == "" for r in rows if r["indicator"] == "active_people")
assert any(r["indicator"] == "active_people" for r in rows)
PY
)
check "--peers: better higher ranks the highest first; no better, no rank" [ -z "$why" ]

# 4. Coverage: geo.csv has no Ljig; a subset without Cer and Ub makes
# Hill and Valley partial too. n_members and n_present as counted in
# the codelist and the subset.
python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("geo.csv")))
w = csv.DictWriter(open("subset.csv", "w", newline=""), fieldnames=rows[0].keys(), lineterminator="\n")
w.writeheader()
w.writerows(r for r in rows if r["municipality"] not in ("Cer", "Ub"))
PY
run geo.si subset.csv --only active_people --format json --all-levels
why=$(python3 - <<'PY' 2>&1
import json
exec(open("geo_witness.py").read())
present = {r["municipality"] for r in data("subset.csv")}
rows = json.load(open("out.txt"))["rows"]
seen = 0
for r in rows:
    level = "region" if r["region"] != "_T" else "district" if r["district"] != "_T" else \
            "municipality" if r["municipality"] != "_T" else None
    if level == "municipality":
        assert r["n_members"] is None, r
        continue
    code = r[level] if level else None
    m = members(level, code)
    p = [x for x in m if x in present]
    assert (r["n_members"], r["n_present"]) == (len(m), len(p)), (r, len(m), len(p))
    assert ("partial" in r["flags"]) == (len(p) < len(m)), r
    seen += 1
assert seen == 2 * (1 + 2 + 3), seen  # years x (total, regions, districts)
PY
)
check "partial: n_members and n_present from the codelist (JSON)" [ -z "$why" ]

# 5. One region loaded: its rows equal the total and are left out, unless
# --all-levels; the district rows stay (Hill and Lake differ from it).
grep -v ',South,' geo.csv >north.csv
run geo.si north.csv --only active_people --format csv
cp out.txt north_default.csv
run geo.si north.csv --only active_people --format csv --all-levels
why=$(python3 - <<'PY' 2>&1
import csv
a = list(csv.DictReader(open("north_default.csv")))
b = list(csv.DictReader(open("out.txt")))
assert not [r for r in a if r.get("region", "_T") != "_T"], "region rows kept"
regs = [r for r in b if r["region"] != "_T"]
assert len(regs) == 2, regs
for r in regs:
    t = [x for x in b if x["year"] == r["year"] and x["region"] == x["district"] == x["municipality"] == "_T"]
    assert t[0]["value"] == r["value"] and t[0]["n"] == r["n"], (r, t)
assert len([r for r in a if r["district"] != "_T"]) == 4
assert len(b) == len(a) + 2
PY
)
check "one region loaded: no region rows, --all-levels brings them back" [ -z "$why" ]

# 6. --reference: each value beside the computed rows of its indicator
# and period, flag reference, its source; a bad level names the line.
cat > ref.csv <<'CSV'
indicator,period,level,area,value,source
wage,2023,country,Land,512.5,"Office, table 1"
unemployment,2022,district,Hill,16,Office
CSV
run geo.si geo.csv --focus Ada --reference ref.csv --format csv
why=$(python3 - <<'PY' 2>&1
import csv
rows = list(csv.DictReader(open("out.txt")))
ref = [r for r in rows if r["flags"] == "reference"]
assert [(r["indicator"], r["year"], r["level"], r["area"], r["value"], r["source"]) for r in ref] == [
    ("unemployment", "2022", "district", "Hill", "16", "Office"),
    ("wage", "2023", "country", "_T", "512.5", "Office, table 1")], ref
i = rows.index(ref[1])
assert rows[i - 1]["indicator"] == "wage" and rows[i - 1]["level"] == "country" and rows[i - 1]["flags"] != "reference", rows[i - 1]
assert all(r["source"] == "" for r in rows if r["flags"] != "reference")
PY
)
check "--reference: rows flagged reference with their source" [ -z "$why" ]
printf 'indicator,period,level,area,value,source\nwage,2023,distrct,Hill,1,x\n' >badref.csv
run geo.si geo.csv --reference badref.csv
why=$(cat err.txt)
check "--reference: an unknown level names file, line, value and the closest" \
    sh -c "[ $st -eq 1 ] && grep -q \"badref.csv:2: error: column 'level' (field 3): 'distrct' unknown level; did you mean 'district'?\" err.txt"

# 7. Codelist names as dimension labels: --lang en the English title,
# sr the Serbian, sr-Cyrl transliterated (lj, š as single letters).
run geo.si geo.csv --focus Ljig --only wage --format csv
why=$(cat out.txt err.txt)
check "--focus Ljig (in the codelist, no data): a warning, the units above" \
    sh -c "[ $st -eq 0 ] && grep -q \"warning: --focus: no rows for municipality 'Ljig'\" err.txt && grep -q '^wage,2023,Lake,district,' out.txt"
run geo.si geo.csv --focus Nis --only wage --periods 2023 --labels --lang sr-Cyrl --format csv
why=$(cut -d, -f3 out.txt | tr '\n' ' ')
check "--labels --lang sr-Cyrl: area Ниш, Долински округ, Југ" \
    sh -c "grep -q ',Ниш,' out.txt && grep -q ',Долински округ,' out.txt && grep -q ',Југ,' out.txt"
run geo.si geo.csv --only wage --periods 2023 --labels --lang en --format csv
why=$(cat out.txt)
check "--labels --lang en: district and region columns show English titles" \
    sh -c "grep -q ',Hill District,' out.txt && grep -q ',The North,' out.txt"

# 8. Unknown focus: did-you-mean, usage exit status.
run geo.si geo.csv --focus Adda
why=$(cat err.txt)
check "--focus Adda: unknown, did you mean 'Ada', exit 2" \
    sh -c "[ $st -eq 2 ] && grep -q \"unknown unit 'Adda'; did you mean 'Ada'?\" err.txt"
run geo.si geo.csv --peers
why=$(cat err.txt)
check "--peers without --focus: usage error" sh -c "[ $st -eq 2 ] && grep -q 'needs --focus' err.txt"
run basic.si people.csv --focus Pirot
why=$(cat err.txt)
check "--focus without a hierarchy: usage error naming the declaration" \
    sh -c "[ $st -eq 2 ] && grep -q 'declares no hierarchy' err.txt"

# 9. --excel with --focus: the csv module reads the same numbers as the
# rounded plain CSV.
run geo.si geo.csv --focus Ada --peers --only unemployment --round --labels --format csv
cp out.txt rounded.csv
run geo.si geo.csv --focus Ada --peers --only unemployment --excel -o focus_sheet.csv
why=$(python3 - <<'PY' 2>&1
import csv
a = list(csv.DictReader(open("rounded.csv")))
b = list(csv.DictReader(open("focus_sheet.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
assert len(a) == len(b) and a, (len(a), len(b))
for x, y in zip(a, b):
    assert (x["value"] == y["value"] == "") or abs(float(x["value"]) - float(y["value"].replace(",", "."))) <= 0.005, (x, y)
    assert (x["level"], x["rank"], x["area"]) == (y["level"], y["rank"], y["area"]), (x, y)
PY
)
check "--excel --focus: the csv module reads the rounded values, levels, ranks" [ -z "$why" ]

# 10. The README's question over the real catalogue: a short table, and
# Pirot's rank the one its rate has among the municipalities of the
# unfocused output (computed by Python from sicalc's plain CSV).
if [ -d "$repo/examples/pirot/data" ]; then
    run "$repo"/indicators/*.si "$repo"/examples/pirot/data/*.csv --focus Pirot \
        --peers --only registered_unemployment_rate --periods last --labels --lang sr --format table
    why="$(wc -l <out.txt) lines, $(awk '{ if (length($0) > m) m = length($0) } END { print m }' out.txt) wide"
    check "README's question: at most 50 lines, at most 120 characters wide" \
        sh -c "[ $st -eq 0 ] && [ \$(wc -l <out.txt) -le 50 ] && [ \$(awk '{ if (length(\$0) > m) m = length(\$0) } END { print m }' out.txt) -le 120 ]"
    run "$repo"/indicators/*.si "$repo"/examples/pirot/data/*.csv --focus Pirot \
        --peers --only registered_unemployment_rate --periods last --format csv
    cp out.txt pirot_focus.csv
    run "$repo"/indicators/*.si "$repo"/examples/pirot/data/*.csv \
        --only registered_unemployment_rate --periods last --format csv
    why=$(python3 - <<'PY' 2>&1
import csv
full = [r for r in csv.DictReader(open("out.txt")) if r["municipality"] not in ("_T",)]
focus = list(csv.DictReader(open("pirot_focus.csv")))
for r in focus:
    if r["level"] != "municipality":
        continue
    peers = [float(x["value"]) for x in full if x["sex"] == r["sex"] and x["value"]]
    want = 1 + sum(1 for v in peers if v < float(r["value"]))
    assert r["rank"] == str(want), (r["area"], r["sex"], r["rank"], want)
assert [r["level"] for r in focus if r["sex"] == "_T"][:2] == ["country", "district"], focus[:2]
PY
)
    check "README's question: Pirot's rank among the municipalities" [ -z "$why" ]
fi
