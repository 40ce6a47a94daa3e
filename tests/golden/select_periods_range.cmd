basic.si people.csv --format csv --only elderly_per_1000 --periods 2021..2021 --where municipality=Niš
