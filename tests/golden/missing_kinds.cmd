missing_kinds.si missing_kinds.csv --format csv
