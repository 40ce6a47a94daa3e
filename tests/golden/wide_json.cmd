basic.si people.csv --format json --only mean_income --change --wide
