diff review/base.si review/numerator.si people.csv --format md
