check syntax_clause_typo.si
