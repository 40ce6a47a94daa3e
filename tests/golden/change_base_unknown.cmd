basic.si people.csv --format csv --change --base 2011
