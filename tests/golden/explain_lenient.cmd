explain old_share explain_lenient.si explain_lenient.csv --lenient
