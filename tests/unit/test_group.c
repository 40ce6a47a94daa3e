/* test_group.c — interning of group keys (runtime/group.h): dense indexes
 * in order of first appearance, find, growth past many rehashes, and keys
 * that are byte strings (embedded NULs, prefixes, the empty key). */
#include "group.h"
#include "testhelp.h"

#include <stdio.h>
#include <string.h>

static void test_order(void)
{
    rt_groups *g = rt_groups_new();
    TEST_COND("new table is empty", rt_groups_count(g) == 0);
    TEST_COND("find in empty table", rt_groups_find(g, "a", 1) == -1);
    TEST_COND("first key is 0", rt_groups_intern(g, "Pirot", 5) == 0);
    TEST_COND("second key is 1", rt_groups_intern(g, "Nis", 3) == 1);
    TEST_COND("known key keeps its index",
              rt_groups_intern(g, "Pirot", 5) == 0);
    TEST_COND("third key is 2", rt_groups_intern(g, "Bor", 3) == 2);
    TEST_COND("count", rt_groups_count(g) == 3);
    TEST_COND("find Nis", rt_groups_find(g, "Nis", 3) == 1);
    TEST_COND("find unknown", rt_groups_find(g, "Zajecar", 7) == -1);
    TEST_COND("find does not add", rt_groups_count(g) == 3);
    TEST_COND("find a prefix", rt_groups_find(g, "Pir", 3) == -1);
    TEST_COND("find with longer length", rt_groups_find(g, "Pirotx", 6) == -1);
    size_t len = 0;
    const char *k = rt_groups_key(g, 1, &len);
    TEST_COND("key 1 is Nis", len == 3 && memcmp(k, "Nis", 3) == 0);
    TEST_COND("keys are NUL-terminated", k[3] == '\0');
    TEST_COND("key with NULL len",
              strcmp(rt_groups_key(g, 2, NULL), "Bor") == 0);

    /* Keys are copied: changing the caller's buffer changes nothing. */
    char buf[8] = "Vranje";
    int vi = rt_groups_intern(g, buf, 6);
    memcpy(buf, "XXXXXX", 6);
    TEST_COND("keys are copied",
              vi == 3 && rt_groups_find(g, "Vranje", 6) == 3 &&
                  memcmp(rt_groups_key(g, 3, NULL), "Vranje", 6) == 0);
    /* The key length, not a NUL, ends the key. */
    TEST_COND("length bounds the key", rt_groups_intern(g, "Borovo", 3) == 2);
    TEST_COND("the empty key is a key", rt_groups_intern(g, "", 0) == 4);
    TEST_COND("find the empty key", rt_groups_find(g, "", 0) == 4);
    rt_groups_free(g);
    rt_groups_free(NULL); /* allowed */
}

static void test_nul_bytes(void)
{
    rt_groups *g = rt_groups_new();
    /* Group keys of several dimensions are joined with NUL bytes, so
     * "a\0bc" and "ab\0c" must be different groups. */
    int a = rt_groups_intern(g, "a\0bc", 4);
    int b = rt_groups_intern(g, "ab\0c", 4);
    int c = rt_groups_intern(g, "a", 1);
    int d = rt_groups_intern(g, "a\0", 2);
    int e = rt_groups_intern(g, "\0", 1);
    int f = rt_groups_intern(g, "", 0);
    int h = rt_groups_intern(g, "\0\0", 2);
    TEST_COND("keys with NULs are distinct", a == 0 && b == 1 && c == 2 &&
                                                 d == 3 && e == 4 && f == 5 &&
                                                 h == 6);
    TEST_COND("found again with NULs",
              rt_groups_find(g, "a\0bc", 4) == 0 &&
                  rt_groups_find(g, "ab\0c", 4) == 1 &&
                  rt_groups_find(g, "a\0", 2) == 3 &&
                  rt_groups_find(g, "\0\0", 2) == 6 &&
                  rt_groups_find(g, "\0\0\0", 3) == -1);
    size_t len;
    const char *k = rt_groups_key(g, 1, &len);
    TEST_COND("key bytes kept past a NUL",
              len == 4 && memcmp(k, "ab\0c", 4) == 0);
    TEST_COND("count", rt_groups_count(g) == 7);
    rt_groups_free(g);
}

static void test_many(void)
{
    enum { N = 100000 };
    rt_groups *g = rt_groups_new();
    char key[32];
    int bad = 0;
    for (int i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        if (rt_groups_intern(g, key, (size_t)n) != i)
            bad++;
    }
    TEST_COND("100000 keys get 0..99999 in order", bad == 0);
    TEST_COND("count 100000", rt_groups_count(g) == N);
    bad = 0;
    for (int i = N - 1; i >= 0; i--) {
        int n = snprintf(key, sizeof key, "k%d", i);
        if (rt_groups_find(g, key, (size_t)n) != i)
            bad++;
        if (rt_groups_intern(g, key, (size_t)n) != i)
            bad++;
    }
    TEST_COND("all found after rehashes, re-interning keeps the index",
              bad == 0 && rt_groups_count(g) == N);
    bad = 0;
    for (int i = 0; i < N; i++) {
        size_t len;
        const char *k = rt_groups_key(g, i, &len);
        int n = snprintf(key, sizeof key, "k%d", i);
        if (len != (size_t)n || memcmp(k, key, len) != 0)
            bad++;
    }
    TEST_COND("keys by index after rehashes", bad == 0);
    bad = 0;
    for (int i = N; i < N + 1000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        if (rt_groups_find(g, key, (size_t)n) != -1)
            bad++;
    }
    TEST_COND("absent keys not found in a big table", bad == 0);

    /* Binary keys that differ only in one byte, NULs included. */
    rt_groups *b = rt_groups_new();
    bad = 0;
    for (int i = 0; i < 65536; i++) {
        char kb[3] = {(char)(i >> 8), '\0', (char)(i & 0xff)};
        if (rt_groups_intern(b, kb, 3) != i)
            bad++;
    }
    for (int i = 0; i < 65536; i++) {
        char kb[3] = {(char)(i >> 8), '\0', (char)(i & 0xff)};
        if (rt_groups_find(b, kb, 3) != i)
            bad++;
    }
    TEST_COND("65536 three-byte keys with a NUL in the middle", bad == 0);
    rt_groups_free(b);
    rt_groups_free(g);
}

int main(void)
{
    test_order();
    test_nul_bytes();
    test_many();
    return TEST_REPORT();
}
