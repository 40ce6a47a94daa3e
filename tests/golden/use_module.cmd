use_module.si people.csv --format csv
