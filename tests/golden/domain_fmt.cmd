fmt domain_decl.si
