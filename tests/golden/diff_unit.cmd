diff review/base.si review/unit.si
