/* filter.c — conjunctions of column tests: the distinct tests of a scan,
 * and each where as the list of its tests. Each test mirrors eval.c's
 * rules for its operator exactly; `not` is folded into the test (a
 * flipped relation, a flipped `negated`), which is exact because negation
 * keeps missing missing. */
#include "filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef enum {
    T_TRUE,    /* a boolean column is true (false with neg); loose: an
                  operand of `and`, where any other non-missing value
                  counts as true too (eval.c's logic()) */
    T_CMP,     /* column op constant */
    T_RANGE,   /* column in lo..hi (negated: not in) */
    T_LIST,    /* column in (constants) (negated: not in) */
    T_MISSING, /* column is missing (negated: is not missing) */
} test_kind;

typedef struct test {
    test_kind kind;
    rt_opcode op; /* T_CMP: EQ..GE, the column on the left */
    bool num;     /* the column read as a number (else as text) */
    bool neg, loose;
    int slot;
    rt_value k;     /* T_CMP */
    double lo, hi;  /* T_RANGE */
    rt_value *list; /* T_LIST, owned */
    int nlist;
} test;

/* One where: the indexes of its tests (sorted, distinct), or, when it is
 * not a conjunction of tests, the where itself (tree: evaluated by the
 * tree evaluator, once per record for every aggregate that has it). */
typedef struct filter {
    int *tests;
    int n;
    const rt_expr *tree;
    /* A tree that reads one tabled column only, without side effects:
     * its outcome for each value of the column's range from tlo, then
     * for missing (tout[tn]); NULL when not tabled. */
    unsigned char *tout;
    int tslot;
    double tlo;
    long tn;
} filter;

struct rt_filterset {
    test *t; /* distinct tests */
    int nt, capt;
    filter *f;
    int nf, capf;
    filter cur; /* the where being compiled */
    int capcur;
    /* Per test, the wheres that have it ([test * pass words]): a where
     * holds unless a test it has fails, and a record fails few tests.
     * all_tests: the tests' bits [words]; all_wheres: [pass words]. */
    uint64_t *wheres_of;
    uint64_t *all_tests, *all_wheres;
    int words;
    /* The same for the active wheres alone (rt_filterset_set_active):
     * ids below nactive, their tests, in apw words. */
    int nactive, apw, ntrees_active;
    uint64_t *act_wheres_of, *act_tests, *act_wheres;
    /* When the tests fit a word and the active wheres too (the usual
     * case): for byte j of the failed tests, bytemiss[j * 256 + byte]
     * is the active wheres they fail, so the rule is a few lookups, not
     * a loop over the failed tests (whose count no branch predicts). */
    uint64_t *act_bytemiss;
    int act_nbytes;
    int *trees; /* the ids of the tree filters (rt_filterset_finish) */
    int ntrees;
    /* The tests, as rt_filterset_finish splits them: the numeric ones as
     * intervals (checked in one tight loop), the others' indexes. */
    struct interval *iv;
    int niv;
    struct colclass *cc;
    int ncc;
    int ncc_pre; /* the first ncc_pre classes: their columns' tests come
                    decided with the record (rt_filterset_preclassed) */
    struct valtable *vt;
    int nvt;
    int *other;
    int nother;
};

/* The tests of one column whose outcomes depend only on the class of
 * its value (missing, false, true, a number, one of the interned
 * constants they name, other interned text): looked up once per record
 * as one mask of their bits, instead of deciding each test. */
#define CC_MAX_CONST 8
enum { CC_MISSING, CC_FALSE, CC_TRUE, CC_NUMBER, CC_OTHER, CC_CONST };
struct colclass {
    int slot;
    bool num;
    bool content; /* some test reads the text (a comparison or a list):
                     text that is not interned takes the tests one by one */
    int nk;
    const char *k[CC_MAX_CONST]; /* the interned constants named */
    uint64_t *mask;              /* [class * words]: the tests' bits */
    int *tests;                  /* the tests' indexes, for text that is
                                    not interned */
    int ntests;
};

/* A test of a number column against constants: the column's number is
 * in [lo, hi] (not in, with neg); a missing or non-numeric value fails
 * either way. */
struct interval {
    int slot, bit;
    double lo, hi;
    bool neg;
};

/* The interval tests of an int column with a small declared range (the
 * 42 age bands of the 60-indicator bench): the value, a whole number in
 * the range by the dataset's contract, indexes a table of their bits,
 * one lookup instead of a test each. Any other value (missing, or one
 * the contract did not check) takes the tests one by one. */
#define VT_MAX 1024
struct valtable {
    int slot;
    double lo;           /* the value of entry 0 */
    long n;              /* entries */
    uint64_t *mask;      /* [entry * words]: the tests' bits */
    struct interval *iv; /* the tests */
    int niv;
};

static bool same_value(rt_value a, rt_value b)
{
    return a.tag == b.tag && a.b == b.b &&
           (a.tag == RT_STR   ? a.str == b.str
            : a.tag == RT_NUM ? a.num == b.num
                              : true);
}

static bool same_test(const test *a, const test *b)
{
    if (a->kind != b->kind || a->op != b->op || a->num != b->num ||
        a->neg != b->neg || a->loose != b->loose || a->slot != b->slot ||
        !same_value(a->k, b->k) || a->lo != b->lo || a->hi != b->hi ||
        a->nlist != b->nlist)
        return false;
    for (int i = 0; i < a->nlist; i++)
        if (!same_value(a->list[i], b->list[i]))
            return false;
    return true;
}

/* Adds test t to the where being compiled (shared with equal tests). */
static bool push(rt_filterset *s, test t)
{
    int i = 0;
    while (i < s->nt && !same_test(&s->t[i], &t))
        i++;
    if (i == s->nt) {
        if (s->nt == s->capt) {
            s->capt = s->capt ? 2 * s->capt : 8;
            s->t = rt_xrealloc(s->t, (size_t)s->capt * sizeof *s->t);
        }
        s->t[s->nt++] = t;
    } else {
        free(t.list);
    }
    if (s->cur.n == s->capcur) {
        s->capcur = s->capcur ? 2 * s->capcur : 4;
        s->cur.tests =
            rt_xrealloc(s->cur.tests, (size_t)s->capcur * sizeof(int));
    }
    s->cur.tests[s->cur.n++] = i;
    return true;
}

static bool is_col(const rt_expr *e)
{
    return e->op == RT_COLNUM || e->op == RT_COLSTR;
}

/* The relation that holds exactly when op does not (both comparable). */
static rt_opcode flip(rt_opcode op)
{
    switch (op) {
    case RT_EQ: return RT_NE;
    case RT_NE: return RT_EQ;
    case RT_LT: return RT_GE;
    case RT_LE: return RT_GT;
    case RT_GT: return RT_LE;
    default: return RT_LT; /* RT_GE */
    }
}

/* op with its operands swapped (k op col as col op' k). */
static rt_opcode mirror(rt_opcode op)
{
    switch (op) {
    case RT_LT: return RT_GT;
    case RT_LE: return RT_GE;
    case RT_GT: return RT_LT;
    case RT_GE: return RT_LE;
    default: return op;
    }
}

static bool comparison(rt_filterset *f, const rt_expr *e, bool neg)
{
    const rt_expr *a = e->kids[0], *b = e->kids[1];
    rt_opcode op = e->op;
    if (is_col(b) && a->op == RT_CONST) {
        const rt_expr *t = a;
        a = b;
        b = t;
        op = mirror(op);
    }
    if (!is_col(a) || b->op != RT_CONST)
        return false;
    return push(f, (test){.kind = T_CMP,
                          .op = neg ? flip(op) : op,
                          .num = a->op == RT_COLNUM,
                          .slot = a->slot,
                          .k = b->k});
}

static bool list_of(rt_filterset *f, const rt_expr *e, bool neg)
{
    if (!is_col(e->kids[0]))
        return false;
    for (int i = 1; i < e->nkids; i++)
        if (e->kids[i]->op != RT_CONST)
            return false;
    rt_value *list = rt_xcalloc((size_t)e->nkids, sizeof *list);
    for (int i = 1; i < e->nkids; i++)
        list[i - 1] = e->kids[i]->k;
    return push(f, (test){.kind = T_LIST,
                          .num = e->kids[0]->op == RT_COLNUM,
                          .neg = e->negated != neg,
                          .slot = e->kids[0]->slot,
                          .list = list,
                          .nlist = e->nkids - 1});
}

/* Adds the tests of e (negated when neg; in_and: e is an operand of
 * `and`); false when e is not a conjunction of supported tests. */
static bool compile(rt_filterset *f, const rt_expr *e, bool neg, bool in_and)
{
    const rt_expr *x = e->nkids ? e->kids[0] : NULL;
    switch (e->op) {
    case RT_LET: return compile(f, x, neg, in_and); /* pure: inlined */
    case RT_NOT: return compile(f, x, !neg, false);
    case RT_AND:
        return !neg && compile(f, x, false, true) &&
               compile(f, e->kids[1], false, true);
    case RT_COLNUM:
        return push(f, (test){.kind = T_TRUE,
                              .num = true,
                              .neg = neg,
                              .loose = in_and && !neg,
                              .slot = e->slot});
    case RT_EQ:
    case RT_NE:
    case RT_LT:
    case RT_LE:
    case RT_GT:
    case RT_GE: return comparison(f, e, neg);
    case RT_IN_RANGE:
        if (!is_col(x) || e->kids[1]->op != RT_CONST ||
            e->kids[2]->op != RT_CONST || e->kids[1]->k.tag != RT_NUM ||
            e->kids[2]->k.tag != RT_NUM)
            return false;
        return push(f, (test){.kind = T_RANGE,
                              .num = x->op == RT_COLNUM,
                              .neg = e->negated != neg,
                              .slot = x->slot,
                              .lo = e->kids[1]->k.num,
                              .hi = e->kids[2]->k.num});
    case RT_IN_LIST: return list_of(f, e, neg);
    case RT_IS_MISSING:
        if (!is_col(x))
            return false;
        return push(f, (test){.kind = T_MISSING,
                              .num = x->op == RT_COLNUM,
                              .neg = e->negated != neg,
                              .slot = x->slot});
    default: return false;
    }
}

rt_filterset *rt_filterset_new(void)
{
    return rt_xcalloc(1, sizeof(rt_filterset));
}

static int by_int(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) -
           (*(const int *)a < *(const int *)b);
}

/* The compiled where's tests sorted and without repeats, so that two
 * wheres of the same tests are found equal whatever their order. */
static void normalise(filter *f)
{
    qsort(f->tests, (size_t)f->n, sizeof *f->tests, by_int);
    int n = 0;
    for (int i = 0; i < f->n; i++)
        if (n == 0 || f->tests[n - 1] != f->tests[i])
            f->tests[n++] = f->tests[i];
    f->n = n;
}

static bool same_filter(const filter *a, const filter *b)
{
    if (a->tree || b->tree)
        return a->tree && b->tree && rt_expr_same(a->tree, b->tree);
    return a->n == b->n &&
           memcmp(a->tests, b->tests, (size_t)a->n * sizeof *a->tests) == 0;
}

/* The id of f: an equal where's (f is then freed), else a new one. */
static int intern_filter(rt_filterset *s, filter f)
{
    for (int i = 0; i < s->nf; i++)
        if (same_filter(&s->f[i], &f)) {
            free(f.tests);
            return i;
        }
    if (s->nf == s->capf) {
        s->capf = s->capf ? 2 * s->capf : 8;
        s->f = rt_xrealloc(s->f, (size_t)s->capf * sizeof *s->f);
    }
    s->f[s->nf] = f;
    return s->nf++;
}

int rt_filterset_add(rt_filterset *s, const rt_expr *where)
{
    if (!where)
        return -1;
    s->cur = (filter){0};
    s->capcur = 0;
    /* Tests added by a where that then fails to compile stay in the set:
     * checked, never read. */
    if (!compile(s, where, false, false)) {
        free(s->cur.tests);
        return intern_filter(s, (filter){.tree = where});
    }
    normalise(&s->cur);
    return intern_filter(s, s->cur);
}

bool rt_filterset_compiled(const rt_filterset *s, int id)
{
    return !s->f[id].tree;
}

int rt_filterset_tests(const rt_filterset *s, int id, const int **tests)
{
    *tests = s->f[id].tests;
    return s->f[id].tree ? -1 : s->f[id].n;
}

int rt_filterset_add_tests(rt_filterset *s, const int *tests, int n)
{
    filter f = {.tests = rt_xcalloc((size_t)n + 1, sizeof(int)), .n = n};
    memcpy(f.tests, tests, (size_t)n * sizeof(int));
    normalise(&f);
    return intern_filter(s, f);
}

static bool as_interval(const test *t, int bit, struct interval *out);

bool rt_filterset_test_interval(const rt_filterset *s, int t, rt_interval *out)
{
    struct interval iv;
    if (!as_interval(&s->t[t], t, &iv))
        return false;
    *out = (rt_interval){iv.slot, iv.lo, iv.hi, iv.neg};
    return true;
}

/* t as an interval test, when it is one: a range of a number column, or
 * a comparison of one with a finite number (column numbers are finite,
 * so x < k is x <= the double below k, exactly). */
static bool as_interval(const test *t, int bit, struct interval *out)
{
    *out = (struct interval){.slot = t->slot, .bit = bit, .neg = t->neg};
    if (!t->num)
        return false;
    if (t->kind == T_RANGE) {
        out->lo = t->lo;
        out->hi = t->hi;
        return true;
    }
    if (t->kind != T_CMP || t->k.tag != RT_NUM || !isfinite(t->k.num))
        return false;
    double k = t->k.num;
    out->lo = -INFINITY;
    out->hi = INFINITY;
    switch (t->op) {
    case RT_EQ: out->lo = out->hi = k; break;
    case RT_NE:
        out->lo = out->hi = k;
        out->neg = true;
        break;
    case RT_LT: out->hi = nextafter(k, -INFINITY); break;
    case RT_LE: out->hi = k; break;
    case RT_GT: out->lo = nextafter(k, INFINITY); break;
    default: out->lo = k; break; /* RT_GE */
    }
    return true;
}

static bool holds(const test *t, const rt_env *env);

/* Whether t's outcome depends only on its value's class: a truth or
 * missing test, or equality with interned text (each constant of a list
 * too). */
static bool classifiable(const test *t)
{
    switch (t->kind) {
    case T_TRUE:
    case T_MISSING: return true;
    case T_CMP:
        return (t->op == RT_EQ || t->op == RT_NE) && t->k.tag == RT_STR &&
               t->k.b;
    case T_LIST:
        for (int i = 0; i < t->nlist; i++)
            if (t->list[i].tag != RT_STR || !t->list[i].b)
                return false;
        return true;
    default: return false;
    }
}

/* The column's interned constant k, added to its classes when new;
 * false when there are too many. */
static bool add_const(struct colclass *c, const char *k)
{
    for (int j = 0; j < c->nk; j++)
        if (c->k[j] == k)
            return true;
    if (c->nk == CC_MAX_CONST)
        return false;
    c->k[c->nk++] = k;
    return true;
}

static bool add_consts(struct colclass *c, const test *t)
{
    if (t->kind == T_CMP)
        return add_const(c, t->k.str);
    for (int i = 0; t->kind == T_LIST && i < t->nlist; i++)
        if (!add_const(c, t->list[i].str))
            return false;
    return true;
}

/* Test t's outcome for a value of class cls: by holds() on a value of
 * the class, except other interned text, which equals no constant. */
static bool class_outcome(const struct colclass *c, const test *t, int cls)
{
    rt_value v = cls == CC_MISSING  ? rt_missing()
                 : cls == CC_FALSE  ? rt_bool(false)
                 : cls == CC_TRUE   ? rt_bool(true)
                 : cls == CC_NUMBER ? rt_num(0)
                 : cls >= CC_CONST  ? rt_interned(c->k[cls - CC_CONST])
                                    : rt_missing();
    if (cls != CC_OTHER) {
        rt_value *cols = rt_xcalloc((size_t)t->slot + 1, sizeof *cols);
        cols[t->slot] = v;
        rt_env env = {.col_num = cols, .col_str = cols};
        bool r = holds(t, &env);
        free(cols);
        return r;
    }
    switch (t->kind) {
    case T_TRUE: return t->loose;
    case T_CMP: return t->op == RT_NE;
    default: return t->neg; /* T_LIST, T_MISSING: present, in no list */
    }
}

/* Groups the tests that are not intervals by column: those of a column
 * whose tests are all classifiable become one class lookup. */
static void split_classes(rt_filterset *s, const int *rest, int nrest)
{
    bool *done = rt_xcalloc((size_t)nrest + 1, sizeof *done);
    s->cc = rt_xcalloc((size_t)nrest + 1, sizeof *s->cc);
    for (int i = 0; i < nrest; i++) {
        if (done[i])
            continue;
        const test *t = &s->t[rest[i]];
        struct colclass c = {.slot = t->slot, .num = t->num};
        bool ok = true;
        for (int j = i; j < nrest && ok; j++) {
            const test *u = &s->t[rest[j]];
            if (u->slot == c.slot && u->num == c.num)
                ok = classifiable(u) && add_consts(&c, u);
        }
        if (!ok) {
            for (int j = i; j < nrest; j++)
                if (!done[j] && s->t[rest[j]].slot == c.slot &&
                    s->t[rest[j]].num == c.num) {
                    done[j] = true;
                    s->other[s->nother++] = rest[j];
                }
            continue;
        }
        int ncls = CC_CONST + c.nk;
        c.mask = rt_xcalloc((size_t)ncls * (size_t)s->words, sizeof *c.mask);
        c.tests = rt_xcalloc((size_t)nrest + 1, sizeof *c.tests);
        for (int j = i; j < nrest; j++) {
            const test *u = &s->t[rest[j]];
            if (done[j] || u->slot != c.slot || u->num != c.num)
                continue;
            done[j] = true;
            c.tests[c.ntests++] = rest[j];
            c.content |= u->kind == T_CMP || u->kind == T_LIST;
            for (int cls = 0; cls < ncls; cls++)
                if (class_outcome(&c, u, cls))
                    c.mask[(size_t)cls * (size_t)s->words +
                           (size_t)(rest[j] >> 6)] |= 1ull << (rest[j] & 63);
        }
        s->cc[s->ncc++] = c;
    }
    free(done);
}

static void free_classes(rt_filterset *s)
{
    for (int i = 0; i < s->ncc; i++) {
        free(s->cc[i].mask);
        free(s->cc[i].tests);
    }
    free(s->cc);
    s->cc = NULL;
    s->ncc = 0;
    s->ncc_pre = 0;
}

/* Branch-free: outcomes are as random as the records. */
static inline bool interval_holds(const struct interval *iv, rt_value v)
{
    bool in = (v.num >= iv->lo) & (v.num <= iv->hi);
    return (v.tag == RT_NUM) & (in != iv->neg);
}

/* Whether column col's values can index a table: an int column whose
 * declared range has whole ends and at most VT_MAX values. */
static bool tabled_column(const rt_column *col)
{
    return rt_filterset_tabled_column(col);
}

bool rt_filterset_tabled_column(const rt_column *col)
{
    return col->type == RT_COL_INT && col->has_range && isfinite(col->lo) &&
           isfinite(col->hi) && col->lo == floor(col->lo) &&
           col->hi == floor(col->hi) && col->hi >= col->lo &&
           col->hi - col->lo < VT_MAX;
}

/* Moves the intervals of each tabled column with at least two of them
 * into a value table. */
static void split_tables(rt_filterset *s, const rt_column *cols)
{
    s->vt = rt_xcalloc((size_t)s->niv + 1, sizeof *s->vt);
    s->nvt = 0;
    for (int i = 0; cols && i < s->niv; i++) {
        int slot = s->iv[i].slot, n = 0;
        for (int j = i; j < s->niv; j++)
            n += s->iv[j].slot == slot;
        if (n < 2 || !tabled_column(&cols[slot]))
            continue;
        struct valtable *vt = &s->vt[s->nvt++];
        vt->slot = slot;
        vt->lo = cols[slot].lo;
        vt->n = (long)(cols[slot].hi - cols[slot].lo) + 1;
        vt->iv = rt_xcalloc((size_t)n, sizeof *vt->iv);
        vt->mask =
            rt_xcalloc((size_t)vt->n * (size_t)s->words, sizeof *vt->mask);
        int keep = i;
        for (int j = i; j < s->niv; j++) {
            if (s->iv[j].slot != slot) {
                s->iv[keep++] = s->iv[j];
                continue;
            }
            const struct interval *iv = &s->iv[j];
            vt->iv[vt->niv++] = *iv;
            for (long e = 0; e < vt->n; e++)
                if (interval_holds(iv, rt_num(vt->lo + (double)e)))
                    vt->mask[e * s->words + (iv->bit >> 6)] |=
                        1ull << (iv->bit & 63);
        }
        s->niv = keep;
        i--; /* s->iv[i] is now the next column's */
    }
}

static void free_tables(rt_filterset *s)
{
    for (int i = 0; i < s->nvt; i++) {
        free(s->vt[i].mask);
        free(s->vt[i].iv);
    }
    free(s->vt);
    s->vt = NULL;
    s->nvt = 0;
}

static inline long value_entry(double lo, long n, rt_value v)
{
    return rt_value_entry(lo, n, v);
}

static inline long table_entry(const struct valtable *vt, rt_value v)
{
    return value_entry(vt->lo, vt->n, v);
}

/* Whether e reads no column but *slot (set by the first it meets, as a
 * number) and has no side effect (no division's flag, no overall or
 * per-key value): then its value depends on that column's alone. */
static bool reads_one_column(const rt_expr *e, int *slot)
{
    switch (e->op) {
    case RT_COLNUM:
        if (*slot >= 0 && *slot != e->slot)
            return false;
        *slot = e->slot;
        return true;
    case RT_CONST:
    case RT_LET:
    case RT_NOT:
    case RT_AND:
    case RT_OR:
    case RT_EQ:
    case RT_NE:
    case RT_LT:
    case RT_LE:
    case RT_GT:
    case RT_GE:
    case RT_IN_LIST:
    case RT_IN_RANGE:
    case RT_IS_MISSING:
    case RT_IF:
    case RT_COALESCE: break;
    default: return false;
    }
    for (int i = 0; i < e->nkids; i++)
        if (!reads_one_column(e->kids[i], slot))
            return false;
    return true;
}

/* Tables the outcomes of tree where f when it reads one tabled column
 * only (`age < 15 or age >= 65`): the evaluator's own answer for every
 * value of the range and for missing. */
static void table_tree(filter *f, const rt_column *cols)
{
    int slot = -1;
    free(f->tout);
    f->tout = NULL;
    if (!cols || !reads_one_column(f->tree, &slot) || slot < 0 ||
        !tabled_column(&cols[slot]))
        return;
    f->tslot = slot;
    f->tlo = cols[slot].lo;
    f->tn = (long)(cols[slot].hi - cols[slot].lo) + 1;
    f->tout = rt_xcalloc((size_t)f->tn + 1, 1);
    rt_value *vals = rt_xcalloc((size_t)slot + 1, sizeof *vals);
    rt_env env = {.col_num = vals, .col_str = vals};
    for (long e = 0; e <= f->tn; e++) {
        vals[slot] = e < f->tn ? rt_num(f->tlo + (double)e) : rt_missing();
        f->tout[e] = rt_eval_true(f->tree, &env);
    }
    free(vals);
}

/* The active wheres failed by each value of each byte of the failed
 * tests (rt_filterset: act_bytemiss), when tests and active wheres fit
 * a word each. */
static void byte_tables(rt_filterset *s)
{
    free(s->act_bytemiss);
    s->act_bytemiss = NULL;
    s->act_nbytes = 0;
    if (s->words != 1 || s->apw != 1 || !s->act_tests[0])
        return;
    int nb = (63 - __builtin_clzll(s->act_tests[0])) / 8 + 1;
    s->act_bytemiss = rt_xcalloc((size_t)nb * 256, sizeof(uint64_t));
    for (int j = 0; j < nb; j++)
        for (int v = 0; v < 256; v++) {
            uint64_t miss = 0;
            for (int k = 0; k < 8; k++) {
                int t = 8 * j + k;
                if ((v >> k & 1) && (s->act_tests[0] >> t & 1))
                    miss |= s->act_wheres_of[t];
            }
            s->act_bytemiss[(size_t)j * 256 + (size_t)v] = miss;
        }
    s->act_nbytes = nb;
}

/* The masks of the active wheres (ids below nactive; all when unset). */
static void active_masks(rt_filterset *s)
{
    if (s->nactive <= 0 || s->nactive > s->nf)
        s->nactive = s->nf;
    size_t apw = (size_t)(s->nactive + 63) / 64;
    s->apw = (int)apw;
    free(s->act_wheres_of);
    free(s->act_tests);
    free(s->act_wheres);
    s->act_wheres_of = rt_xcalloc((size_t)s->nt * apw + 1, sizeof(uint64_t));
    s->act_tests = rt_xcalloc((size_t)s->words + 1, sizeof(uint64_t));
    s->act_wheres = rt_xcalloc(apw + 1, sizeof(uint64_t));
    for (int f = 0; f < s->nactive; f++) {
        s->act_wheres[f >> 6] |= 1ull << (f & 63);
        for (int i = 0; i < s->f[f].n; i++) {
            int t = s->f[f].tests[i];
            s->act_wheres_of[(size_t)t * apw + (size_t)(f >> 6)] |= 1ull
                                                                    << (f & 63);
            s->act_tests[t >> 6] |= 1ull << (t & 63);
        }
    }
    byte_tables(s);
    s->ntrees_active = 0;
    while (s->ntrees_active < s->ntrees &&
           s->trees[s->ntrees_active] < s->nactive)
        s->ntrees_active++;
}

void rt_filterset_finish(rt_filterset *s, const rt_column *cols)
{
    free(s->iv);
    free(s->other);
    free_classes(s);
    free_tables(s);
    s->iv = rt_xcalloc((size_t)s->nt + 1, sizeof *s->iv);
    s->other = rt_xcalloc((size_t)s->nt + 1, sizeof *s->other);
    int *rest = rt_xcalloc((size_t)s->nt + 1, sizeof *rest), nrest = 0;
    s->niv = s->nother = 0;
    for (int i = 0; i < s->nt; i++) {
        if (as_interval(&s->t[i], i, &s->iv[s->niv]))
            s->niv++;
        else
            rest[nrest++] = i;
    }
    s->words = (s->nt + 63) / 64;
    split_tables(s, cols);
    split_classes(s, rest, nrest);
    free(rest);
    free(s->trees);
    s->trees = rt_xcalloc((size_t)s->nf + 1, sizeof *s->trees);
    s->ntrees = 0;
    for (int f = 0; f < s->nf; f++)
        if (s->f[f].tree) {
            s->trees[s->ntrees++] = f;
            table_tree(&s->f[f], cols);
        }
    size_t pw = (size_t)rt_filterset_pass_words(s);
    free(s->wheres_of);
    free(s->all_tests);
    free(s->all_wheres);
    s->wheres_of = rt_xcalloc((size_t)s->nt * pw + 1, sizeof *s->wheres_of);
    s->all_tests = rt_xcalloc((size_t)s->words + 1, sizeof *s->all_tests);
    s->all_wheres = rt_xcalloc(pw + 1, sizeof *s->all_wheres);
    for (int f = 0; f < s->nf; f++) {
        s->all_wheres[f >> 6] |= 1ull << (f & 63);
        for (int i = 0; i < s->f[f].n; i++) {
            int t = s->f[f].tests[i];
            s->wheres_of[(size_t)t * pw + (size_t)(f >> 6)] |= 1ull << (f & 63);
        }
    }
    for (int t = 0; t < s->nt; t++)
        s->all_tests[t >> 6] |= 1ull << (t & 63);
    active_masks(s);
}

int rt_filterset_words(const rt_filterset *s)
{
    return s->words;
}

int rt_filterset_count(const rt_filterset *s)
{
    return s->nf;
}

int rt_filterset_pass_words(const rt_filterset *s)
{
    return (s->nf + 63) / 64;
}

static bool relation(rt_opcode op, int c)
{
    switch (op) {
    case RT_EQ: return c == 0;
    case RT_NE: return c != 0;
    case RT_LT: return c < 0;
    case RT_LE: return c <= 0;
    case RT_GT: return c > 0;
    default: return c >= 0;
    }
}

static bool holds(const test *t, const rt_env *env)
{
    rt_value v = t->num ? env->col_num[t->slot] : env->col_str[t->slot];
    switch (t->kind) {
    case T_TRUE:
        return v.tag == RT_BOOL ? v.b != t->neg
                                : t->loose && v.tag != RT_MISSING;
    case T_CMP: {
        if (v.tag != t->k.tag)
            return false;    /* missing, or not comparable */
        if (v.tag == RT_NUM) /* the common cases without a call */
            return relation(t->op, (v.num > t->k.num) - (v.num < t->k.num));
        if (v.tag == RT_STR && v.b && t->k.b &&
            (t->op == RT_EQ || t->op == RT_NE))
            return (v.str == t->k.str) == (t->op == RT_EQ);
        int c = rt_compare(v, t->k, t->op == RT_EQ || t->op == RT_NE);
        return c != 2 && relation(t->op, c);
    }
    case T_RANGE:
        return v.tag == RT_NUM && (v.num >= t->lo && v.num <= t->hi) != t->neg;
    case T_LIST:
        if (v.tag == RT_MISSING)
            return false;
        for (int i = 0; i < t->nlist; i++)
            if (rt_compare(v, t->list[i], true) == 0)
                return !t->neg;
        return t->neg;
    default: return (v.tag == RT_MISSING) != t->neg; /* T_MISSING */
    }
}

/* The class of c's value in the record; -1 for text that is not
 * interned where some test reads the text (its tests are then decided
 * one by one). */
static inline int class_of(const struct colclass *c, rt_value v)
{
    static const signed char by_tag[] = {
        [RT_MISSING] = CC_MISSING,
        [RT_NUM] = CC_NUMBER,
        [RT_STR] = CC_OTHER,
        [RT_BOOL] = CC_FALSE,
    };
    if (v.tag != RT_STR)
        return by_tag[v.tag] + (v.tag == RT_BOOL && v.b);
    if (!v.b)
        return c->content ? -1 : CC_OTHER;
    /* Without a branch per constant (which one the text is, is as random
     * as the records): the constants are distinct, at most one matches. */
    int cls = CC_OTHER;
    for (int j = 0; j < c->nk; j++)
        cls += (v.str == c->k[j]) * (CC_CONST + j - CC_OTHER);
    return cls;
}

static inline int value_class(const struct colclass *c, const rt_env *env)
{
    return class_of(c, (c->num ? env->col_num : env->col_str)[c->slot]);
}

/* Sets the bits of c's tests that hold for the record. */
static void class_tests(const rt_filterset *s, const struct colclass *c,
                        const rt_env *env, uint64_t *tests)
{
    int cls = value_class(c, env);
    if (cls < 0) {
        for (int i = 0; i < c->ntests; i++) {
            int b = c->tests[i];
            tests[b >> 6] |= (uint64_t)holds(&s->t[b], env) << (b & 63);
        }
        return;
    }
    const uint64_t *m = c->mask + (size_t)cls * (size_t)s->words;
    for (int w = 0; w < s->words; w++)
        tests[w] |= m[w];
}

/* Why forced: the two evaluations (every where, the active ones) would
 * otherwise call these per record. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* The tests' results when they fit one word (up to 64 tests, the usual
 * case), gathered in a register: no branch per test (their outcomes are
 * as random as the records), no read-modify-write of memory. */
ALWAYS_INLINE uint64_t one_word_tests(const rt_filterset *s, const rt_env *env,
                                      const uint64_t *pre)
{
    uint64_t t = pre ? *pre : 0;
    for (int i = 0; i < s->nvt; i++) {
        const struct valtable *vt = &s->vt[i];
        rt_value v = env->col_num[vt->slot];
        long e = table_entry(vt, v);
        if (e >= 0) {
            t |= vt->mask[e];
            continue;
        }
        for (int k = 0; k < vt->niv; k++)
            t |= (uint64_t)interval_holds(&vt->iv[k], v) << vt->iv[k].bit;
    }
    for (int i = 0; i < s->niv; i++) {
        const struct interval *iv = &s->iv[i];
        t |= (uint64_t)interval_holds(iv, env->col_num[iv->slot]) << iv->bit;
    }
    for (int i = pre ? s->ncc_pre : 0; i < s->ncc; i++) {
        const struct colclass *c = &s->cc[i];
        int cls = value_class(c, env);
        if (cls >= 0) {
            t |= c->mask[cls];
            continue;
        }
        for (int k = 0; k < c->ntests; k++)
            t |= (uint64_t)holds(&s->t[c->tests[k]], env) << c->tests[k];
    }
    for (int i = 0; i < s->nother; i++)
        t |= (uint64_t)holds(&s->t[s->other[i]], env) << s->other[i];
    return t;
}

/* The tests' results in any number of words. */
static void many_word_tests(const rt_filterset *s, const rt_env *env,
                            uint64_t *tests, const uint64_t *pre)
{
    for (int w = 0; w < s->words; w++)
        tests[w] = pre ? pre[w] : 0;
    for (int i = 0; i < s->nvt; i++) {
        const struct valtable *vt = &s->vt[i];
        rt_value v = env->col_num[vt->slot];
        long e = table_entry(vt, v);
        for (int w = 0; e >= 0 && w < s->words; w++)
            tests[w] |= vt->mask[e * s->words + w];
        for (int k = 0; e < 0 && k < vt->niv; k++)
            tests[vt->iv[k].bit >> 6] |= (uint64_t)interval_holds(&vt->iv[k], v)
                                         << (vt->iv[k].bit & 63);
    }
    for (int i = 0; i < s->niv; i++) {
        const struct interval *t = &s->iv[i];
        tests[t->bit >> 6] |= (uint64_t)interval_holds(t, env->col_num[t->slot])
                              << (t->bit & 63);
    }
    for (int i = pre ? s->ncc_pre : 0; i < s->ncc; i++)
        class_tests(s, &s->cc[i], env, tests);
    for (int i = 0; i < s->nother; i++) {
        int b = s->other[i];
        tests[b >> 6] |= (uint64_t)holds(&s->t[b], env) << (b & 63);
    }
}

/* A tree filter has no tests (its bit is set by the tests' pass): the
 * evaluator decides it. */
ALWAYS_INLINE void trees(const rt_filterset *s, rt_env *env, uint64_t *passed,
                         int ntrees)
{
    for (int i = 0; i < ntrees; i++) {
        int f = s->trees[i];
        const filter *fl = &s->f[f];
        long e = -1;
        if (fl->tout) {
            rt_value v = env->col_num[fl->tslot];
            e = v.tag == RT_MISSING ? fl->tn : value_entry(fl->tlo, fl->tn, v);
        }
        bool holds = e >= 0 ? fl->tout[e] : rt_eval_true(fl->tree, env);
        uint64_t bit = 1ull << (f & 63);
        passed[f >> 6] =
            (passed[f >> 6] & ~bit) | ((uint64_t)holds << (f & 63));
    }
}

/* The wheres to decide, as masks (all of them, or the active ones). */
typedef struct where_masks {
    const uint64_t *wheres_of; /* [test * pw] */
    const uint64_t *tests;     /* [words]: the tests they have */
    const uint64_t *wheres;    /* [pw] */
    int pw;
} where_masks;

/* The wheres that hold: all, less those of each failed test. */
ALWAYS_INLINE void failed_tests_rule(const rt_filterset *s,
                                     const where_masks *m,
                                     const uint64_t *tests, uint64_t *passed)
{
    int pw = m->pw;
    if (pw == 1) { /* the usual case, in a register */
        uint64_t miss = 0;
        for (int w = 0; w < s->words; w++)
            for (uint64_t u = ~tests[w] & m->tests[w]; u; u &= u - 1)
                miss |= m->wheres_of[64 * w + __builtin_ctzll(u)];
        passed[0] = m->wheres[0] & ~miss;
        return;
    }
    if (pw == 2) { /* up to 128 wheres (the 60 indicators): registers */
        uint64_t m0 = 0, m1 = 0;
        for (int w = 0; w < s->words; w++)
            for (uint64_t u = ~tests[w] & m->tests[w]; u; u &= u - 1) {
                const uint64_t *wo =
                    m->wheres_of + (size_t)(64 * w + __builtin_ctzll(u)) * 2;
                m0 |= wo[0];
                m1 |= wo[1];
            }
        passed[0] = m->wheres[0] & ~m0;
        passed[1] = m->wheres[1] & ~m1;
        return;
    }
    memcpy(passed, m->wheres, sizeof *passed * (size_t)pw);
    for (int w = 0; w < s->words; w++)
        for (uint64_t u = ~tests[w] & m->tests[w]; u; u &= u - 1) {
            const uint64_t *wo =
                m->wheres_of + (size_t)(64 * w + __builtin_ctzll(u)) * pw;
            for (int i = 0; i < pw; i++)
                passed[i] &= ~wo[i];
        }
}

ALWAYS_INLINE void decide_tests(const rt_filterset *s, rt_env *env,
                                uint64_t *tests, const uint64_t *pre)
{
    if (s->words == 1)
        tests[0] = one_word_tests(s, env, pre);
    else if (s->words > 1)
        many_word_tests(s, env, tests, pre);
}

void rt_filterset_eval(const rt_filterset *s, rt_env *env, uint64_t *tests,
                       uint64_t *passed, const uint64_t *pre)
{
    decide_tests(s, env, tests, pre);
    where_masks m = {s->wheres_of, s->all_tests, s->all_wheres,
                     rt_filterset_pass_words(s)};
    failed_tests_rule(s, &m, tests, passed);
    trees(s, env, passed, s->ntrees);
}

void rt_filterset_eval_active(const rt_filterset *s, rt_env *env,
                              uint64_t *tests, uint64_t *passed,
                              const uint64_t *pre)
{
    decide_tests(s, env, tests, pre);
    if (s->act_bytemiss) {
        uint64_t failed = ~tests[0] & s->act_tests[0], miss = 0;
        for (int j = 0; j < s->act_nbytes; j++)
            miss |=
                s->act_bytemiss[(size_t)j * 256 + (failed >> (8 * j) & 0xFF)];
        passed[0] = s->act_wheres[0] & ~miss;
    } else {
        where_masks m = {s->act_wheres_of, s->act_tests, s->act_wheres, s->apw};
        failed_tests_rule(s, &m, tests, passed);
    }
    trees(s, env, passed, s->ntrees_active);
}

bool rt_filterset_class_masks(const rt_filterset *s, int col, int n,
                              const rt_value *nums, const rt_value *strs,
                              uint64_t *masks)
{
    bool any = false;
    memset(masks, 0, sizeof *masks * (size_t)n * (size_t)s->words);
    for (int i = 0; i < s->ncc; i++) {
        const struct colclass *c = &s->cc[i];
        if (c->slot != col)
            continue;
        any = true;
        for (int v = 0; v < n; v++) {
            int cls = class_of(c, c->num ? nums[v] : strs[v]);
            if (cls < 0)
                return false;
            for (int w = 0; w < s->words; w++)
                masks[(size_t)v * (size_t)s->words + (size_t)w] |=
                    c->mask[(size_t)cls * (size_t)s->words + (size_t)w];
        }
    }
    return any;
}

void rt_filterset_preclassed(rt_filterset *s, const bool *cols)
{
    int n = 0;
    for (int i = 0; i < s->ncc; i++)
        if (cols[s->cc[i].slot]) {
            struct colclass c = s->cc[i];
            memmove(&s->cc[n + 1], &s->cc[n], sizeof c * (size_t)(i - n));
            s->cc[n++] = c;
        }
    s->ncc_pre = n;
}

void rt_filterset_set_active(rt_filterset *s, int n)
{
    s->nactive = n;
}

int rt_filterset_active_words(const rt_filterset *s)
{
    return s->apw;
}

void rt_filterset_order(rt_filterset *s, const int *newid)
{
    filter *f = rt_xcalloc((size_t)s->capf + 1, sizeof *f);
    for (int i = 0; i < s->nf; i++)
        f[newid[i]] = s->f[i];
    free(s->f);
    s->f = f;
}

int rt_filterset_classed(const rt_filterset *s)
{
    int n = 0;
    for (int i = 0; i < s->ncc; i++)
        n += s->cc[i].ntests;
    return n;
}

int rt_filterset_tabled(const rt_filterset *s)
{
    int n = 0;
    for (int i = 0; i < s->nvt; i++)
        n += s->vt[i].niv;
    for (int i = 0; i < s->ntrees; i++)
        n += s->f[s->trees[i]].tout != NULL;
    return n;
}

void rt_filterset_free(rt_filterset *s)
{
    if (!s)
        return;
    free_tables(s);
    for (int i = 0; i < s->nt; i++)
        free(s->t[i].list);
    for (int i = 0; i < s->nf; i++) {
        free(s->f[i].tests);
        free(s->f[i].tout);
    }
    free(s->t);
    free(s->f);
    free(s->wheres_of);
    free(s->all_tests);
    free(s->all_wheres);
    free(s->act_wheres_of);
    free(s->act_tests);
    free(s->act_wheres);
    free(s->act_bytemiss);
    free(s->trees);
    free(s->iv);
    free(s->other);
    free_classes(s);
    free(s);
}
