explain unemployment_rate basic.si people.csv --group municipality=Pirot --group sex=M --rows 3
