check codelist_syntax.si
