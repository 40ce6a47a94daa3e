period_option.si people.csv --period year --format csv
