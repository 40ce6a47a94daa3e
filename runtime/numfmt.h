/* numfmt.h — printing numbers in the shortest form that reads back to
 * the same double (so outputs are exact and diff cleanly). */
#ifndef SICALC_NUMFMT_H
#define SICALC_NUMFMT_H

#include <stddef.h>

/* Writes v into buf (at least 32 bytes) and returns the length.
 * Integral values print without a fraction ("402153"), others in the
 * shortest of %.1g..%.17g that round-trips; exponent form only where
 * %g would choose it. -0 prints as "0". v must be finite. */
int rt_fmt_number(char *buf, size_t size, double v);

/* Writes u in decimal into buf (at least 21 bytes), NUL-terminated, and
 * returns the length: counts printed per output row, without printf. */
int rt_fmt_unsigned(char *buf, unsigned long long u);

#endif
