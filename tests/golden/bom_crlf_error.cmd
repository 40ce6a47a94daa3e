bom_crlf.si bom_crlf_error.csv --format csv
