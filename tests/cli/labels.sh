# Sourced by tests/cli/run.sh: --labels, decimals and --excel checked by
# Python's decimal and csv modules (the witnesses), and a spreadsheet
# round trip through LibreOffice when soffice is installed.
# Run alone it would write its files into the current folder.
[ -n "$work" ] || { echo "FAIL $0: sourced by tests/cli/run.sh, not run alone"; exit 2; }
cp "$golden/labels.si" "$golden/towns.csv" .

# decimals: half away from zero on the shortest decimal form of the exact
# value, as Decimal(repr(v)).quantize(..., ROUND_HALF_UP).
"$bin" labels.si towns.csv --format csv >exact.csv 2>/dev/null
"$bin" labels.si towns.csv --format csv --round >rounded.csv 2>/dev/null
why=$(python3 - <<'PY' 2>&1
import csv
from decimal import Decimal, ROUND_HALF_UP
places = {"ljudi_share": 1, "pay": 2}
exact = list(csv.DictReader(open("exact.csv")))
rounded = list(csv.DictReader(open("rounded.csv")))
bad = []
for e, r in zip(exact, rounded):
    p = places.get(e["indicator"])
    want = e["value"] if p is None else str(
        Decimal(repr(float(e["value"]))).quantize(Decimal(1).scaleb(-p),
                                                  rounding=ROUND_HALF_UP))
    if r["value"] != want:
        bad.append((e["indicator"], e["town"], e["value"], r["value"], want))
print(bad or "", end="")
PY
)
check "--round: decimals as Python's decimal ROUND_HALF_UP" [ -z "$why" ]
why=$(grep -c '^pay,2022,-Bela,,,-1.01,' rounded.csv; grep -c ',-1.005,' exact.csv)
check "--round: -1.005 to -1.01 (away from zero), plain CSV exact" \
    [ "$why" = "1
1" ]

# --excel: BOM, ';', decimal comma, CRLF, formula prefixes; read back by
# Python's csv module with the same numbers as the rounded CSV.
"$bin" labels.si towns.csv --excel -o sheet.csv 2>/dev/null
why=$(python3 - <<'PY' 2>&1
import csv
raw = open("sheet.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert raw.count(b"\r\n") == raw.count(b"\n") == 10, "not CRLF"
rows = list(csv.DictReader(open("sheet.csv", encoding="utf-8-sig", newline=""),
                           delimiter=";"))
rounded = list(csv.DictReader(open("rounded.csv")))
assert len(rows) == len(rounded) == 9, len(rows)
for x, r in zip(rows, rounded):
    v = x["value"].replace(",", ".")
    if r["indicator"] != "births_per_1000":
        assert v == r["value"], (x, r)
    assert x["town"] == ("'" + r["town"] if r["town"][0] in "-@" else r["town"]), x
    assert not x["title"].startswith("="), x
assert rows[4]["title"] == "'=Pay, net", rows[4]
assert rows[8]["value"] == "277,78" and rows[8]["unit_label"] == "per 1,000"
PY
)
check "--excel: BOM, ';', CRLF, decimal comma, ' before =, -, @ (Python csv)" \
    [ -z "$why" ]
run labels.si towns.csv --excel --format json
why="status $st"
check "--excel with --format json: usage error" [ $st -eq 2 ]
run labels.si towns.csv --lang de --labels
why="status $st"
check "--lang de: usage error" sh -c "[ $st -eq 2 ] && grep -q 'en, sr or sr-Cyrl' err.txt"

# The round trip: LibreOffice opens the file as a spreadsheet (';',
# UTF-8) and writes it back; the numbers are numbers and the texts stay.
if command -v soffice >/dev/null 2>&1; then
    mkdir -p lo && HOME=$PWD/lo timeout 120 soffice --headless \
        --infilter=CSV:59,34,76,1,,1050 \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' \
        --outdir lo sheet.csv >/dev/null 2>&1
    why=$(python3 - <<'PY' 2>&1
import csv
rows = list(csv.DictReader(open("lo/sheet.csv", encoding="utf-8-sig")))
assert len(rows) == 9, rows
assert [r["value"] for r in rows] == ["27.8", "42.9", "33.3", "12.5", "3.62",
    "-1.01", "10.13", "2.67", "277.78"], [r["value"] for r in rows]
assert rows[1]["town"] in ("-Bela", "'-Bela"), rows[1]
assert rows[4]["title"] in ("=Pay, net", "'=Pay, net"), rows[4]
PY
)
    check "--excel: LibreOffice round trip keeps numbers and texts" [ -z "$why" ]
fi
