design_lonely.si design_lonely.csv --format csv
