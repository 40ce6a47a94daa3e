contract_int_beyond_2_53.si contract_int_beyond_2_53.csv --format csv
