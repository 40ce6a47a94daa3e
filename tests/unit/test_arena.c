/* test_arena.c — the bump allocator: small allocations zeroed and
 * aligned in shared chunks, a big one (past 1 MiB, a hugemem block of
 * its own) zeroed too, and all of them still usable and apart after the
 * big one; one rt_arena_free for everything (ASan checks the frees). */
#include "arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "testhelp.h"

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

int main(void)
{
    rt_arena *a = rt_arena_new();
    bool zero = true, aligned = true;
    unsigned char *small[100];
    for (int i = 0; i < 100; i++) {
        size_t n = 1 + (size_t)i * 37;
        small[i] = rt_arena_alloc(a, n);
        zero = zero && all_zero(small[i], n);
        aligned = aligned && (uintptr_t)small[i] % alignof(max_align_t) == 0;
        memset(small[i], 0xA5, n);
    }
    size_t big_n = (size_t)3 << 20;
    unsigned char *big = rt_arena_alloc(a, big_n);
    bool big_zero = all_zero(big, big_n);
    memset(big, 0x5A, big_n);
    unsigned char *after = rt_arena_alloc(a, 64);
    bool after_zero = all_zero(after, 64);
    memset(after, 0x3C, 64);
    bool kept = true;
    for (int i = 0; i < 100; i++)
        for (size_t k = 0; k < 1 + (size_t)i * 37; k++)
            kept = kept && small[i][k] == 0xA5;
    for (size_t k = 0; k < big_n; k += 4093)
        kept = kept && big[k] == 0x5A;
    kept = kept && after[63] == 0x3C && big[big_n - 1] == 0x5A;
    TEST_COND("small allocations come zeroed and aligned", zero && aligned);
    TEST_COND("an allocation past 1 MiB comes zeroed", big_zero);
    TEST_COND("an allocation after the big one comes zeroed", after_zero);
    TEST_COND("every allocation keeps its bytes apart from the others", kept);
    char *s = rt_arena_strdup(a, "Pirot");
    TEST_COND("strdup", strcmp(s, "Pirot") == 0);
    rt_arena_free(a);
    return TEST_REPORT();
}
