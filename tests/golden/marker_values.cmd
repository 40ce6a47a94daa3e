marker_values.si marker_values.csv --format csv
