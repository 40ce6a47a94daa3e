pop.si data/no_such_file.csv
