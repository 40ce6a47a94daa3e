check err_duplicates.si 
