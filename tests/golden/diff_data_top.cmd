diff review/base.si review/numerator.si people.csv --top 1
