/* xalloc.c — the checked malloc wrappers (xalloc.h). */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rt_out_of_memory(size_t n)
{
    fprintf(stderr, "sicalc: error: out of memory (asked for %zu bytes)\n", n);
    exit(3);
}

void *rt_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        rt_out_of_memory(n);
    return p;
}

void *rt_xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        rt_out_of_memory(count * n);
    return p;
}

void *rt_xcalloc_lines(size_t count, size_t n)
{
    size_t size = (count ? count : 1) * (n ? n : 1);
    size = (size + RT_CACHE_LINE - 1) / RT_CACHE_LINE * RT_CACHE_LINE;
    void *p = aligned_alloc(RT_CACHE_LINE, size);
    if (!p)
        rt_out_of_memory(size);
    memset(p, 0, size);
    return p;
}

void *rt_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        rt_out_of_memory(n);
    return q;
}

char *rt_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(rt_xmalloc(n), s, n);
}

void rt_grow(void **vec, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 8;
    while (c < need)
        c *= 2;
    *vec = rt_xrealloc(*vec, c * elem);
    *cap = c;
}
