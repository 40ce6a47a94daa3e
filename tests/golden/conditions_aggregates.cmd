conditions_aggregates.si dsr_own_standard.csv --format csv
