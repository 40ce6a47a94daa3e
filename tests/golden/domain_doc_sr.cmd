doc domain_decl.si --lang sr
