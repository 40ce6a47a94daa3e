design_rules.si design_rules.csv --format csv
