design_se.si design.csv --format csv
