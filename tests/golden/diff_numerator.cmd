diff review/base.si review/numerator.si
