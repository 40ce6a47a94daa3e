check basic.si people.csv
