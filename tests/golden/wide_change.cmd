basic.si people.csv --format csv --only mean_income,elderly_per_1000 --change --wide
