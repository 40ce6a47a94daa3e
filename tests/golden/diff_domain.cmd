diff domain_decl.si review/domain_new.si
