contract.si contract_bad_flag.csv --format csv
