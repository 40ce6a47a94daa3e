diff review/v1 review/v2 people.csv --format md
