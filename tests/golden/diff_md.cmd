diff review/base.si review/added.si --format md
