/* builtins.c — lookups over aggs.def and builtins.def, so every part of
 * sicalc agrees on what a builtin name is. */
#include "builtins.h"

#include <string.h>

static const builtin table[] = {
#define X(k, name, op, lo, hi, scalar) {name, op, lo, hi, scalar},
#include "builtins.def"
#undef X
};

static const char *const names[] = {
#define X(k, name, nargs) name,
#include "../runtime/aggs.def"
#undef X
#define X(k, name, op, lo, hi, scalar) name,
#include "builtins.def"
#undef X
};

static const int agg_nargs[] = {
#define X(k, name, nargs) nargs,
#include "../runtime/aggs.def"
#undef X
};

int builtins_agg(const char *name)
{
    for (int i = 0; i < RT__NAGGS; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const builtin *builtins_find(const char *name)
{
    for (int i = 0; i < BUILTIN__COUNT; i++)
        if (strcmp(name, table[i].name) == 0)
            return &table[i];
    return NULL;
}

bool builtins_reads_period(const char *name)
{
    const builtin *b = builtins_find(name);
    return builtins_agg(name) >= 0 || (b && !b->scalar);
}

const char *const *builtins_names(int *n)
{
    *n = (int)(sizeof names / sizeof *names);
    return names;
}

int builtins_agg_nargs(int kind)
{
    return agg_nargs[kind];
}
