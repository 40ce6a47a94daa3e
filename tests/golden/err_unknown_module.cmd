check err_unknown_module.si 
