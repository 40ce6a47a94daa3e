/* group.h — interning of group keys: byte strings to dense indexes 0..n-1
 * in order of first appearance. Ownership: keys are copied; the table
 * owns them and frees them with rt_groups_free. */
#ifndef SICALC_GROUP_H
#define SICALC_GROUP_H

#include <stddef.h>

typedef struct rt_groups rt_groups;

rt_groups *rt_groups_new(void);
void rt_groups_free(rt_groups *g);
/* The index of key, adding it when it is new. */
int rt_groups_intern(rt_groups *g, const char *key, size_t len);
/* The index of key, or -1. */
int rt_groups_find(const rt_groups *g, const char *key, size_t len);
int rt_groups_count(const rt_groups *g);
const char *rt_groups_key(const rt_groups *g, int i, size_t *len);

#endif
