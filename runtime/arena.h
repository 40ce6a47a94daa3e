/* arena.h — bump allocator and checked malloc wrappers.
 * Ownership: everything allocated from an arena is freed by one
 * rt_arena_free(); nothing in it is freed individually. */
#ifndef SICALC_ARENA_H
#define SICALC_ARENA_H

#include <stddef.h>

typedef struct rt_arena rt_arena;

rt_arena *rt_arena_new(void);
void rt_arena_free(rt_arena *a);
/* Zeroed memory, aligned for any scalar type. Never returns NULL. */
void *rt_arena_alloc(rt_arena *a, size_t n);
/* Copy of s[0..n) with a terminating NUL. */
char *rt_arena_strndup(rt_arena *a, const char *s, size_t n);
char *rt_arena_strdup(rt_arena *a, const char *s);
/* Grow *vec (allocated from the heap, not the arena) to hold at least
 * need elements of size elem; *cap is updated. */
void rt_grow(void **vec, size_t *cap, size_t need, size_t elem);

/* The one allocation hook: every heap allocation of sicalc goes through
 * these, so out-of-memory ends the process with a message, not a crash. */
void *rt_xmalloc(size_t n);
void *rt_xcalloc(size_t count, size_t n);
void *rt_xrealloc(void *p, size_t n);
char *rt_xstrdup(const char *s);

#endif
