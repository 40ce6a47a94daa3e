multi.si bind/wide.csv --format csv
