diff review/base.si review/syntax.si
