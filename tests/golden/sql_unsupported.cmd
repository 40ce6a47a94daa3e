sql flags.si people.csv --dialect duckdb
