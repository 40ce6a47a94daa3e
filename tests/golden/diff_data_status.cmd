diff review/base.si review/thresholds.si people.csv
