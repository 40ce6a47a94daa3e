check hier_errors.si
