check check_unknown_period.si people.csv
