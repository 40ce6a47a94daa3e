diff review/base.si review/let.si
