check check_strict.si
