/* field.c — missing markers and booleans in data fields. */
#include "field.h"

#include <string.h>

/* One of the column's declared missing-value markers. */
bool rt_field_marker(const rt_column *c, const char *s)
{
    for (int i = 0; i < c->nmissing; i++)
        if (strcmp(s, c->missing[i]) == 0)
            return true;
    return false;
}

bool rt_field_bool(const char *s, bool *b)
{
    if ((s[0] == '0' || s[0] == '1') && s[1] == '\0') /* the usual form */
        return (*b = s[0] == '1'), true;
    static const char *const yes[] = {"1", "true", "TRUE", "True", "yes"};
    static const char *const no[] = {"0", "false", "FALSE", "False", "no"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcmp(s, yes[i]) == 0)
            return *b = true;
        if (strcmp(s, no[i]) == 0)
            return !(*b = false);
    }
    return false;
}
