/* arena.h — bump allocator (and, through xalloc.h, the checked malloc
 * wrappers).
 * Ownership: everything allocated from an arena is freed by one
 * rt_arena_free(); nothing in it is freed individually. */
#ifndef SICALC_ARENA_H
#define SICALC_ARENA_H

#include <stddef.h>

#include "xalloc.h" /* (most users of an arena also use malloc's) */

typedef struct rt_arena rt_arena;

rt_arena *rt_arena_new(void);
void rt_arena_free(rt_arena *a);
/* Zeroed memory, aligned for any scalar type. Never returns NULL. */
void *rt_arena_alloc(rt_arena *a, size_t n);
/* Copy of s[0..n) with a terminating NUL. */
char *rt_arena_strndup(rt_arena *a, const char *s, size_t n);
char *rt_arena_strdup(rt_arena *a, const char *s);
/* Makes everything allocated from other part of a (freed with it), and
 * frees other: threads allocate from arenas of their own. */
void rt_arena_adopt(rt_arena *a, rt_arena *other);

#endif
