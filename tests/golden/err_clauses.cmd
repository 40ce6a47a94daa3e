check err_clauses.si 
