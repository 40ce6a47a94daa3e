decimal_comma.si decimal_comma.csv --decimal , --format csv
