basic.si people.csv --format csv --where municipalty=Pirot
