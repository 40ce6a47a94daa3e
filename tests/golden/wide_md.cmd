basic.si people.csv --format md --only income_total,mean_income --wide --where sex=_T
