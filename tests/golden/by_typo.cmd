by_typo.si people.csv
