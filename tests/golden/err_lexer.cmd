check err_lexer.si 
