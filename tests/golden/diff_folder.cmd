diff review/v1 review/v2
