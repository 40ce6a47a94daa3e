explain share_female basic.si people.csv --group municipality=Pirot
