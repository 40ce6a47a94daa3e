explain weighted_unemployment weights.si people.csv --group sex=M --rows 3
