/* hugemem.h — memory in 2 MiB pages for the buffers the record loop
 * writes at random (the values of order statistics, a buffer per group):
 * with 4 KiB pages each of a thousand groups' buffers is a TLB miss, and
 * in a virtual machine a page walk costs as much as the store (-15% of
 * the 12 indicators' time with huge pages, docs/PERFORMANCE.md). One
 * region is reserved and advised as huge pages (MADV_HUGEPAGE: the
 * kernel's transparent huge pages, when enabled); blocks are powers of
 * two, a freed block merged with its free buddy (so the resident size
 * follows what is in use). A block bigger than a chunk (4 MiB) is mapped
 * on its own (mremap grows it without copying). Past the region, or
 * where it cannot be made, blocks come from malloc. Any thread may
 * allocate and free (one lock; blocks are allocated as buffers double,
 * not per record). */
#ifndef SICALC_HUGEMEM_H
#define SICALC_HUGEMEM_H

#include <stdbool.h>
#include <stddef.h>

/* The size of the region, reserved at the first allocation (address
 * space only: pages become memory as they are written). Set before any
 * allocation; later calls are ignored. */
void rt_huge_reserve(size_t bytes);
/* A block of at least bytes (a power of two from 64 bytes is used),
 * holding the first old bytes of p (NULL: none); p is freed. Never
 * NULL (exits as rt_xmalloc does). */
void *rt_huge_realloc(void *p, size_t old, size_t bytes);
/* As rt_huge_realloc, the bytes past old zero. */
void *rt_huge_zrealloc(void *p, size_t old, size_t bytes);
/* Frees a block of bytes (as asked of rt_huge_realloc); NULL: nothing. */
void rt_huge_free(void *p, size_t bytes);
/* Whether p is a block of the region (for tests). */
bool rt_huge_owns(const void *p);

#endif
