/* cli.h — small helpers shared by the commands' argument parsing. */
#ifndef SICALC_CLI_H
#define SICALC_CLI_H

#include <stdbool.h>

bool cli_ends_with(const char *s, const char *suffix);
/* A one-character option value; `tab` and `\t` mean a tab. */
bool cli_char_option(const char *v, char *out);

#endif
