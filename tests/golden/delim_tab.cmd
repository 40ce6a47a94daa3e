delim.si delim_tab.csv --format csv
