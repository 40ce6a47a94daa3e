missing_all.si missing_all.csv --format csv
