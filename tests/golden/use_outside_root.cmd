check use_outside_root.si
