labels.si towns.csv --labels --format csv
