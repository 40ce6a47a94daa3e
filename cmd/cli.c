/* cli.c — argument helpers for the sicalc commands. */
#include "cli.h"

#include <string.h>

bool cli_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool cli_char_option(const char *v, char *out)
{
    if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0) {
        *out = '\t';
        return true;
    }
    if (strlen(v) != 1)
        return false;
    *out = v[0];
    return true;
}
