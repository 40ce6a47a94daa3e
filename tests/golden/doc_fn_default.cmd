doc doc_fn_default.si
