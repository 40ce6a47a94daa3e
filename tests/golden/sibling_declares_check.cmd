check siblings/uses.si
