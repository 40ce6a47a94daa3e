pop.si data/ragged.csv
