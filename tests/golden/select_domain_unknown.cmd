basic.si people.csv --format csv --only domain:employmnt
