diff doc_fn_default.si review/fn_default.si
