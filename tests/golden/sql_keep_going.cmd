sql flags.si people.csv --dialect sqlite --keep-going
