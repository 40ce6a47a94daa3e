design_fpc_ok.si design_fpc_ok.csv --format csv
