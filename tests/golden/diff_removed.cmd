diff review/added.si review/base.si
