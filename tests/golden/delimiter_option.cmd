delimiter_option.si delimiter_option.csv --delimiter ';' --format csv
