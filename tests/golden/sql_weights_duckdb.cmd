sql weights.si people.csv --dialect duckdb
