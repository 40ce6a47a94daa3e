shared_values.si people.csv --format csv
