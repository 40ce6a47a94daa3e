sql --schema contract.si --dialect clickhouse
