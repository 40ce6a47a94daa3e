labels.si towns.csv --labels --lang sr --round --format json
