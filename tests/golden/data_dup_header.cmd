pop.si data/dup_header.csv
