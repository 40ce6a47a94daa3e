/* test_filter.c — compiled `where` conjunctions (runtime/filter.h) against
 * the evaluator: sets of random conditions (sharing tests) over columns
 * that hold every kind of value (missing, numbers, booleans, interned and
 * plain text); each compiled where must pass exactly the records
 * rt_eval_true passes. */
#include "filter.h"
#include "testhelp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static rt_expr *pool[1 << 18];
static int npool;
static uint64_t seed = 99;

static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(seed >> 33) % n;
}

static rt_expr *node(rt_opcode op, int nkids)
{
    rt_expr *e = calloc(1, sizeof *e);
    e->op = op;
    e->nkids = nkids;
    e->kids = nkids ? calloc((size_t)nkids, sizeof *e->kids) : NULL;
    pool[npool++] = e;
    return e;
}

/* Interned texts share one address per text; "b" also comes plain. */
static const char *const interned[] = {"a", "b", "c"};
static char plain_b[] = "b";

static rt_value any_value(void)
{
    switch (rnd(7)) {
    case 0: return rt_missing();
    case 1: return rt_num((double)rnd(5) + (rnd(4) ? 0 : 0.5));
    case 2: return rt_bool(rnd(2));
    case 3: return rt_str(plain_b);
    default: return rt_interned(interned[rnd(3)]);
    }
}

/* Wheres of only the tests a column's value class decides (truth,
 * missing, equality with interned text, lists of it), over few columns:
 * so that every test of a column is of that kind. */
static bool class_only;
/* Wheres over three columns only, so that a column has several range
 * tests in sets that fit one word. */
static bool few_columns;

static rt_expr *constant(void)
{
    rt_expr *e = node(RT_CONST, 0);
    e->k = class_only ? rt_interned(interned[rnd(3)]) : any_value();
    return e;
}

static rt_expr *column(void)
{
    rt_expr *e = node(rnd(2) ? RT_COLNUM : RT_COLSTR, 0);
    e->slot = (int)rnd(class_only || few_columns ? 3 : 12);
    return e;
}

/* column in lo..hi (or not in), of numbers. */
static rt_expr *range_atom(void)
{
    rt_expr *e = node(RT_IN_RANGE, 3);
    e->kids[0] = node(RT_COLNUM, 0);
    e->kids[0]->slot = (int)rnd(few_columns ? 3 : 12);
    e->kids[1] = node(RT_CONST, 0);
    e->kids[1]->k = rt_num((double)rnd(3));
    e->kids[2] = node(RT_CONST, 0);
    e->kids[2]->k = rt_num(2 + (double)rnd(3));
    e->negated = rnd(2);
    return e;
}

/* `x < a or x >= b` of one number column (a tree where that a table
 * of the column's values decides when the column is tabled). */
static rt_expr *either_end(void)
{
    rt_expr *e = node(RT_OR, 2);
    int slot = (int)rnd(few_columns ? 3 : 12);
    for (int i = 0; i < 2; i++) {
        e->kids[i] = node(i ? RT_GE : RT_LT, 2);
        e->kids[i]->kids[0] = node(RT_COLNUM, 0);
        e->kids[i]->kids[0]->slot = slot;
        e->kids[i]->kids[1] = node(RT_CONST, 0);
        e->kids[i]->kids[1]->k = rt_num((double)rnd(5));
    }
    return e;
}

static rt_expr *atom(int depth)
{
    static const rt_opcode cmps[] = {RT_EQ, RT_NE, RT_LT, RT_LE, RT_GT, RT_GE};
    rt_expr *e;
    unsigned k = rnd(depth > 0 ? 9 : 6);
    if (class_only && (k == 2 || k == 5))
        k = 4;
    switch (k) {
    case 0: return column();
    case 1:
        e = node(class_only ? cmps[rnd(2)] : cmps[rnd(6)], 2);
        e->kids[0] = rnd(4) ? column() : constant();
        e->kids[1] = rnd(4) ? constant() : column();
        return e;
    case 2:
        e = node(RT_IN_RANGE, 3);
        e->kids[0] = column();
        e->kids[1] = node(RT_CONST, 0);
        e->kids[1]->k = rt_num((double)rnd(3));
        e->kids[2] = rnd(5) ? node(RT_CONST, 0) : constant();
        if (e->kids[2]->op == RT_CONST && e->kids[2]->k.tag == RT_MISSING)
            e->kids[2]->k = rt_num(2 + (double)rnd(3));
        e->negated = rnd(2);
        return e;
    case 3: {
        int n = 1 + (int)rnd(3);
        e = node(RT_IN_LIST, n + 1);
        e->kids[0] = column();
        for (int i = 1; i <= n; i++)
            e->kids[i] = constant();
        e->negated = rnd(2);
        return e;
    }
    case 4:
        e = node(RT_IS_MISSING, 1);
        e->kids[0] = column();
        e->negated = rnd(2);
        return e;
    case 5: return constant(); /* not compiled */
    case 6:
        e = node(RT_NOT, 1);
        e->kids[0] = atom(depth - 1);
        return e;
    case 7:
        e = node(RT_LET, 1);
        e->slot = 0;
        e->kids[0] = atom(depth - 1);
        return e;
    default:
        e = node(rnd(6) || class_only ? RT_AND : RT_OR, 2);
        e->kids[0] = atom(depth - 1);
        e->kids[1] = atom(depth - 1);
        return e;
    }
}

/* A copy of e node by node (other addresses, the same expression). */
static rt_expr *copy(const rt_expr *e)
{
    rt_expr *c = node(e->op, e->nkids);
    c->slot = e->slot;
    c->k = e->k;
    c->negated = e->negated;
    for (int i = 0; i < e->nkids; i++)
        c->kids[i] = copy(e->kids[i]);
    return c;
}

/* Columns 0..5 are int in 0..3 (their range tests become tables; 4 and
 * the halves are outside the contract, and take the tests one by one);
 * the others are of any type. */
static rt_column cols[12];

/* The values a column loop converts a field to, as (number, text) pairs
 * (worker.c fast_*): missing, booleans with their plain text, allowed
 * texts (interned), a number, plain text. */
enum { NPAIRS = 8 };
static rt_value pair_num(int v)
{
    return v == 1 || v == 2 ? rt_bool(v == 2)
           : v == 6         ? rt_num(2)
                            : rt_missing();
}
static rt_value pair_str(int v)
{
    return v == 0             ? rt_missing()
           : v >= 3 && v <= 5 ? rt_interned(interned[v - 3])
                              : rt_str(plain_b);
}

/* Records whose preclassed columns' tests come from
 * rt_filterset_class_masks (as a run's column loop gives them) pass the
 * wheres the evaluator passes; the number of sets with such columns into
 * *sets. */
static int preclassed_bad(rt_filterset *set, rt_expr *const *where,
                          const int *id, int nw, int *sets)
{
    int words = rt_filterset_words(set), bad = 0;
    if (words > 16)
        return 0;
    uint64_t masks[12][NPAIRS * 16];
    bool pre[12] = {false}, any = false;
    rt_value nums[NPAIRS], strs[NPAIRS];
    for (int v = 0; v < NPAIRS; v++) {
        nums[v] = pair_num(v);
        strs[v] = pair_str(v);
    }
    for (int c = 0; c < 12; c++)
        any |= pre[c] =
            rt_filterset_class_masks(set, c, NPAIRS, nums, strs, masks[c]);
    *sets += any;
    rt_filterset_preclassed(set, pre);
    for (int r = 0; r < 50; r++) {
        rt_value num[12], str[12];
        uint64_t t[16] = {0}, bits[16], passed[16];
        for (int c = 0; c < 12; c++) {
            int v = (int)rnd(NPAIRS);
            num[c] = pre[c] ? pair_num(v) : any_value();
            str[c] = pre[c] ? pair_str(v) : any_value();
            for (int k = 0; pre[c] && k < words; k++)
                t[k] |= masks[c][v * words + k];
        }
        rt_env env = {.col_num = num, .col_str = str};
        rt_filterset_eval(set, &env, bits, passed, t);
        for (int j = 0; j < nw; j++)
            bad +=
                rt_filter_passed(passed, id[j]) != rt_eval_true(where[j], &env);
        rt_filterset_eval_active(set, &env, bits, passed, t);
        for (int j = 0; j < nw; j++)
            bad +=
                rt_filter_passed(passed, id[j]) != rt_eval_true(where[j], &env);
    }
    return bad;
}

int main(void)
{
    int compiled = 0, bad = 0, total = 0, wide = 0, redup = 0;
    int classed = 0, classed_wide = 0, tabled = 0, tabled_wide = 0;
    int two_words = 0, pre_bad = 0, pre_sets = 0;
    for (int c = 0; c < 6; c++)
        cols[c] = (rt_column){.type = RT_COL_INT, .has_range = true, .hi = 3};
    for (int t = 0; t < 3000; t++) {
        npool = 0;
        class_only = t >= 1500;
        /* Now and then a set of 200 wheres: past 64 tests and wheres. */
        enum { MAXW = 200 };
        /* And sets of 12, mostly in one word with several range tests
         * of a column. */
        int nw = t % 10 == 0   ? MAXW
                 : t % 10 == 3 ? 100 /* wheres in two words */
                 : t % 10 == 5 ? 12
                               : 3;
        few_columns = nw == 12;
        rt_expr *where[MAXW];
        int id[MAXW];
        rt_filterset *set = rt_filterset_new();
        for (int j = 0; j < nw; j++) {
            where[j] = few_columns && j % 2        ? range_atom()
                       : few_columns && j % 6 == 2 ? either_end()
                                                   : atom(3);
            if (few_columns && j % 4 == 3) { /* a band and something */
                rt_expr *both = node(RT_AND, 2);
                both->kids[0] = where[j];
                both->kids[1] = atom(1);
                where[j] = both;
            }
            id[j] = rt_filterset_add(set, where[j]);
            compiled += rt_filterset_compiled(set, id[j]);
            total++;
        }
        /* A where added again, as a copy, is the same where. */
        for (int j = 0; j < nw; j++)
            if (rt_filterset_add(set, copy(where[j])) != id[j])
                redup++;
        rt_filterset_finish(set, cols);
        wide += rt_filterset_words(set) > 1;
        two_words += rt_filterset_pass_words(set) == 2;
        tabled += rt_filterset_tabled(set) > 0;
        tabled_wide +=
            rt_filterset_tabled(set) > 0 && rt_filterset_words(set) > 1;
        classed += rt_filterset_classed(set) > 0;
        classed_wide +=
            rt_filterset_classed(set) > 0 && rt_filterset_words(set) > 1;
        uint64_t bits[16], passed[16];
        for (int r = 0; r < 50 && rt_filterset_words(set) <= 16; r++) {
            rt_value num[12], str[12];
            for (int i = 0; i < 12; i++) {
                num[i] = any_value();
                str[i] = any_value();
            }
            rt_env env = {.col_num = num, .col_str = str};
            rt_filterset_eval(set, &env, bits, passed, NULL);
            for (int j = 0; j < nw; j++)
                if (rt_filter_passed(passed, id[j]) !=
                    rt_eval_true(where[j], &env))
                    bad++;
        }
        pre_bad += preclassed_bad(set, where, id, nw, &pre_sets);
        rt_filterset_free(set);
        for (int i = 0; i < npool; i++) {
            free(pool[i]->kids);
            free(pool[i]);
        }
    }
    char label[160];
    snprintf(label, sizeof label,
             "compiled wheres agree with the evaluator (%d of %d compiled, "
             "%d sets past 64 tests, %d with wheres in two words)",
             compiled, total, wide, two_words);
    TEST_COND(label,
              bad == 0 && compiled > total / 4 && wide > 0 && two_words > 100);
    snprintf(label, sizeof label,
             "tests decided by value class are in %d sets (%d past 64 "
             "tests)",
             classed, classed_wide);
    TEST_COND(label, classed > 100 && classed_wide > 0);
    snprintf(label, sizeof label,
             "range tests decided by a table of an int column's values are "
             "in %d sets (%d past 64 tests)",
             tabled, tabled_wide);
    TEST_COND(label, tabled - tabled_wide > 100 && tabled_wide > 100);
    snprintf(label, sizeof label,
             "tests decided with the column's value (a run's column loop) "
             "give the evaluator's wheres (%d sets with such columns)",
             pre_sets);
    TEST_COND(label, pre_bad == 0 && pre_sets > 100);
    TEST_COND("a where added twice has one id", redup == 0);
    TEST_COND("wheres that are not conjunctions are evaluated too",
              compiled < total);
    return TEST_REPORT();
}
