keep_going.si people.csv --keep-going --format csv
