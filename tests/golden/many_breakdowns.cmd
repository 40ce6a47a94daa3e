many_breakdowns.si many_breakdowns.csv --format csv
