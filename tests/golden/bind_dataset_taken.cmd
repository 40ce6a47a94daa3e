multi.si multi/nsz.csv bind/nsz_copy.csv
