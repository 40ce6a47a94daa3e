stats_ci.si people.csv --format csv
