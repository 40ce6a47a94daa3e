explain mean_income basic.si people.csv --group municipality=Pirot
