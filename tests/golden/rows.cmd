rows.si people.csv --format csv
