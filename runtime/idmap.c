/* idmap.c — open addressing with linear probing, load at most one half. */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* A multiplicative mix (splitmix64's finaliser): packed ids differ in a
 * few low bits of each field, which must reach the slot bits. */
static size_t slot_of(uint64_t key, size_t cap)
{
    key ^= key >> 30;
    key *= 0xBF58476D1CE4E5B9ull;
    key ^= key >> 27;
    key *= 0x94D049BB133111EBull;
    key ^= key >> 31;
    return (size_t)key & (cap - 1);
}

int rt_idmap_get(const rt_idmap *m, uint64_t key)
{
    if (!m->cap)
        return -1;
    for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->vals[i] < 0)
            return -1;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

static void insert(rt_idmap *m, uint64_t key, int val)
{
    size_t i = slot_of(key, m->cap);
    while (m->vals[i] >= 0 && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (m->vals[i] < 0)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

static void grow(rt_idmap *m)
{
    rt_idmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->n = 0;
    m->keys = rt_xmalloc(m->cap * sizeof *m->keys);
    m->vals = rt_xmalloc(m->cap * sizeof *m->vals);
    memset(m->vals, 0xff, m->cap * sizeof *m->vals);
    for (size_t i = 0; i < old.cap; i++)
        if (old.vals[i] >= 0)
            insert(m, old.keys[i], old.vals[i]);
    free(old.keys);
    free(old.vals);
}

void rt_idmap_put(rt_idmap *m, uint64_t key, int val)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    insert(m, key, val);
}

void rt_idmap_free(rt_idmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
