basic.si people.csv --format csv --only elderly_per_1000,income_total --periods last
