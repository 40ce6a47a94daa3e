sql --schema contract.si --dialect postgres
