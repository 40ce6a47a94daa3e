sql overall.si people.csv --dialect clickhouse
