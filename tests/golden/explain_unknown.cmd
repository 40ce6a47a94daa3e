explain unemploymentrate basic.si people.csv
