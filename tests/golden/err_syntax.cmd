check err_syntax.si 
