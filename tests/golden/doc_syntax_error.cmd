doc doc_syntax_error.si
