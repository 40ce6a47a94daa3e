/* numparse.h — reading numbers from data fields, exactly (correctly
 * rounded, like strtod in the C locale) and fast. */
#ifndef SICALC_NUMPARSE_H
#define SICALC_NUMPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* Parses s[0..len) as a decimal number with the given decimal separator
 * ('.' or ','); leading and trailing spaces are allowed, nothing else.
 * Accepts an optional sign, digits, fraction, exponent. Rejects inf/nan,
 * hex, and values out of double range. Returns true on success. */
bool rt_parse_number(const char *s, size_t len, char decimal, double *out);
/* rt_parse_number for a data field, which has RT_FIELD_SLACK readable
 * bytes past its end (csvin.h): a field of up to 8 bytes is read as one
 * machine word. */
bool rt_parse_field_number(const char *s, size_t len, char decimal,
                           double *out);
/* Whether s[0..len) has the syntax of a number (rt_parse_number may
 * still refuse it as out of range: 1e999, 1e-400). */
bool rt_number_syntax(const char *s, size_t len, char decimal);
/* Orders dimension values (periods, groups, units) as output lists them:
 * numbers numerically, other text bytewise, missing (NULL, an unknown)
 * last. */
int rt_dim_compare(const char *a, const char *b);

#endif
