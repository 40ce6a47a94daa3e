sql sql_refuse_stats.si design.csv --dialect postgres
