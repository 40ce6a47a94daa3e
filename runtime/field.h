/* field.h — what a data field means before any conversion: whether it is
 * a missing marker, and which text counts as a boolean. One set of rules
 * for the runtime's scan and for `sicalc explain`'s re-reading. */
#ifndef SICALC_FIELD_H
#define SICALC_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"

bool rt_field_marker(const rt_column *c, const char *s);

/* The empty field, "NA", or one of the column's declared markers. */
static inline bool rt_field_missing(const rt_column *c, const char *s,
                                    size_t len)
{
    if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A'))
        return true;
    return c->nmissing && rt_field_marker(c, s);
}
/* Text read as text goes into the output: it must be UTF-8 (no
 * overlong two-byte forms, nothing past U+10FFFF). */
bool rt_valid_utf8(const char *s, size_t len);
/* true/false, 1/0, yes/no (and True/TRUE, False/FALSE). */
bool rt_field_bool(const char *s, bool *b);

#endif
