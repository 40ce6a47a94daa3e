/* idmap.h — a hash map from 64-bit keys to small non-negative ints: the
 * per-record lookup of a group by its packed (period, value ids) key,
 * with no bytes hashed and no key allocated.
 * Ownership: the map owns its arrays; rt_idmap_free releases them. */
#ifndef SICALC_IDMAP_H
#define SICALC_IDMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct rt_idmap {
    uint64_t *keys;
    int32_t *vals; /* -1: empty slot */
    size_t n, cap; /* cap: a power of two, or 0 before the first put */
} rt_idmap;

/* The value of key, or -1. */
int rt_idmap_get(const rt_idmap *m, uint64_t key);
/* Sets key's value (val >= 0). */
void rt_idmap_put(rt_idmap *m, uint64_t key, int val);
void rt_idmap_free(rt_idmap *m);

#endif
