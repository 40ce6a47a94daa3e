/* test_colspool.c — the column spool (runtime/colspool.h): 10,000 random
 * records of four columns (a number, a boolean, allowed text, free text,
 * the period), with missing and --lenient-bad values and PSUs, put and
 * replayed across several blocks. The witness is the records themselves,
 * kept in memory: every replayed value must be the one put, interned
 * text at the same address, other text with the same bytes. */
#include "colspool.h"
#include "testhelp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NROWS 10000
#define NCOLS 5

enum { C_NUM, C_BOOL, C_ALLOWED, C_TEXT, C_PERIOD };

static const char *const allowed[] = {"employed", "unemployed", "inactive"};

typedef struct rec {
    rt_value num[NCOLS], str[NCOLS];
    bool bad[NCOLS];
    char text[NCOLS][24]; /* the bytes of free text (the buffer is reused) */
    int psu;
} rec;

static rec *recs;
static size_t replayed;
static int mismatches;

static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    return (unsigned)(test_xorshift(&rng) % n);
}

static bool same_value(rt_value a, rt_value b, const char *text)
{
    if (a.tag != b.tag)
        return false;
    switch (a.tag) {
    case RT_NUM: return a.num == b.num;
    case RT_BOOL: return !a.b == !b.b;
    case RT_STR:
        return a.b ? b.b && a.str == b.str
                   : !b.b && text && strcmp(text, b.str) == 0;
    default: return true;
    }
}

static void make_record(rec *r)
{
    memset(r, 0, sizeof *r);
    for (int c = 0; c < NCOLS; c++)
        r->num[c] = r->str[c] = rt_missing();
    unsigned k = rnd(10);
    if (k) /* one in ten missing */
        r->num[C_NUM] = rt_num((double)rnd(1000000) / 100 - 3000);
    if (rnd(10))
        r->num[C_BOOL] = rt_bool(rnd(2));
    if (rnd(10))
        r->str[C_ALLOWED] = rt_interned(allowed[rnd(3)]);
    if (rnd(10)) {
        snprintf(r->text[C_TEXT], sizeof r->text[C_TEXT], "place %u",
                 rnd(rnd(2) ? 5 : 3000));
        r->str[C_TEXT] = rt_str(r->text[C_TEXT]);
    }
    snprintf(r->text[C_PERIOD], sizeof r->text[C_PERIOD], "%u", 2019 + rnd(3));
    r->str[C_PERIOD] = rt_str(r->text[C_PERIOD]);
    r->num[C_PERIOD] = rt_num(atof(r->text[C_PERIOD]));
    for (int c = 0; c < NCOLS; c++)
        if (rnd(50) == 0) { /* --lenient made it missing */
            r->bad[c] = true;
            r->num[c] = r->str[c] = rt_missing();
        }
    r->psu = (int)rnd(400) - 1;
}

static int check_record(void *ctx, bool bad, int psu)
{
    rt_value *v = ctx; /* num[NCOLS], str[NCOLS], then the bad flags */
    bool *badv = (bool *)(v + 2 * NCOLS);
    const rec *r = &recs[replayed++];
    bool any = false, ok = psu == r->psu;
    for (int c = 0; c < NCOLS; c++) {
        any |= r->bad[c];
        ok &= badv[c] == r->bad[c];
        if (c != C_ALLOWED && c != C_TEXT)
            ok &= same_value(r->num[c], v[c], NULL);
        if (c != C_NUM && c != C_BOOL)
            ok &= same_value(r->str[c], v[NCOLS + c], r->text[c]);
    }
    ok &= bad == any;
    mismatches += !ok;
    return 0;
}

static void test_round_trip(void)
{
    rt_column cols[NCOLS] = {
        [C_NUM] = {.name = "income", .type = RT_COL_NUMBER, .as_num = true},
        [C_BOOL] = {.name = "roma", .type = RT_COL_BOOL, .as_num = true},
        [C_ALLOWED] = {.name = "activity", .type = RT_COL_TEXT, .as_str = true},
        [C_TEXT] = {.name = "municipality",
                    .type = RT_COL_TEXT,
                    .as_str = true},
        [C_PERIOD] = {.name = "year", .type = RT_COL_INT, .as_num = true},
    };
    rt_program p = {.cols = cols, .ncols = NCOLS};
    int keep[] = {C_NUM, C_BOOL, C_ALLOWED, C_TEXT, C_PERIOD, -1};
    rt_colspool *s = rt_colspool_new(&p, keep, C_PERIOD, true);
    TEST_COND("a spool is made", s != NULL);
    if (!s)
        return;
    recs = calloc(NROWS, sizeof *recs);
    rec cur; /* one buffer for every record, as a scan's block is */
    for (size_t i = 0; i < NROWS; i++) {
        make_record(&cur);
        recs[i] = cur;
        rt_value num[NCOLS], str[NCOLS];
        bool any = false;
        memcpy(num, cur.num, sizeof num);
        memcpy(str, cur.str, sizeof str);
        for (int c = 0; c < NCOLS; c++)
            any |= cur.bad[c];
        rt_colspool_put(s, num, str, any ? cur.bad : NULL, cur.psu);
        /* the record's text buffer is overwritten before the next */
        memset(cur.text, 'x', sizeof cur.text);
    }
    TEST_COND("the spool is whole", rt_colspool_finish(s));
    TEST_COND("records counted", rt_colspool_rows(s) == NROWS);
    TEST_COND("bytes written", rt_colspool_bytes(s) > 0);
    for (int round = 0; round < 2; round++) { /* a spool is read per pass */
        rt_value v[2 * NCOLS + 1];
        bool *bad = (bool *)(v + 2 * NCOLS);
        replayed = 0;
        mismatches = 0;
        int rc = rt_colspool_replay(s, v, v + NCOLS, bad, check_record, v);
        TEST_COND("replay ends", rc == 0);
        TEST_COND("every record replayed", replayed == NROWS);
        TEST_COND("every value as put", mismatches == 0);
    }
    rt_colspool_free(s);
    free(recs);
}

static int stop_at_3(void *ctx, bool bad, int psu)
{
    (void)bad;
    (void)psu;
    return ++*(int *)ctx == 3 ? 7 : 0;
}

static void test_stop(void)
{
    rt_column col = {.name = "x", .type = RT_COL_NUMBER, .as_num = true};
    rt_program p = {.cols = &col, .ncols = 1};
    int keep[] = {0, -1};
    rt_colspool *s = rt_colspool_new(&p, keep, -1, false);
    for (int i = 0; i < 10; i++) {
        rt_value num = rt_num(i), str = rt_missing();
        rt_colspool_put(s, &num, &str, NULL, -1);
    }
    TEST_COND("small spool whole", rt_colspool_finish(s));
    rt_value num, str;
    bool bad;
    int n = 0;
    TEST_COND("a callback's result stops the replay",
              rt_colspool_replay(s, &num, &str, &bad, stop_at_3, &n) == 7);
    TEST_COND("at the third record",
              n == 3 && num.tag == RT_NUM && num.num == 2);
    rt_colspool_free(s);
}

int main(void)
{
    test_round_trip();
    test_stop();
    return TEST_REPORT();
}
