pop.si data/bad_number.csv
