test test_marker_values.si
