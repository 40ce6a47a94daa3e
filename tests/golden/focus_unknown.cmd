geo.si geo.csv --focus Adda
