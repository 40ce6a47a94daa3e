diff review/base.si review/layout.si people.csv
