explain unemployment_rate basic.si people.csv --group municipality=Pirt
