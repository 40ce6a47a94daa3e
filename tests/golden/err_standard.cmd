check err_standard.si
