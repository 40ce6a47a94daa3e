labels.si towns.csv --excel
