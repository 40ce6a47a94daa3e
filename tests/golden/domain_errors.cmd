check domain_errors.si people.csv
