per_key_arg.si people.csv suppress_pick.csv --format csv
