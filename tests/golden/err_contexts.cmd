check err_contexts.si 
