pop.si data/unterminated.csv
