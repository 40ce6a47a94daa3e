#!/usr/bin/env python3
"""Differential test of `sicalc sql` against the native engine.

Usage: differential.py --engine sqlite|postgres|duckdb SICALC CASE...
  CASE is NAME=A.si,B.si:DATA.csv,DATA2.csv[:OPTIONS] (a .si list, a
  data list, options of the native run such as "--decimal ,").

For each case: the native rows (`sicalc FILES DATA --format csv`); the
tables (`sicalc sql --schema`) loaded with the data ("" and NA as NULL);
the script (`sicalc sql --keep-going`) run by the engine. Every row of
every compiled indicator must come back with the same key (indicator,
period, dimensions) in the same order, numbers equal to 1e-9 relative,
unit, status, n and flags equal. Prints 'ok'/'FAIL' lines with the
indicators compiled and left out and the rows compared, then
'N passed, N failed'; exits 1 on a failure.
"""
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
passed = failed = 0


def report(ok, msg):
    global passed, failed
    if ok:
        passed += 1
        print("ok " + msg)
    else:
        failed += 1
        print(("FAIL " + msg)[:3000])


def sicalc(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, timeout=600)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


# ---- loading -------------------------------------------------------------

TABLE_RE = re.compile(r'^CREATE TABLE "?([^" (]+)"? \(')
COL_RE = re.compile(r'^  "([^"]+)" ([A-Za-z0-9() ]+?)( CHECK| /\*|,|$)')
NUMERIC = ("INTEGER", "REAL", "BIGINT", "DOUBLE", "DOUBLE PRECISION",
           "Int64", "Float64", "Nullable(Int64)", "Nullable(Float64)")


def parse_schema(text):
    """{table: [(column, type)]} from `sicalc sql --schema`."""
    tables, cur = {}, None
    for line in text.splitlines():
        m = TABLE_RE.match(line)
        if m:
            cur = tables.setdefault(m.group(1), [])
            continue
        m = COL_RE.match(line)
        if cur is not None and m:
            miss = re.search(r"/\* missing: (.*) \*/", line)
            marks = set(re.findall(r"'((?:[^']|'')*)'", miss.group(1))) if miss else set()
            cur.append((m.group(1), m.group(2).strip(), marks))
    return tables


def literal(engine, value, typ, marks):
    if value in ("", "NA") or value in marks:
        return "NULL"
    if typ in NUMERIC and not (engine == "sqlite" and value.lower() in
                               ("true", "false", "yes", "no")):
        float(value)  # a bad number is a bad test case
        return value
    if typ in ("BOOLEAN", "Bool", "Nullable(Bool)") or (engine == "sqlite" and typ == "INTEGER"):
        low = value.lower()
        if low in ("true", "yes", "1"):
            return "1" if engine == "sqlite" else "TRUE"
        if low in ("false", "no", "0"):
            return "0" if engine == "sqlite" else "FALSE"
    q = value.replace("'", "''")
    if engine == "clickhouse":
        q = q.replace("\\", "\\\\")
    return "'" + q + "'"


def number(value, typ, decimal):
    """A decimal comma read as the native engine reads it (--decimal ,)."""
    if decimal != "." and typ in NUMERIC and value:
        return value.replace(decimal, ".")
    return value


def load_script(engine, schema, tables, data, decimal="."):
    """The schema and INSERTs of every data file whose stem is a table."""
    out = [schema]
    for path in data:
        stem = os.path.splitext(os.path.basename(path))[0]
        if stem not in tables:
            if len(tables) == 1 and len(data) == 1:
                stem = next(iter(tables))
            else:
                continue
        cols = tables[stem]
        with open(path, newline="", encoding="utf-8-sig") as f:
            head = f.readline()
            f.seek(0)
            if f.read(1) != "\ufeff":
                f.seek(0)
            delim = max(",;\t|", key=head.count)
            rows = list(csv.DictReader(f, delimiter=delim))
        names = ", ".join('"%s"' % c for c, _, _ in cols)
        for i in range(0, len(rows), 500):
            values = ",\n".join(
                "(" + ", ".join(literal(engine, number(r.get(c, ""), t, decimal), t, m)
                                for c, t, m in cols) + ")"
                for r in rows[i:i + 500])
            out.append('INSERT INTO "%s" (%s) VALUES\n%s;' % (stem, names, values))
    return "\n".join(out) + "\n"


# ---- engines ---------------------------------------------------------------

def run_sqlite(load, query, tmp):
    import sqlite3
    con = sqlite3.connect(":memory:")
    con.executescript(load)
    cur = con.execute(query)
    header = [d[0] for d in cur.description]
    return header, [list(r) for r in cur.fetchall()]


def run_postgres(load, query, tmp):
    path = os.path.join(tmp, "script.sql")
    with open(path, "w") as f:
        # One schema per case: the cases share the throw-away cluster.
        f.write("SET client_min_messages = warning;\n"
                "DROP SCHEMA IF EXISTS sicalc_case CASCADE;\n"
                "CREATE SCHEMA sicalc_case;\nSET search_path TO sicalc_case;\n"
                + load + query)
    p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv",
                        "-f", path], capture_output=True, timeout=900)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode()[:2000])
    rows = list(csv.reader(io.StringIO(p.stdout.decode())))
    return rows[0], rows[1:]


def run_node(script, load, query, tmp):
    lp, qp = os.path.join(tmp, "load.sql"), os.path.join(tmp, "query.sql")
    with open(lp, "w") as f:
        f.write(load)
    with open(qp, "w") as f:
        f.write(query)
    p = subprocess.run(["node", os.path.join(HERE, script), lp, qp],
                       capture_output=True, timeout=900)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode()[:2000])
    res = json.loads(p.stdout.decode())
    return res["columns"], res["rows"]


ENGINES = {
    "sqlite": run_sqlite,
    "postgres": run_postgres,
    "duckdb": lambda l, q, t: run_node("duckdb.mjs", l, q, t),
    "clickhouse": lambda l, q, t: run_node("chdb.mjs", l, q, t),
}

# ---- comparing -------------------------------------------------------------


def text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def same_number(a, b):
    if a == "" or b == "":
        return a == b
    x, y = float(a), float(b)
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


NUMBER_COLS = ("numerator", "denominator", "value", "ci_low", "ci_high")


def compare(native_csv, header, rows, keep):
    """(rows compared, first difference or None)."""
    nat = list(csv.reader(io.StringIO(native_csv)))
    nhead, nrows = nat[0], [r for r in nat[1:] if r and r[0] in keep]
    if "rank" in nhead and "rank" not in header:
        # Only an index's rows have a rank, and indices are left out.
        k = nhead.index("rank")
        if any(r[k] for r in nrows):
            return 0, "an indicator row has a rank"
        nhead = nhead[:k] + nhead[k + 1:]
        nrows = [r[:k] + r[k + 1:] for r in nrows]
    if header != nhead:
        return 0, "columns differ: native %s, SQL %s" % (nhead, header)
    got = [[text(v) for v in r] for r in rows]
    keycols = [i for i, h in enumerate(nhead)
               if h not in NUMBER_COLS + ("unit", "status", "n", "flags")]
    if len(got) != len(nrows):
        nk = {tuple(r[i] for i in keycols) for r in nrows}
        gk = {tuple(r[i] for i in keycols) for r in got}
        return 0, "%d native rows, %d SQL rows; only native: %s; only SQL: %s" % (
            len(nrows), len(got), sorted(nk - gk)[:3], sorted(gk - nk)[:3])
    for n, g in zip(nrows, got):
        for i, h in enumerate(nhead):
            ok = same_number(n[i], g[i]) if h in NUMBER_COLS else n[i] == g[i]
            if h == "n" and not ok and n[i] and g[i]:
                ok = float(n[i]) == float(g[i])
            if not ok:
                return 0, "row %s: %s native %r, SQL %r" % (
                    [n[k] for k in keycols], h, n[i], g[i])
    return len(nrows), None


def run_case(engine, binary, name, sis, data, opts, tmp):
    rc, native, err = sicalc(binary, sis + data + opts + ["--format", "csv"])
    if rc != 0:
        report(False, "%s %s: native run failed: %s" % (engine, name, err[:500]))
        return 0
    rc, schema, err = sicalc(binary, ["sql", "--schema", "--dialect", engine]
                             + sis + data + opts)
    if rc != 0:
        report(False, "%s %s: --schema failed: %s" % (engine, name, err[:500]))
        return 0
    rc, query, err = sicalc(binary, ["sql", "--keep-going", "--dialect", engine]
                            + sis + data + opts)
    if rc != 0:
        report(False, "%s %s: sql failed: %s" % (engine, name, err[:800]))
        return 0
    left = sorted(set(re.findall(r"indicator '([^']+)' left out", err)))
    keep = set(re.findall(r"^-- indicator (\S+) ", query, re.M))
    try:
        header, rows = ENGINES[engine](
            load_script(engine, schema, parse_schema(schema), data,
                        "," if "--decimal" in opts else "."), query, tmp)
    except Exception as e:  # the engine refused the script
        report(False, "%s %s: the engine failed: %s" % (engine, name, e))
        return 0
    n, diff = compare(native, header, rows, keep)
    msg = "%s %s: %d indicators compiled, %d rows compared; left out (%d): %s" % (
        engine, name, len(keep), n, len(left), ", ".join(left) or "none")
    report(diff is None, msg if diff is None else msg + "; " + diff)
    return n


def main():
    args = sys.argv[1:]
    if len(args) < 4 or args[0] != "--engine":
        sys.exit(__doc__)
    engine, binary, cases = args[1], os.path.abspath(args[2]), args[3:]
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for spec in cases:
            name, rest = spec.split("=", 1)
            sis, data, opts = (rest.split(":", 2) + [""])[:3]
            total += run_case(engine, binary, name, sis.split(","),
                              [d for d in data.split(",") if d], opts.split(), tmp)
    print("%s: %d rows compared" % (engine, total))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
