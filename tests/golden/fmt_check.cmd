fmt --check fmt_messy.si basic.si
