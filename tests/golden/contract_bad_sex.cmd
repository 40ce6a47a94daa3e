contract.si contract_bad_sex.csv --format csv
