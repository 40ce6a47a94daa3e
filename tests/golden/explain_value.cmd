explain mean_income basic.si people.csv --group sex=F --rows 3
