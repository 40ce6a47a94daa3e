check limits_lex.si
