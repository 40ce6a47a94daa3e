check err_arity.si 
