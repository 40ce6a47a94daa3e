diff review/base.si review/by.si
