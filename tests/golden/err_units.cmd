check err_units.si 
