suppress_pick.si suppress_pick.csv --format csv
