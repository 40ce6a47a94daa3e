contract.si contract_bad_income.csv --format csv --lenient
