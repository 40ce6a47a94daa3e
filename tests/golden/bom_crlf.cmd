bom_crlf.si bom_crlf.csv --format csv
