basic.si people.csv --format table
