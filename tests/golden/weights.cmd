weights.si people.csv --format csv
