geo.si geo.csv --focus Ada --peers --only unemployment,wage --where sex=_T --periods last --format table
