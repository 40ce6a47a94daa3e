fmt fmt_messy.si
