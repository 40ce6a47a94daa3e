basic.si people.csv --format table --only mean_income --periods 2022
