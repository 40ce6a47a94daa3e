decimal_comma_no_option.si decimal_comma.csv --format csv
