diff review/base.si
