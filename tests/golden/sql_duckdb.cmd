sql overall.si people.csv --dialect duckdb
