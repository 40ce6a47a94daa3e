labels.si towns.csv --format table
