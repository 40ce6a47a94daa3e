diff review/base.si review/renamed.si people.csv
