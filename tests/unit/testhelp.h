/* testhelp.h — minimal unit-test macros (after redis testhelp.h).
 * Each test binary prints "ok NAME" or "FAIL NAME (file:line)" per check
 * and ends with "N passed, N failed"; exit status 1 when any failed. */
#ifndef SICALC_TESTHELP_H
#define SICALC_TESTHELP_H

#include <stdio.h>

static int test_passed, test_failed;

#define TEST_COND(name, cond)                                              \
    do {                                                                   \
        if (cond) {                                                        \
            test_passed++;                                                 \
            printf("ok   %s\n", name);                                     \
        } else {                                                           \
            test_failed++;                                                 \
            printf("FAIL %s (%s:%d)\n", name, __FILE__, __LINE__);         \
        }                                                                  \
    } while (0)

#define TEST_REPORT()                                                      \
    (printf("%d passed, %d failed\n", test_passed, test_failed),           \
     test_failed ? 1 : 0)

#endif
