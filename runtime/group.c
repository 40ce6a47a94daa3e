/* group.c — open-addressing hash table of byte-string keys (FNV-1a). */
#include "group.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct entry {
    char *key;
    size_t len;
    uint64_t hash;
} entry;

struct rt_groups {
    entry *entries; /* by index */
    size_t n, cap;
    int32_t *slots; /* hash slots: index + 1, 0 = empty */
    size_t nslots;
};

static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

rt_groups *rt_groups_new(void)
{
    rt_groups *g = rt_xcalloc(1, sizeof *g);
    g->nslots = 64;
    g->slots = rt_xcalloc(g->nslots, sizeof *g->slots);
    return g;
}

void rt_groups_free(rt_groups *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        free(g->entries[i].key);
    free(g->entries);
    free(g->slots);
    free(g);
}

static size_t probe(const rt_groups *g, const char *key, size_t len, uint64_t h)
{
    size_t mask = g->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        int32_t s = g->slots[i];
        if (s == 0)
            return i;
        const entry *e = &g->entries[s - 1];
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
            return i;
    }
}

/* Keeps the load factor under one half so probes stay short. */
static void rehash(rt_groups *g)
{
    free(g->slots);
    g->nslots *= 2;
    g->slots = rt_xcalloc(g->nslots, sizeof *g->slots);
    for (size_t i = 0; i < g->n; i++) {
        entry *e = &g->entries[i];
        size_t at = probe(g, e->key, e->len, e->hash);
        g->slots[at] = (int32_t)(i + 1);
    }
}

int rt_groups_find(const rt_groups *g, const char *key, size_t len)
{
    size_t at = probe(g, key, len, fnv1a(key, len));
    return g->slots[at] - 1;
}

int rt_groups_intern(rt_groups *g, const char *key, size_t len)
{
    uint64_t h = fnv1a(key, len);
    size_t at = probe(g, key, len, h);
    if (g->slots[at])
        return g->slots[at] - 1;
    rt_grow((void **)&g->entries, &g->cap, g->n + 1, sizeof(entry));
    entry *e = &g->entries[g->n];
    e->key = rt_xmalloc(len + 1);
    memcpy(e->key, key, len);
    e->key[len] = '\0';
    e->len = len;
    e->hash = h;
    g->slots[at] = (int32_t)(g->n + 1);
    g->n++;
    if (g->n * 2 > g->nslots)
        rehash(g);
    return (int)g->n - 1;
}

int rt_groups_count(const rt_groups *g)
{
    return (int)g->n;
}

const char *rt_groups_key(const rt_groups *g, int i, size_t *len)
{
    if (len)
        *len = g->entries[i].len;
    return g->entries[i].key;
}
