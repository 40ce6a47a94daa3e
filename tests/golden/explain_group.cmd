explain unemployment_rate basic.si people.csv --group sex=F --period 2021
