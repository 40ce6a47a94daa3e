diff review/base.si review/thresholds.si
