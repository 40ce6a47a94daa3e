basic.si people.csv --format csv --only domain:employment --where municipality=Pirot,_T --where sex=_T
