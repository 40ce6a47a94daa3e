check err_nested_aggregate.si 
