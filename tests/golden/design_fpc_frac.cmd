design_fpc_ok.si --dataset design_fpc_ok=design_fpc_frac.csv --format csv
