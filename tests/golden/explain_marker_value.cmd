explain people marker_values.si marker_values.csv --group 'sex=\_T'
