flags.si people.csv --format csv
