check err_multi_breakdown.si multi/population.csv multi/nsz.csv
