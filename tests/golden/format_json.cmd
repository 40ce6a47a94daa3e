basic.si people.csv --format json
