design_fpc.si design_fpc.csv --format csv
