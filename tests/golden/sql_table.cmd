sql --table people=staging.people_2024 basic.si people.csv --dialect postgres
