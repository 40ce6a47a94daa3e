sql overall.si people.csv --dialect postgres
