overall.si people.csv --format csv
