multi.si bind/nsz_2024.csv multi/population.csv --format csv
