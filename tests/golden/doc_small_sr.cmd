doc doc_small.si --lang sr
