siblings/uses.si people.csv
