design_missing.si design_missing.csv --format csv
