basic.si people.csv --format csv --only unemployment_rate --where sex=_T --change --base 2021
