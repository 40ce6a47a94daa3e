multi.si multi/population.csv --dataset=nsz=bind/nsz_2024.csv --format csv
