multi.si multi/population.csv bind/people_2024.csv --format csv
