diff review/base.si review/let.si people.csv
