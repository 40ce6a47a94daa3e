explain weighted_median_income weights.si people.csv --rows 2
