contract.si contract_ok.csv --format csv
