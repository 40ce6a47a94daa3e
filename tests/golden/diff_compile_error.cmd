diff review/base.si review/broken.si people.csv
