geo.si geo.csv --focus Ada --only wage --periods 2023 --labels --lang sr --format md
