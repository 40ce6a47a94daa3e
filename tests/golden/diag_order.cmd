check diag_order.si
