sql overall.si people.csv --dialect sqlite
