labels.si towns.csv --format csv
