check cycle_a.si
