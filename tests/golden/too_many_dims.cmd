too_many_dims.si too_many_dims.csv --format csv
