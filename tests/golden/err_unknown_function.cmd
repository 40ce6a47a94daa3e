check err_unknown_function.si 
