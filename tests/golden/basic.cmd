basic.si people.csv --format csv
