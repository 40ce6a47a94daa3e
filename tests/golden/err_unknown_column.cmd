check err_unknown_column.si people.csv
