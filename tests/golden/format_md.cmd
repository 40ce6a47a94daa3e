basic.si people.csv --format md
