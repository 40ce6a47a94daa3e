check err_text_arithmetic.si 
