doc doc_small.si --format html
