check --strict check_strict.si
