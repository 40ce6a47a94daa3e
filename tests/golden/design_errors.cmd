design_errors.si design.csv plain.csv --format csv
