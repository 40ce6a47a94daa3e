check period_option.si people.csv --period godina
