doc doc_small.si
