contract_int_large.si contract_int_large.csv --format csv
