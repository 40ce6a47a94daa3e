dsr_own_standard.si dsr_own_standard.csv --format csv
