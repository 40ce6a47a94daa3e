basic.si people.csv --format csv --only unemployment_rat
