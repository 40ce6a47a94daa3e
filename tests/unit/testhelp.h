/* testhelp.h — minimal unit-test macros (after redis testhelp.h).
 * Each test binary prints "ok NAME" or "FAIL NAME (file:line)" per check
 * and ends with "N passed, N failed"; exit status 1 when any failed. */
#ifndef SICALC_TESTHELP_H
#define SICALC_TESTHELP_H

#include <stdio.h>

static int test_passed, test_failed;

#define TEST_COND(name, cond)                                                  \
    do {                                                                       \
        if (cond) {                                                            \
            test_passed++;                                                     \
            printf("ok   %s\n", name);                                         \
        } else {                                                               \
            test_failed++;                                                     \
            printf("FAIL %s (%s:%d)\n", name, __FILE__, __LINE__);             \
        }                                                                      \
    } while (0)

/* A xorshift generator: the tests' random inputs, the same every run. */
static inline unsigned long long test_xorshift(unsigned long long *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

#define TEST_REPORT()                                                          \
    (printf("%d passed, %d failed\n", test_passed, test_failed),               \
     test_failed ? 1 : 0)

#endif
