check index_errors.si
