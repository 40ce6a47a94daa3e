basic.si people.csv --format csv --only mean_income
