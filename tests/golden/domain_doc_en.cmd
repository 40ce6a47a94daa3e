doc domain_decl.si
