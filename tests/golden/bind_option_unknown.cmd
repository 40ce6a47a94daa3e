multi.si multi/population.csv --dataset nzs=bind/nsz_2024.csv
