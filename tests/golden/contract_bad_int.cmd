contract.si contract_bad_int.csv --format csv
