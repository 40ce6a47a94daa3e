sql basic.si --dialect oracle
