/* xalloc.h — checked malloc wrappers: never NULL; out of memory ends the
 * process with a message and exit status 3. */
#ifndef SICALC_XALLOC_H
#define SICALC_XALLOC_H

#include <stddef.h>

/* Grow *vec (allocated from the heap, not the arena) to hold at least
 * need elements of size elem; *cap is updated. */
void rt_grow(void **vec, size_t *cap, size_t need, size_t elem);

/* The one allocation hook: every heap allocation of sicalc goes through
 * these, so out-of-memory ends the process with a message, not a crash. */
void *rt_xmalloc(size_t n);
void *rt_xcalloc(size_t count, size_t n);
void *rt_xrealloc(void *p, size_t n);
char *rt_xstrdup(const char *s);
/* rt_xcalloc in whole cache lines of their own (freed by free), for what
 * one thread writes on every record: no other thread's data may share
 * its lines. */
#define RT_CACHE_LINE 64
void *rt_xcalloc_lines(size_t count, size_t n);
/* Says that memory ran out (n bytes were asked for) and exits 3. */
_Noreturn void rt_out_of_memory(size_t n);

#endif
