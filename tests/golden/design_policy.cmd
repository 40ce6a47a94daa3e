design_policy.si design.csv --format csv
