check check_undeclared.si
