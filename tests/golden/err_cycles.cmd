check err_cycles.si 
