delim.si delim_semicolon.csv --format csv
