/* arena.c — bump allocator in large chunks. */
#include "arena.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hugemem.h"

/* Chunks are at least this big so small allocations amortise well. */
#define ARENA_CHUNK (64 * 1024)
/* An allocation past this is a chunk of its own from hugemem. */
#define ARENA_BIG ((size_t)1 << 20)

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    bool big; /* hugemem's (rt_huge_free), else malloc's */
    max_align_t data[];
} chunk;

struct rt_arena {
    chunk *head;
};

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
        if (c->big)
            rt_huge_free(c, sizeof(chunk) + c->size);
        else
            free(c);
    }
    free(a);
}

void rt_arena_adopt(rt_arena *a, rt_arena *other)
{
    chunk *first = other->head;
    free(other);
    if (!first)
        return;
    chunk *last = first;
    while (last->next)
        last = last->next;
    /* Behind a's head, which stays the chunk it allocates from. */
    if (a->head) {
        last->next = a->head->next;
        a->head->next = first;
    } else {
        a->head = first;
    }
}

/* Why a big block is hugemem's: the 130,000 output rows of 60
 * indicators (29 MB) come zero and in huge pages, not as 7,000 faults of
 * 4 KiB pages that memset takes one by one. */
void *rt_arena_alloc(rt_arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    chunk *c = a->head;
    if (n > ARENA_BIG) {
        c = rt_huge_zrealloc(NULL, 0, sizeof(chunk) + n);
        c->size = c->used = n;
        c->big = true;
        /* Behind the head: its space is all used. */
        if (a->head) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = NULL;
            a->head = c;
        }
        return c->data;
    }
    if (!c || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = rt_xmalloc(sizeof(chunk) + size);
        c->next = a->head;
        c->used = 0;
        c->size = size;
        c->big = false;
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
