/* value.h — a value during evaluation: number, text, boolean or missing.
 * Ownership: str points into the current row's buffer or into the
 * program's constants; it is valid while that row (or program) is. */
#ifndef SICALC_VALUE_H
#define SICALC_VALUE_H

#include <stdbool.h>

typedef enum { RT_MISSING, RT_NUM, RT_STR, RT_BOOL } rt_vtag;

/* 16 bytes, so that a value travels in two registers. */
typedef struct rt_value {
    rt_vtag tag;
    int b; /* a boolean's value; for text: interned (one address per
               text among interned strings, see rt_interned) */
    union {
        double num;
        const char *str;
    };
} rt_value;

static inline rt_value rt_missing(void)
{
    return (rt_value){.tag = RT_MISSING};
}
static inline rt_value rt_num(double v)
{
    return (rt_value){.tag = RT_NUM, .num = v};
}
static inline rt_value rt_bool(bool b)
{
    return (rt_value){.tag = RT_BOOL, .b = b};
}
static inline rt_value rt_str(const char *s)
{
    return (rt_value){.tag = RT_STR, .str = s};
}

/* Text from the program's intern table (string constants, allowed
 * values): two interned values are equal exactly when their addresses
 * are. */
static inline rt_value rt_interned(const char *s)
{
    return (rt_value){.tag = RT_STR, .b = true, .str = s};
}

#endif
