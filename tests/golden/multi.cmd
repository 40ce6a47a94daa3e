multi.si multi/population.csv multi/nsz.csv --format csv
