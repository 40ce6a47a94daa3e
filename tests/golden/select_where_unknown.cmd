basic.si people.csv --format csv --where municipality=Pirrot
