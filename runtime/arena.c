/* arena.c — bump allocator in large chunks; checked malloc wrappers. */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunks are at least this big so small allocations amortise well. */
#define ARENA_CHUNK (64 * 1024)

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
} chunk;

struct rt_arena {
    chunk *head;
};

static void out_of_memory(size_t n)
{
    fprintf(stderr, "sicalc: error: out of memory (asked for %zu bytes)\n", n);
    exit(3);
}

void *rt_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *rt_xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        out_of_memory(count * n);
    return p;
}

void *rt_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
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

rt_arena *rt_arena_new(void)
{
    return rt_xcalloc(1, sizeof(rt_arena));
}

void rt_arena_free(rt_arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *rt_arena_alloc(rt_arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = rt_xmalloc(sizeof(chunk) + size);
        c->next = a->head;
        c->used = 0;
        c->size = size;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *rt_arena_strndup(rt_arena *a, const char *s, size_t n)
{
    char *p = rt_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *rt_arena_strdup(rt_arena *a, const char *s)
{
    return rt_arena_strndup(a, s, strlen(s));
}
