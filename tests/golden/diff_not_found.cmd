diff review/base.si review/nothing.si
