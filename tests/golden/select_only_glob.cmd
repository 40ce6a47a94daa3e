basic.si people.csv --format csv --only 'unemploy*,income_total' --periods 2022
