/* field.c — missing markers and booleans in data fields. */
#include "field.h"

#include <stdint.h>
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

bool rt_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    for (uint64_t v; end - p >= 8; p += 8) { /* eight ASCII bytes at once */
        memcpy(&v, p, sizeof v);
        if (v & 0x8080808080808080ull)
            break;
    }
    while (p < end) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        int n = (*p & 0xE0) == 0xC0   ? 1
                : (*p & 0xF0) == 0xE0 ? 2
                : (*p & 0xF8) == 0xF0 ? 3
                                      : -1;
        if (n < 0 || end - p <= n || (*p == 0xC0 || *p == 0xC1) || *p > 0xF4)
            return false;
        for (int k = 1; k <= n; k++)
            if ((p[k] & 0xC0) != 0x80)
                return false;
        p += n + 1;
    }
    return true;
}
