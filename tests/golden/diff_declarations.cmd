diff review/decl_old.si review/decl_new.si
