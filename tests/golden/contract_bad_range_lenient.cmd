contract.si contract_bad_range.csv --format csv --lenient
