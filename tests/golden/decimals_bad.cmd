decimals_bad.si towns.csv
