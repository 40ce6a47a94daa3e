check err_row_level.si 
