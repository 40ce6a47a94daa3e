explain mean_income basic.si people.csv --group age=30
