labels.si towns.csv --labels --lang sr-Cyrl --format md
