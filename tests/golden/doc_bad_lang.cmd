doc doc_small.si --lang de
