/* worker.c — the per-record work of one scanning thread: convert the
 * referenced columns once (checking the dataset contract), find the
 * record's group in each grouping, feed every aggregate of the pass. */
#include "worker.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "colspool.h"
#include "countband.h"
#include "design.h"
#include "field.h"
#include "filter.h"
#include "hugemem.h"
#include "numfmt.h"
#include "numparse.h"

/* Two unaligned loads of w bytes, at the start and at the end of n
 * bytes (w <= n <= 2w): together they cover every byte, and read none
 * outside. */
#define SAME_ENDS(T, a, b, n)                                                  \
    do {                                                                       \
        T x0, y0, x1, y1;                                                      \
        memcpy(&x0, a, sizeof(T));                                             \
        memcpy(&y0, b, sizeof(T));                                             \
        memcpy(&x1, a + n - sizeof(T), sizeof(T));                             \
        memcpy(&y1, b + n - sizeof(T), sizeof(T));                             \
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;                                   \
    } while (0)

/* Short byte strings (allowed values, dimension values) compared
 * without a call or a loop: most are 1 to 16 bytes. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16)
        SAME_ENDS(uint64_t, a, b, n);
    if (n >= 4 && n < 8)
        SAME_ENDS(uint32_t, a, b, n);
    if (n < 4) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return memcmp(a, b, n) == 0;
}

/* Small steps of the plain record loop that the recording loop also
 * takes: inlined into both, so the plain loop stays one straight
 * function. */
#define LOOP_STEP static inline __attribute__((always_inline))

/* ---- converting a record ---- */

/* A value that breaks the column's type or contract: an error, or with
 * --lenient a warning and a missing value. Returns non-zero to stop. */
static int bad_value(rt_worker *w, int c, const char *val, const char *why)
{
    const rt_plan *pl = w->plan;
    char msg[160];
    snprintf(msg, sizeof msg, "%s%s", why,
             pl->lenient ? "; counted as missing" : "");
    rt_data_error e = {0};
    rt_data_error_set(&e, rt_csv_path(w->csv),
                      w->row->line + rt_csv_line_shift(w->csv),
                      pl->p->cols[c].name, pl->field[c] + 1, val,
                      msg); /* escaped and cut when printed */
    if (!pl->lenient) {
        rt_data_error_move(&w->err, &e);
        return 1;
    }
    /* Every pass meets the same value; report it once. */
    if (w->pass == 1 && ++w->bad <= (unsigned long long)pl->max_warnings) {
        rt_grow((void **)&w->warn, &w->capwarn, w->nwarn + 1, sizeof *w->warn);
        w->warn[w->nwarn] = e; /* moved */
        memset(&e, 0, sizeof e);
        w->nwarn++;
    }
    rt_data_error_clear(&e);
    w->col_num[c] = w->col_str[c] = rt_missing();
    w->bad_col[c] = w->row_bad = true;
    return 0;
}

/* The index of the allowed value the field is, or -1. Numbers compare
 * as numbers ("2011.0" is 2011), text as text. */
/* The allowed value text s can only be, by its hash: one comparison.
 * Inline: every text field of a usual column comes here. */
static inline int hashed_allowed(const rt_colconv *cv, const rt_column *col,
                                 const char *s, size_t len)
{
    int i = cv->by_hash[rt_allowed_hash(s, len)] - 1;
    return i >= 0 && cv->allowed_len[i] == len &&
                   same_bytes(s, col->allowed[i], len)
               ? i
               : -1;
}

static int allowed_of(const rt_colconv *cv, const rt_column *col, rt_value num,
                      const char *s, size_t len)
{
    if (num.tag != RT_NUM && cv->hashed) /* text: one candidate */
        return hashed_allowed(cv, col, s, len);
    for (int i = 0; i < col->nallowed; i++) {
        if (num.tag == RT_NUM
                ? cv->allowed_isnum[i] && cv->allowed_num[i] == num.num
                : cv->allowed_len[i] == len &&
                      same_bytes(s, col->allowed[i], len))
            return i;
    }
    return -1;
}

static int allowed(const rt_worker *w, int c, rt_value num, const char *s,
                   size_t len)
{
    return allowed_of(&w->plan->conv[c], &w->plan->p->cols[c], num, s, len);
}

/* An int column's value: whole and below 2^53 in size, so that it is
 * held exactly (9007199254740993 would read as ...992, and two ids that
 * differ only past 2^53 would be one to distinct()). Without floor(), a
 * library call where SSE4.1 is not assumed. */
static bool exact_int(double v)
{
    return fabs(v) < 9007199254740992.0 && (double)(long long)v == v;
}

static int check_contract(rt_worker *w, int c, const char *s, size_t len)
{
    const rt_column *col = &w->plan->p->cols[c];
    double v = w->col_num[c].num;
    bool num = w->col_num[c].tag == RT_NUM;
    if (col->type == RT_COL_INT && num && !(fabs(v) < 9007199254740992.0))
        return bad_value(w, c, s,
                         "is beyond 2^53 and cannot be held exactly (an int "
                         "column holds whole numbers up to 9007199254740991 "
                         "in size; read longer ids as text)");
    if (col->type == RT_COL_INT && num && !exact_int(v))
        return bad_value(w, c, s, "is not a whole number");
    if (col->nonneg && num && v < 0)
        return bad_value(w, c, s,
                         "is a negative weight (a dataset whose weights may "
                         "be negative, as replicate weights, declares "
                         "'weight C allow negative')");
    if (col->has_range && num && (v < col->lo || v > col->hi)) {
        char lo[32], hi[32], why[96];
        rt_fmt_number(lo, sizeof lo, col->lo);
        rt_fmt_number(hi, sizeof hi, col->hi);
        snprintf(why, sizeof why, "is outside the range %s..%s", lo, hi);
        return bad_value(w, c, s, why);
    }
    if (!col->nallowed)
        return 0;
    int i = allowed(w, c, w->col_num[c], s, len);
    if (i < 0)
        return bad_value(w, c, s, "is not one of the allowed values");
    /* Allowed text is interned: compared with constants by address. */
    if (w->col_num[c].tag != RT_NUM)
        w->col_str[c] = rt_interned(col->allowed[i]);
    return 0;
}

/* The general conversion of a present field s (len bytes) of column c:
 * every check, every message. */
static int convert_column(rt_worker *w, int c, const char *s, size_t len)
{
    const rt_column *col = &w->plan->p->cols[c];
    /* A byte-order mark inside the file (files pasted together) is not
     * part of the value. */
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    if (col->as_str && !rt_valid_utf8(s, len))
        return bad_value(w, c, s, "is not valid UTF-8");
    w->col_str[c] = rt_str(s);
    w->col_num[c] = rt_missing();
    if (col->type == RT_COL_BOOL) {
        bool b;
        if (!rt_field_bool(s, &b))
            return bad_value(w, c, s,
                             "is not a boolean (true/false, 1/0, yes/no)");
        w->col_num[c] = rt_bool(b);
    } else if (col->as_num || col->type == RT_COL_INT ||
               col->type == RT_COL_NUMBER || col->has_range) {
        double v;
        if (!rt_parse_number(s, len, w->plan->decimal, &v))
            return bad_value(
                w, c, s,
                rt_number_syntax(s, len, w->plan->decimal)
                    ? "is out of range (a number is a double: about 1e-308 "
                      "to 1.8e308 in size; a non-zero one may not round to "
                      "0)"
                    : "is not a number");
        w->col_num[c] = rt_num(v);
    }
    if (col->type == RT_COL_ANY && !col->nallowed && !col->nonneg)
        return 0;
    return check_contract(w, c, s, len);
}

/* The usual values of usual columns, converted without the general
 * path's checks (each shortcut ends where the general path would, for
 * such a value): into *num and *str, returning which value it is among
 * the kind's (an allowed text's index, a boolean's value, else 0: see
 * scanplan.c shortcut_values), or -1 when the general path must decide.
 * One function per kind, so that a run's column loop (convert_run) has
 * no switch per value. */
LOOP_STEP int fast_text(const rt_colconv *cv, const rt_column *col,
                        const char *s, size_t len, rt_value *num, rt_value *str)
{
    /* (A leading byte-order mark is the general path's to drop.) */
    int i = (unsigned char)s[0] == 0xEF ? -1
            : cv->hashed                ? hashed_allowed(cv, col, s, len)
                         : allowed_of(cv, col, rt_missing(), s, len);
    if (i < 0 || !cv->allowed_utf8[i])
        return -1;
    *str = rt_interned(col->allowed[i]);
    *num = rt_missing();
    return i;
}

LOOP_STEP int fast_bool(const char *s, size_t len, rt_value *num, rt_value *str)
{
    if (len != 1 || (s[0] != '0' && s[0] != '1'))
        return -1;
    *num = rt_bool(s[0] == '1');
    *str = rt_str(s);
    return s[0] == '1';
}

/* A number: ASCII, so valid UTF-8 as text too. */
LOOP_STEP int fast_number(const rt_column *col, char decimal, const char *s,
                          size_t len, rt_value *num, rt_value *str)
{
    double v;
    if (!rt_parse_field_number(s, len, decimal, &v) ||
        (col->type == RT_COL_INT && !exact_int(v)) || (col->nonneg & (v < 0)) ||
        (col->has_range && (v < col->lo || v > col->hi)))
        return -1;
    *num = rt_num(v);
    *str = rt_str(s);
    return 0;
}

/* Text with no contract: valid UTF-8 is all it must be. */
LOOP_STEP int fast_plain(const char *s, size_t len, rt_value *num,
                         rt_value *str)
{
    if ((unsigned char)s[0] == 0xEF || !rt_valid_utf8(s, len))
        return -1;
    *str = rt_str(s);
    *num = rt_missing();
    return 0;
}

static int convert_fast(rt_worker *w, int c, const char *s, size_t len)
{
    rt_value *num = &w->col_num[c], *str = &w->col_str[c];
    const rt_colconv *cv = &w->plan->conv[c];
    const rt_column *col = &w->plan->p->cols[c];
    switch (cv->fast) {
    case RT_FAST_NONE: return -1;
    case RT_FAST_TEXT: return fast_text(cv, col, s, len, num, str);
    case RT_FAST_BOOL: return fast_bool(s, len, num, str);
    case RT_FAST_PLAIN: return fast_plain(s, len, num, str);
    default: return fast_number(col, w->plan->decimal, s, len, num, str);
    }
}

/* Column c of the record: missing, else the shortcut, else the general
 * path. Non-zero to stop (a data error). */
static int convert(rt_worker *w, int c)
{
    const rt_column *col = &w->plan->p->cols[c];
    int f = w->plan->field[c];
    const char *s = w->row->field[f];
    size_t len = w->row->len[f];
    if (rt_field_missing(col, s, len)) {
        w->col_num[c] = w->col_str[c] = rt_missing();
        return 0;
    }
    return convert_fast(w, c, s, len) >= 0 ? 0 : convert_column(w, c, s, len);
}

/* ---- groups ---- */

static void ensure_groups(rt_gtable *g, int ndims, int nattached, int nhot,
                          size_t n)
{
    if (n <= g->cap)
        return;
    size_t old = g->cap, cap = old ? old * 2 : 16;
    while (cap < n)
        cap *= 2;
    g->period = rt_xrealloc(g->period, cap * sizeof *g->period);
    g->files = rt_xrealloc(g->files, cap * sizeof *g->files);
    memset(g->files + old, 0, (cap - old) * sizeof *g->files);
    g->dims = rt_xrealloc(g->dims,
                          cap * (size_t)(ndims ? ndims : 1) * sizeof *g->dims);
    /* (States and counters in huge pages: records reach groups at
     * random.) */
    g->states =
        rt_huge_zrealloc(g->states, old * (size_t)nattached * sizeof *g->states,
                         cap * (size_t)nattached * sizeof *g->states);
    g->hot = rt_huge_zrealloc(g->hot, old * (size_t)nhot * sizeof *g->hot,
                              cap * (size_t)nhot * sizeof *g->hot);
    g->cap = cap;
}

/* Adds a group just interned in table gi (index idx). */
static void new_group(rt_worker *w, int gi, int idx, int period,
                      const char *const *vals)
{
    rt_gtable *g = &w->g[gi];
    int nd = gi ? w->plan->p->groupings[gi].ndims : 0;
    ensure_groups(g, nd, w->plan->nattached[gi], w->plan->nhot[gi],
                  (size_t)idx + 1);
    g->period[idx] = period;
    for (int d = 0; d < nd; d++)
        g->dims[(size_t)idx * nd + d] = vals[d] ? rt_xstrdup(vals[d]) : NULL;
}

/* The text of one dimension value for a key; NULL when missing. */
static const char *dim_text(rt_value v, char *buf, size_t size)
{
    switch (v.tag) {
    case RT_STR: return v.str;
    case RT_NUM: rt_fmt_number(buf, size, v.num); return buf;
    case RT_BOOL: return v.b ? "true" : "false";
    default: return NULL;
    }
}

static const char *period_text(const rt_worker *w)
{
    int pc = w->plan->p->datasets[w->ds].period_col;
    if (pc < 0 || w->col_str[pc].tag != RT_STR)
        return "";
    return w->col_str[pc].str;
}

static void put(rt_worker *w, size_t *len, const void *s, size_t n)
{
    rt_grow((void **)&w->key, &w->keycap, *len + n + 1, 1);
    memcpy(w->key + *len, s, n);
    *len += n;
}

/* A text key (for the frozen per-key tables, read by every thread): the
 * period's text, then each dimension as a tag byte and its text. */
size_t rt_worker_text_key(rt_worker *w, const char *per,
                          const char *const *vals, int n)
{
    size_t len = 0;
    put(w, &len, per, strlen(per) + 1);
    for (int d = 0; d < n; d++) {
        put(w, &len, vals[d] ? "s" : "m", 1);
        if (vals[d])
            put(w, &len, vals[d], strlen(vals[d]));
        put(w, &len, "", 1);
    }
    return len;
}

/* Each dimension has a table of its values in this worker (a slot per
 * output column, and one per hidden per-key grouping): group keys are
 * the period's and the values' small ids, short and cheap to hash. */
static int dim_slot(const rt_worker *w, int gi, int d)
{
    int col = w->plan->p->groupings[gi].outcol[d];
    return col >= 0 ? col : w->plan->p->ndims + gi;
}

/* Missing values have their own id. */
#define NO_VALUE UINT32_MAX

/* A slot of a dimension's cache of recent values (direct-mapped by a
 * hash of the length and three bytes): most records repeat a recent
 * value, found without hashing the whole text or probing the table. */
static unsigned recent_slot(const char *text, size_t len)
{
    if (len == 0)
        return 0;
    unsigned h = (unsigned)len * 7u + (unsigned char)text[0] * 3u +
                 (unsigned char)text[len / 2] * 5u +
                 (unsigned char)text[len - 1];
    return h & (RT_RECENT - 1);
}

/* A value not in the dimension's cache of recent values: interned, and
 * cached. */
static uint32_t new_value_id(rt_worker *w, int slot, const char *text,
                             size_t len, unsigned k)
{
    rt_recent *r = &w->recent[slot];
    uint32_t id = (uint32_t)rt_groups_intern(w->dimtab[slot], text, len);
    r->key[k] = rt_groups_key(w->dimtab[slot], (int)id, NULL);
    r->len[k] = len;
    r->id[k] = id;
    return id;
}

LOOP_STEP uint32_t value_id_n(rt_worker *w, int slot, const char *text,
                              size_t len)
{
    rt_recent *r = &w->recent[slot];
    unsigned k = recent_slot(text, len);
    if (r->key[k] && r->len[k] == len && same_bytes(r->key[k], text, len))
        return r->id[k];
    return new_value_id(w, slot, text, len, k);
}

LOOP_STEP uint32_t value_id(rt_worker *w, int slot, const char *text)
{
    return text ? value_id_n(w, slot, text, strlen(text)) : NO_VALUE;
}

/* The id of a dimension's value: interned text (an allowed value) by
 * its address, without reading the text. */
LOOP_STEP uint32_t value_id_of(rt_worker *w, int slot, rt_value v)
{
    if (v.tag == RT_STR && v.b) {
        rt_recent *r = &w->recent[slot];
        unsigned k = (unsigned)((uintptr_t)v.str >> 3) & (RT_RECENT_PTR - 1);
        if (r->ptr[k] != v.str) {
            r->ptr_id[k] = value_id(w, slot, v.str);
            r->ptr[k] = v.str;
        }
        return r->ptr_id[k];
    }
    char num[40];
    return value_id(w, slot, dim_text(v, num, sizeof num));
}

/* The id of dimension d of grouping gi for the current record, computed
 * once per record and dimension whatever the groupings that share it. */
LOOP_STEP uint32_t row_value_id(rt_worker *w, int gi, int d)
{
    int slot = dim_slot(w, gi, d);
    if (w->dim_row[slot] == w->env.row)
        return w->dim_id[slot];
    const rt_grouping *gr = &w->plan->p->groupings[gi];
    rt_value v = rt_eval_fast(gr->dims[w->ds * gr->ndims + d], &w->env);
    w->dim_id[slot] = value_id_of(w, slot, v);
    w->dim_row[slot] = w->env.row;
    return w->dim_id[slot];
}

static const char *id_text(const rt_worker *w, int slot, uint32_t id)
{
    return id == NO_VALUE ? NULL
                          : rt_groups_key(w->dimtab[slot], (int)id, NULL);
}

static int intern_group(rt_worker *w, int gi, int period, const uint32_t *ids);
static int packed_group(rt_worker *w, int gi, int period, const uint32_t *ids);

/* Past this many entries a grouping's dense table is not grown (the
 * packed map alone answers). */
#define DENSE_MAX (1u << 20)

/* The entry of (period, ids) in grouping g's dense table, growing it
 * (empty) to hold them; NULL when they do not fit. */
static int32_t *dense_entry(rt_gtable *g, int nd, uint32_t period,
                            const uint32_t *ids)
{
    uint32_t want[3] = {period, ids[0], nd > 1 ? ids[1] : 0};
    uint32_t *dim = g->dense_dim;
    if (want[1] == NO_VALUE || want[2] == NO_VALUE)
        return NULL; /* (missing values are rare: the packed map) */
    if (!g->dense || want[0] >= dim[0] || want[1] >= dim[1] ||
        want[2] >= dim[2]) {
        uint32_t nw[3];
        uint64_t size = 1;
        for (int i = 0; i < 3; i++) {
            nw[i] = dim[i] ? dim[i] : (i == 2 && nd < 2 ? 1 : 8);
            while (nw[i] <= want[i] && nw[i] < DENSE_MAX)
                nw[i] *= 2;
            size *= nw[i];
        }
        if (size > DENSE_MAX)
            return NULL;
        free(g->dense);
        g->dense = rt_xmalloc(size * sizeof *g->dense);
        memset(g->dense, 0xff, size * sizeof *g->dense); /* all -1 */
        memcpy(dim, nw, sizeof nw);
    }
    return &g->dense[((size_t)want[0] * dim[1] + want[1]) * dim[2] + want[2]];
}

/* Finds or makes the group of (period, ids) in grouping gi. */
LOOP_STEP int group_by_ids(rt_worker *w, int gi, int period,
                           const uint32_t *ids)
{
    int nd = w->plan->p->groupings[gi].ndims;
    uint32_t *last = w->key_last[gi];
    bool same = w->key_lastidx[gi] >= 0 && last[0] == (uint32_t)period;
    for (int d = 0; d < nd && same; d++)
        same = last[d + 1] == ids[d];
    if (same)
        return w->key_lastidx[gi];
    int32_t *e = nd == 1 || nd == 2
                     ? dense_entry(&w->g[gi], nd, (uint32_t)period, ids)
                     : NULL;
    int idx = e && *e >= 0 ? *e : packed_group(w, gi, period, ids);
    if (e)
        *e = idx;
    last[0] = (uint32_t)period;
    for (int d = 0; d < nd; d++)
        last[d + 1] = ids[d];
    return w->key_lastidx[gi] = idx;
}

/* Ids and periods below 2^21 pack three to a 64-bit key. */
#define PACK_BITS 21
#define PACK_MAX ((1u << PACK_BITS) - 1)

static uint32_t packable(uint32_t id)
{
    return id == NO_VALUE ? PACK_MAX : id;
}

/* The group through the packed-key map where the key fits, else (and
 * to create a group) through the text-keyed table. */
static int packed_group(rt_worker *w, int gi, int period, const uint32_t *ids)
{
    int nd = w->plan->p->groupings[gi].ndims;
    uint64_t key = (uint64_t)period;
    bool fits = nd <= 2 && (uint32_t)period < PACK_MAX;
    for (int d = 0; d < nd && fits; d++) {
        uint32_t id = packable(ids[d]);
        fits = id < PACK_MAX || ids[d] == NO_VALUE;
        key = key << PACK_BITS | id;
    }
    if (!fits)
        return intern_group(w, gi, period, ids);
    int idx = rt_idmap_get(&w->g[gi].packed, key);
    if (idx < 0) {
        idx = intern_group(w, gi, period, ids);
        rt_idmap_put(&w->g[gi].packed, key, idx);
    }
    return idx;
}

static int intern_group(rt_worker *w, int gi, int period, const uint32_t *ids)
{
    int nd = w->plan->p->groupings[gi].ndims;
    size_t len = 0;
    uint32_t per = (uint32_t)period;
    put(w, &len, &per, sizeof per);
    put(w, &len, ids, sizeof *ids * (size_t)nd);
    rt_gtable *g = &w->g[gi];
    int before = rt_groups_count(g->keys);
    int idx = rt_groups_intern(g->keys, w->key, len);
    if (idx == before) {
        const char *vals[RT_MAX_DIMS];
        for (int d = 0; d < nd && d < RT_MAX_DIMS; d++)
            vals[d] = id_text(w, dim_slot(w, gi, d), ids[d]);
        new_group(w, gi, idx, period, vals);
    }
    return idx;
}

/* Why by values: roll-ups and merges know a group by its texts, not by
 * this worker's ids. */
int rt_worker_group_by_values(rt_worker *w, int gi, int period,
                              const char *const *vals)
{
    int nd = w->plan->p->groupings[gi].ndims;
    uint32_t ids[RT_MAX_DIMS];
    for (int d = 0; d < nd && d < RT_MAX_DIMS; d++)
        ids[d] = value_id(w, dim_slot(w, gi, d), vals[d]);
    return group_by_ids(w, gi, period, ids);
}

/* The group of grouping gi that holds base group j of grouping base
 * (gi's dimensions are among base's), created when new. */
int rt_worker_rollup_group(rt_worker *w, int base, int j, int gi)
{
    const rt_grouping *b = &w->plan->p->groupings[base];
    const rt_grouping *to = &w->plan->p->groupings[gi];
    int per = w->g[base].period[j];
    if (gi == 0)
        return per;
    const char *vals[RT_MAX_DIMS];
    for (int d = 0; d < to->ndims && d < RT_MAX_DIMS; d++) {
        vals[d] = NULL;
        for (int k = 0; k < b->ndims; k++)
            if (b->outcol[k] == to->outcol[d])
                vals[d] = w->g[base].dims[(size_t)j * b->ndims + k];
    }
    return rt_worker_group_by_values(w, gi, per, vals);
}

static void forget_periods(rt_worker *w)
{
    for (int i = 0; i < RT_RECENT_PERIODS; i++)
        w->period_last[i].idx = -1;
}

/* A period not in the cache of recent ones: interned (a new group of
 * the period grouping when new), and cached. */
static int new_period(rt_worker *w, const char *name, size_t len,
                      struct rt_recent_period *r)
{
    rt_gtable *g = &w->g[0];
    int before = rt_groups_count(g->keys);
    int idx = rt_groups_intern(g->keys, name, len);
    if (idx == before)
        new_group(w, 0, idx, idx, NULL);
    if (len < sizeof r->text) {
        memcpy(r->text, name, len);
        r->len = len;
        r->idx = idx;
    }
    return idx;
}

/* Why a cache of recent periods: records come sorted or clustered by
 * period, so most find it without hashing. */
LOOP_STEP int period_index_n(rt_worker *w, const char *name, size_t len)
{
    struct rt_recent_period *r =
        &w->period_last[recent_slot(name, len) & (RT_RECENT_PERIODS - 1)];
    if (r->idx >= 0 && len == r->len && same_bytes(name, r->text, len))
        return r->idx;
    return new_period(w, name, len, r);
}

LOOP_STEP int period_index(rt_worker *w, const char *name)
{
    return period_index_n(w, name, strlen(name));
}

int rt_worker_period(rt_worker *w, const char *name)
{
    return period_index(w, name);
}

/* Why memoised per record: several aggregates share a grouping, and the
 * group is looked up once. */
LOOP_STEP int group_of(rt_worker *w, int gi)
{
    if (w->row_group[gi] >= 0)
        return w->row_group[gi];
    int nd = w->plan->p->groupings[gi].ndims;
    uint32_t ids[RT_MAX_DIMS];
    for (int d = 0; d < nd && d < RT_MAX_DIMS; d++)
        ids[d] = row_value_id(w, gi, d);
    int idx = group_by_ids(w, gi, w->row_group[0], ids);
    w->g[gi].files[idx] |= rt_plan_file_bit(w->ds);
    return w->row_group[gi] = idx;
}

int rt_worker_group_of(rt_worker *w, int gi)
{
    return group_of(w, gi);
}

/* The record's period; the length of its text when known (a run's
 * field), else SIZE_MAX. */
LOOP_STEP int period_of_row(rt_worker *w, size_t len)
{
    const char *text = period_text(w);
    int idx = len == SIZE_MAX || !*text ? period_index(w, text)
                                        : period_index_n(w, text, len);
    w->g[0].files[idx] |= rt_plan_file_bit(w->ds);
    return idx;
}

/* RT_PERAGG: the value of a per-key aggregate for this record's key,
 * from the frozen table of an earlier pass. */
static rt_value per_value(void *ctx, int slot)
{
    rt_worker *w = ctx;
    const rt_plan *pl = w->plan;
    const rt_peragg *pa = &pl->p->peraggs[slot];
    const rt_grouping *gr = &pl->p->groupings[pa->grouping];
    if (!pl->per_keys[slot] || !gr->dims[w->ds * gr->ndims])
        return rt_missing();
    const char *vals[RT_MAX_DIMS];
    char num[RT_MAX_DIMS][40];
    int n = gr->ndims < RT_MAX_DIMS ? gr->ndims : RT_MAX_DIMS;
    for (int d = 0; d < n; d++)
        vals[d] = dim_text(rt_eval(gr->dims[w->ds * gr->ndims + d], &w->env),
                           num[d], sizeof num[d]);
    size_t len = rt_worker_text_key(w, period_text(w), vals, n);
    int idx = rt_groups_find(pl->per_keys[slot], w->key, len);
    return idx >= 0 ? pl->per_vals[slot][idx] : rt_missing();
}

/* ---- the sample design ---- */

/* A data error of the design: column c's value val (NULL: empty). */
static int design_error(rt_worker *w, int c, const char *val, const char *why)
{
    const rt_plan *pl = w->plan;
    rt_data_error e = {0};
    rt_data_error_set(&e, rt_csv_path(w->csv),
                      w->row->line + rt_csv_line_shift(w->csv),
                      c >= 0 ? pl->p->cols[c].name : "",
                      c >= 0 ? pl->field[c] + 1 : 0, val ? val : "", why);
    rt_data_error_move(&w->err, &e);
    return 1;
}

/* The record's PSU (its stratum and cluster) in the design's table;
 * non-zero for a data error. */
static int find_psu(rt_worker *w)
{
    const rt_design *dg = w->plan->p->datasets[w->ds].design;
    char b1[40], b2[40], b3[40];
    const char *st = NULL, *cl = NULL;
    if (dg->strata &&
        !(st = dim_text(rt_eval(dg->strata, &w->env), b1, sizeof b1)))
        return design_error(w, dg->strata_col, NULL,
                            "the design's stratum is missing");
    if (dg->cluster &&
        !(cl = dim_text(rt_eval(dg->cluster, &w->env), b2, sizeof b2)))
        return design_error(w, dg->cluster_col, NULL,
                            "the design's cluster (PSU) is missing");
    double fpc = NAN, was;
    if (dg->fpc) {
        rt_value v = rt_eval(dg->fpc, &w->env);
        if (v.tag != RT_NUM || !(v.num > 0) || !isfinite(v.num)) {
            const char *t = dim_text(v, b3, sizeof b3);
            return design_error(w, dg->fpc_col, t,
                                "the design's fpc must be a positive number "
                                "(PSUs in the stratum's population, or the "
                                "sampling fraction)");
        }
        fpc = v.num;
    }
    unsigned long long line = w->row->line + rt_csv_line_shift(w->csv);
    w->psu = rt_psutab_add(w->plan->psus, w->ds, period_text(w), st, cl, line,
                           fpc, &was);
    if (w->psu < 0) {
        char why[160];
        rt_fmt_number(b1, sizeof b1, was);
        snprintf(why, sizeof why,
                 "the fpc differs within stratum '%s' (earlier rows: %s)",
                 st ? st : "", b1);
        rt_fmt_number(b3, sizeof b3, fpc);
        return design_error(w, dg->fpc_col, b3, why);
    }
    return 0;
}

/* ---- feeding aggregates ---- */

static bool reads_bad(const rt_worker *w, int ai)
{
    for (const int *c = w->plan->agg_cols[ai]; *c >= 0; c++)
        if (w->bad_col[*c])
            return true;
    return false;
}

/* The state rows feed: the aggregate's base grouping. */
static rt_aggstate *base_state(rt_worker *w, int ai)
{
    int gi = w->plan->p->aggs[ai].base;
    int idx = rt_worker_group_of(w, gi);
    return &w->g[gi].states[(size_t)idx * w->plan->nattached[gi] +
                            w->plan->base_local[ai]];
}

/* Whether the where of aggregate ai holds for the record: every where of
 * the scan was decided once for the record by rt_filterset_eval. */
LOOP_STEP bool reaches(const rt_worker *w, int ai)
{
    int fid = w->plan->fid[ai];
    return fid < 0 || rt_filter_passed(w->passed, fid);
}

/* What the record gives aggregate ai: its value v and weight *wt; false
 * when either is missing (the record is skipped). */
LOOP_STEP bool agg_input(rt_worker *w, const rt_agg *a, rt_value *v, double *wt)
{
    *v = a->arg ? rt_eval_fast(a->arg, &w->env) : rt_num(1);
    *wt = 1;
    if (v->tag == RT_MISSING)
        return false;
    if (!a->weight)
        return true;
    rt_value wv = rt_eval_fast(a->weight, &w->env);
    *wt = wv.num;
    return wv.tag == RT_NUM;
}

/* Feeds a record that reached aggregate ai into its state s. */
static void feed_agg(rt_worker *w, int ai, rt_aggstate *s)
{
    const rt_agg *a = &w->plan->p->aggs[ai];
    rt_value v;
    double wt;
    if (!agg_input(w, a, &v, &wt)) {
        rt_aggstate_skip(s);
    } else if (a->kind == RT_AGG_COUNT && !a->w2 && !a->design) {
        rt_aggstate_add_count(s, wt);
    } else {
        rt_aggstate_add(s, a, v, wt);
        if (a->design && w->psu >= 0)
            rt_aggstate_keep(s,
                             v.tag == RT_BOOL  ? (double)v.b
                             : v.tag == RT_NUM ? v.num
                                               : 0,
                             wt, w->psu);
    }
}

/* The main worker's index of this worker's period (overall values are
 * by main periods), looked up once per period. */
LOOP_STEP int main_period(rt_worker *w, int period)
{
    if ((size_t)period >= w->nper_main) {
        size_t n = (size_t)period + 8;
        w->per_main = rt_xrealloc(w->per_main, n * sizeof *w->per_main);
        for (size_t i = w->nper_main; i < n; i++)
            w->per_main[i] = -2;
        w->nper_main = n;
    }
    if (w->per_main[period] == -2) {
        const char *t = rt_groups_key(w->g[0].keys, period, NULL);
        w->per_main[period] = rt_groups_find(w->plan->periods, t, strlen(t));
    }
    return w->per_main[period];
}

LOOP_STEP int locate_row(rt_worker *w, bool find_psu_now, const uint64_t *pre,
                         size_t period_len);
LOOP_STEP const rt_hotadd *row_addend(rt_worker *w, int slot);
LOOP_STEP long band_entry(const rt_worker *w, const rt_feedplan *fp);

/* The entry of the record's band value when it takes the scan's band
 * (countband.h): its band value has a class and its weight fits the
 * counters (then only the active wheres are decided); else -1. The
 * recording loop decides every where. */
LOOP_STEP long banded(rt_worker *w, const rt_feedplan *fp)
{
    if (!fp->band || fp->hot_base < 0 || w->trace)
        return -1;
    long e = band_entry(w, fp);
    const rt_hotadd *a = e >= 0 ? row_addend(w, fp->hot_wslot) : NULL;
    return a && a->ok ? e : -1;
}

LOOP_STEP rt_hotcount *row_hot(rt_worker *w, int gi, int hot);

/* Why asked for this early: the record's packed counters are cache
 * misses (records reach groups at random); asked for once its group is
 * known, they arrive while its wheres are decided. */
LOOP_STEP void prefetch_row(rt_worker *w, const rt_feedplan *fp)
{
    if (fp->hot_base < 0)
        return;
    const char *row = (const char *)row_hot(w, fp->hot_base, 0);
    for (int off = 0; off < fp->prefetch_bytes; off += 64)
        __builtin_prefetch(row + off, 1);
}

/* The band's counter every record of the band adds to (the rest of no
 * test), asked for as early: its address is known before the wheres. */
LOOP_STEP void prefetch_band(rt_worker *w, const rt_feedplan *fp)
{
    const rt_countband *b = fp->band;
    if (w->row_band < 0 || b->every < 0)
        return;
    const rt_hotcount *row = row_hot(w, fp->band_base, fp->band_at);
    __builtin_prefetch(
        &row[b->counter[(size_t)b->every * (size_t)b->n + (size_t)w->row_band]],
        1);
}

/* A new record: counted, its bad-column marks of the last one cleared. */
LOOP_STEP void start_row(rt_worker *w, const rt_row *row)
{
    w->row = row;
    w->rows += w->pass == 1;
    w->env.row++;
    if (w->row_bad) {
        memset(w->bad_col, 0, (size_t)w->plan->p->ncols * sizeof(bool));
        w->row_bad = false;
    }
}

/* The part of a record every scan does: convert its columns, find its
 * period and groups, run the scan's compiled filters. Non-zero to stop
 * (a data error). */
static inline int prepare_row(rt_worker *w, const rt_row *row)
{
    start_row(w, row);
    for (const int *c = w->plan->scan_cols; *c >= 0; c++)
        if (convert(w, *c))
            return 1;
    return locate_row(w, true, NULL, SIZE_MAX);
}

/* prepare_row for record i of a run whose columns convert_run has
 * converted, its dimension columns to value ids. */
LOOP_STEP int prepare_converted(rt_worker *w, const rt_row *row, int i)
{
    const int *slot = w->plan->scan_dims;
    start_row(w, row);
    for (const int *c = w->plan->scan_dim_cols; *c >= 0; c++) {
        w->dim_id[slot[*c]] = w->run_dim[*c * RT_ROWS_MAX + i];
        w->dim_row[slot[*c]] = w->env.row;
    }
    int words = w->plan->scan_words;
    int pc = w->plan->p->datasets[w->ds].period_col;
    return locate_row(w, true,
                      words ? w->run_tests + (size_t)i * (size_t)words : NULL,
                      pc >= 0 ? row->len[w->plan->field[pc]] : SIZE_MAX);
}

/* The rest of a record's preparation once its columns are converted
 * (or replayed from a spool): its period (period_len: period_of_row) and
 * groups, its PSU (unless the replay has set it), the scan's compiled
 * filters (given pre, the tests its columns decided: rt_filterset_eval).
 * Non-zero to stop (a data error). */
LOOP_STEP int locate_row(rt_worker *w, bool find_psu_now, const uint64_t *pre,
                         size_t period_len)
{
    const rt_program *p = w->plan->p;
    for (int g = 0; g < p->ngroupings; g++)
        w->row_group[g] = -1;
    w->row_group[0] = period_of_row(w, period_len);
    if (find_psu_now) {
        w->psu = -1;
        if (w->plan->psus && p->datasets[w->ds].design && find_psu(w))
            return 1;
    }
    int per = main_period(w, w->row_group[0]);
    w->env.overall = per >= 0 && per < w->plan->noverall_periods
                         ? w->plan->overall + (size_t)per * p->noveralls
                         : NULL;
    /* Every record makes its groups exist, whatever the filters; the
     * hidden groupings of per-key aggregates only where they are fed. */
    for (const int *g = w->plan->scan_groupings; *g >= 0; g++)
        group_of(w, *g);
    int k = w->pass * p->ndatasets + w->ds;
    prefetch_row(w, &w->plan->feeds[k]);
    w->row_band = banded(w, &w->plan->feeds[k]);
    prefetch_band(w, &w->plan->feeds[k]);
    if (w->row_band >= 0)
        rt_filterset_eval_active(w->plan->fset[k], &w->env, w->tests, w->passed,
                                 pre);
    else if (w->plan->fset[k])
        rt_filterset_eval(w->plan->fset[k], &w->env, w->tests, w->passed, pre);
    return 0;
}

/* The state of the record's group in grouping gi at slot local (the
 * group found once per record, whatever the aggregates it feeds). */
LOOP_STEP rt_aggstate *row_state(rt_worker *w, int gi, int local)
{
    int idx = w->row_group[gi];
    if (idx < 0)
        idx = group_of(w, gi);
    return &w->g[gi].states[(size_t)idx * w->plan->nattached[gi] + local];
}

/* The packed counter of f (a hot feed) in the record's group. */
LOOP_STEP rt_hotcount *row_hot(rt_worker *w, int gi, int hot)
{
    int idx = w->row_group[gi];
    if (idx < 0)
        idx = group_of(w, gi);
    return &w->g[gi].hot[(size_t)idx * w->plan->nhot[gi] + hot];
}

/* The record's weight in column slot (-1: the weight 1) as an addend of
 * the worker's counters, worked out once per record; NULL when the
 * weight is missing. */
LOOP_STEP const rt_hotadd *row_addend(rt_worker *w, int slot)
{
    rt_hotadd *a = &w->hotadd[slot + 1];
    if (w->hotadd_row[slot + 1] == w->env.row)
        return a->w == a->w ? a : NULL; /* (NaN: missing) */
    w->hotadd_row[slot + 1] = w->env.row;
    double wt = 1;
    if (slot >= 0) {
        rt_value wv = w->col_num[slot];
        if (wv.tag != RT_NUM) {
            a->w = NAN;
            return NULL;
        }
        wt = wv.num;
    }
    if (!w->hot_unit)
        w->hot_unit = rt_hotcount_unit(wt, &w->hot_lsb);
    rt_hotcount_set_addend(a, wt, w->hot_lsb);
    a->ok = a->ok && w->hot_unit;
    return a;
}

/* A row of addend a that counter h of count state s could not take: the
 * state takes it, after h's rows when h is full (h starts again empty). */
static void count_in_state(const rt_worker *w, rt_hotcount *h, rt_aggstate *s,
                           const rt_hotadd *a)
{
    if (a->ok)
        rt_hotcount_fold(h, w->hot_lsb, s);
    rt_aggstate_add_count(s, a->w);
}

/* Feeds the record into the packed counter h of f, or into its state
 * when the weight is missing or outside the counters' window. */
LOOP_STEP void feed_hot(rt_worker *w, const rt_feed *f, rt_hotcount *h)
{
    const rt_hotadd *a = row_addend(w, f->wslot);
    if (!a)
        rt_aggstate_skip(row_state(w, f->base, f->local));
    else if (!a->ok || !rt_hotcount_add(h, a))
        count_in_state(w, h, row_state(w, f->base, f->local), a);
}

/* Stores the oldest value held back. */
static void store_oldest(rt_worker *w)
{
    struct rt_pending *p = &w->pend[w->pend_at];
    rt_samples_add(&p->sp, p->x, p->w);
    w->pend_at = (w->pend_at + 1) & (RT_PENDING - 1);
    w->npend--;
}

/* Why values wait two records before they are stored: a group's buffer
 * descriptor and the buffer's end are each a cache miss (groups come in
 * random order); the descriptor is asked for when the value comes, the
 * end one record later, and the value stored one more record later.
 * The order a group's values are stored in does not matter: they are
 * read sorted, or in no order. */
static void advance_values(rt_worker *w)
{
    while (w->npend && w->pend[w->pend_at].row + 2 <= w->env.row)
        store_oldest(w);
    for (unsigned i = 0; i < w->npend; i++) {
        const struct rt_pending *p =
            &w->pend[(w->pend_at + i) & (RT_PENDING - 1)];
        if (p->row + 1 == w->env.row)
            rt_samples_prefetch_end(p->sp);
    }
}

static void flush_values(rt_worker *w)
{
    while (w->npend)
        store_oldest(w);
}

/* Value x of weight wt of an order statistic's state s: counted now,
 * stored in its values two records later (advance_values). */
LOOP_STEP void defer_sample(rt_worker *w, rt_samples *sp, double x, double wt)
{
    if (w->npend == RT_PENDING)
        store_oldest(w);
    __builtin_prefetch(sp, 1);
    w->pend[(w->pend_at + w->npend++) & (RT_PENDING - 1)] =
        (struct rt_pending){sp, x, wt, w->env.row};
}

/* The value buffer of state s of f, made when its first value comes. */
LOOP_STEP rt_samples *state_samples(const rt_feed *f, rt_aggstate *s)
{
    if (!s->samples) {
        s->samples = rt_samples_new(RT_SAMPLES_RUN);
        if (f->unsorted)
            rt_samples_unsorted(s->samples);
    }
    return s->samples;
}

/* Whether the record's value of f is kept by another feed, whose where
 * it passes (rt_plan: part), and not by f. */
LOOP_STEP bool kept_by_part(const rt_worker *w, const rt_feed *f)
{
    int pw = f->part_where;
    return pw >= 0 && (w->passed[pw / 64] >> (pw % 64) & 1);
}

LOOP_STEP void defer_value(rt_worker *w, const rt_feed *f, rt_aggstate *s,
                           double x, double wt)
{
    rt_aggstate_count_value(s, w->plan->p->aggs[f->agg].kind, wt);
    if (!kept_by_part(w, f))
        defer_sample(w, state_samples(f, s), x, wt);
}

/* Feeds the record into state s of f: the usual counts, sums and order
 * statistics of the record's columns, as rt_aggstate_add would (a value
 * that is not a number takes the general path), the others by
 * feed_agg. */
LOOP_STEP void feed_one(rt_worker *w, const rt_feed *f, rt_aggstate *s)
{
    double wt = 1;
    if (f->op != RT_FEED_ANY && f->wslot >= 0) {
        rt_value wv = w->col_num[f->wslot];
        if (wv.tag != RT_NUM) {
            rt_aggstate_skip(s);
            return;
        }
        wt = wv.num;
    }
    if (f->op == RT_FEED_COUNT) {
        rt_aggstate_add_count(s, wt);
        return;
    }
    if (f->op == RT_FEED_SUM && w->col_num[f->xslot].tag == RT_NUM) {
        rt_aggstate_add_sum(s, w->col_num[f->xslot].num, wt);
        return;
    }
    if (f->op == RT_FEED_VALUE && w->col_num[f->xslot].tag == RT_NUM) {
        defer_value(w, f, s, w->col_num[f->xslot].num, wt);
        return;
    }
    feed_agg(w, f->agg, s);
}

/* Feeds the record into the listed feeds fed[0..m): their states are
 * cache misses (groups come in random order), so all are asked for
 * before any is fed. */
LOOP_STEP void feed_listed(rt_worker *w, const rt_feed **todo, int m)
{
    for (int j = 0; j < m; j++) {
        w->feed[j] = todo[j]->hot >= 0
                         ? (void *)row_hot(w, todo[j]->base, todo[j]->hot)
                         : (void *)row_state(w, todo[j]->base, todo[j]->local);
        __builtin_prefetch(w->feed[j], 1);
    }
    for (int j = 0; j < m; j++) {
        if (todo[j]->hot >= 0)
            feed_hot(w, todo[j], w->feed[j]);
        else
            feed_one(w, todo[j], w->feed[j]);
    }
}

/* Every feed the record reaches, from the set bits of the wheres it
 * passed (a record passes few of many). */
LOOP_STEP void feed_all(rt_worker *w, const rt_feedplan *fp)
{
    const rt_feed **todo = w->todo;
    int m = 0;
    for (int i = 0; i < fp->first[0]; i++)
        todo[m++] = &fp->feed[i];
    for (int pw = 0; pw * 64 < fp->nfilters; pw++)
        for (uint64_t bits = w->passed[pw]; bits; bits &= bits - 1) {
            int f = pw * 64 + __builtin_ctzll(bits);
            for (int i = fp->first[f]; i < fp->first[f + 1]; i++)
                todo[m++] = &fp->feed[i];
        }
    feed_listed(w, todo, m);
}

/* Adds addend a to the record's packed counters from..to of the scan's
 * base grouping gi (the state takes a row a window cannot). */
LOOP_STEP void add_hot_range(rt_worker *w, int gi, rt_hotcount *row,
                             const rt_hotadd *a, int from, int to)
{
    for (int h = from; h < to; h++)
        if (!rt_hotcount_add(&row[h], a))
            count_in_state(w, &row[h],
                           row_state(w, gi, w->plan->hot_local[gi][h]), a);
}

/* The record's weight times its value x of column xslot as an addend of
 * the worker's counters, worked out once per record (the sums with
 * packed counters share the weight a). */
LOOP_STEP const rt_hotadd *row_product(rt_worker *w, int xslot, double x,
                                       const rt_hotadd *a)
{
    rt_hotadd *p = &w->prodadd[xslot];
    if (w->prodadd_row[xslot] != w->env.row) {
        w->prodadd_row[xslot] = w->env.row;
        rt_hotcount_set_addend(p, a->w * x, w->hot_lsb);
    }
    return p;
}

/* The state of the count that takes sum f's rows (rt_feed: rows_local)
 * in the record's group, or NULL. */
LOOP_STEP rt_aggstate *rows_state(rt_worker *w, const rt_feedplan *fp,
                                  const rt_feed *f)
{
    return f->rows_local >= 0 ? row_state(w, fp->hot_base, f->rows_local)
                              : NULL;
}

/* A sum's counters h into its state s, emptied; their rows (the first
 * counter's) into the state c of the count that takes them too, when
 * there is one (rt_plan: rows_of). */
static void fold_sum(const rt_worker *w, rt_hotcount *h, rt_aggstate *s,
                     rt_aggstate *c)
{
    if (c)
        rt_hotcount_fold_into(&h[0], w->hot_lsb, c);
    rt_hotsum_fold(h, w->hot_lsb, s);
}

/* A missing value of sum f whose skipped rows' counter (the second of
 * h) is full: both counters into the state, and the row skipped there. */
static void skip_full_sum(rt_worker *w, const rt_feedplan *fp, const rt_feed *f,
                          rt_hotcount *h)
{
    rt_aggstate *s = row_state(w, fp->hot_base, f->local);
    fold_sum(w, h, s, rows_state(w, fp, f));
    rt_aggstate_skip(s);
}

/* The sums of key (rt_feedplan: hsums) that have packed counters: the
 * record's weight and weight * value added to them, a missing value
 * counted as skipped, or, when the value is not a number or a window
 * cannot take it, fed to the state. */
LOOP_STEP void add_hot_sums(rt_worker *w, const rt_feedplan *fp,
                            rt_hotcount *row, const rt_hotadd *a, int key)
{
    for (int i = fp->hsum_at[key]; i < fp->hsum_at[key + 1]; i++) {
        const rt_feed *f = &fp->hsums[i];
        rt_value x = w->col_num[f->xslot];
        if (x.tag == RT_MISSING) { /* (what the state would do: skip it) */
            if (!rt_hotcount_bump(&row[f->hsum + 1], 1))
                skip_full_sum(w, fp, f, &row[f->hsum]);
            continue;
        }
        const rt_hotadd *ax =
            x.tag == RT_NUM ? row_product(w, f->xslot, x.num, a) : NULL;
        if (!ax || !ax->ok || !rt_hotsum_add(&row[f->hsum], a, ax)) {
            rt_aggstate *s = row_state(w, fp->hot_base, f->local);
            rt_aggstate *c = rows_state(w, fp, f);
            if (ax && ax->ok) /* (full: its rows first) */
                fold_sum(w, &row[f->hsum], s, c);
            feed_one(w, f, s);
            if (c) /* (the count's row: x is not missing) */
                rt_aggstate_add_count(c, a->w);
        }
    }
}

/* The value buffer of hot value feed f (rt_feed: hval) in the record's
 * group: the state's, its address kept in the counter c after f's, so
 * that the state is read once per group and scan, not per record. */
LOOP_STEP rt_samples *hot_samples(rt_worker *w, const rt_feedplan *fp,
                                  const rt_feed *f, rt_hotcount *c)
{
    _Static_assert(sizeof(rt_samples *) <= sizeof c->lo, "an address fits");
    rt_samples *sp;
    memcpy(&sp, &c->lo, sizeof sp);
    if (sp)
        return sp;
    sp = state_samples(f, row_state(w, fp->hot_base, f->local));
    memcpy(&c->lo, &sp, sizeof sp);
    return sp;
}

/* Order statistic f's counters h (its rows and weight; then its buffer's
 * address, kept, and the rows skipped for a missing value) into its
 * state s, as rt_aggstate_count_value and rt_aggstate_skip would have
 * added them, and emptied. */
static void fold_value_count(const rt_worker *w, const rt_feed *f,
                             rt_hotcount *h, rt_aggstate *s)
{
    s->skipped += (uint64_t)h[1].hi;
    if (rt_hotcount_n(h)) {
        rt_hotcount_fold_into(h, w->hot_lsb, s);
        s->kind = (unsigned char)(w->plan->p->aggs[f->agg].kind + 1);
        s->has_stat = false;
    }
    h[0] = (rt_hotcount){0};
    h[1].hi = 0;
}

/* The order statistics of key with packed counters (rt_feedplan: hvals):
 * the record's weight counted there, its value held for the group's
 * buffer, a missing value counted as skipped (in the second counter's
 * n); a value that is not a number, or a window that cannot take the
 * weight, goes to the state as before. */
LOOP_STEP void add_hot_values(rt_worker *w, const rt_feedplan *fp,
                              rt_hotcount *row, const rt_hotadd *a, int key)
{
    for (int i = fp->hval_at[key]; i < fp->hval_at[key + 1]; i++) {
        const rt_feed *f = &fp->hvals[i];
        rt_value x = w->col_num[f->xslot];
        rt_hotcount *h = &row[f->hval];
        if (x.tag == RT_MISSING) { /* (what the state would do: skip it) */
            h[1].hi++;
            continue;
        }
        if (x.tag != RT_NUM || !rt_hotcount_add(h, a)) {
            rt_aggstate *s = row_state(w, fp->hot_base, f->local);
            if (x.tag == RT_NUM) /* (full: its rows first) */
                fold_value_count(w, f, h, s);
            feed_one(w, f, s);
        } else if (!kept_by_part(w, f))
            defer_sample(w, hot_samples(w, fp, f, h + 1), x.num, a->w);
    }
}

/* feed_all when the scan's counters are ranges (rt_feedplan: hot_at)
 * and the record's weight fits their window: the counters of each where
 * passed take the weight, the other feeds go by the list. */
LOOP_STEP void feed_ranges(rt_worker *w, const rt_feedplan *fp,
                           const rt_hotadd *a)
{
    int gi = fp->hot_base;
    rt_hotcount *row = row_hot(w, gi, 0);
    const rt_feed **todo = w->todo;
    int m = 0;
    for (int i = 0; i < fp->cold_at[1]; i++)
        todo[m++] = &fp->cold[i];
    /* (Most wheres have counter ranges only: the others' lists are
     * walked for their own bits, rich.) */
    for (int pw = 0; pw < fp->active_words; pw++) {
        for (uint64_t bits = w->passed[pw]; bits; bits &= bits - 1)
            __builtin_prefetch(
                &row[fp->hot_at[pw * 64 + __builtin_ctzll(bits) + 1]], 1);
        for (uint64_t bits = w->passed[pw] & fp->rich[pw]; bits;
             bits &= bits - 1) {
            int key = pw * 64 + __builtin_ctzll(bits) + 1;
            if (fp->hsum_at[key] < fp->hsum_at[key + 1])
                __builtin_prefetch(&row[fp->hsums[fp->hsum_at[key]].hsum], 1);
            for (int i = fp->cold_at[key]; i < fp->cold_at[key + 1]; i++)
                todo[m++] = &fp->cold[i];
        }
    }
    add_hot_range(w, gi, row, a, fp->hot_at[0], fp->hot_at[1]);
    add_hot_sums(w, fp, row, a, 0);
    add_hot_values(w, fp, row, a, 0);
    for (int pw = 0; pw < fp->active_words; pw++) {
        for (uint64_t bits = w->passed[pw]; bits; bits &= bits - 1) {
            int key = pw * 64 + __builtin_ctzll(bits) + 1;
            add_hot_range(w, gi, row, a, fp->hot_at[key], fp->hot_at[key + 1]);
        }
        for (uint64_t bits = w->passed[pw] & fp->rich[pw]; bits;
             bits &= bits - 1) {
            int key = pw * 64 + __builtin_ctzll(bits) + 1;
            add_hot_sums(w, fp, row, a, key);
            add_hot_values(w, fp, row, a, key);
        }
    }
    feed_listed(w, todo, m);
}

/* A counter of the band is full: the record's weight goes to the states
 * of the wheres it adds into (none for the bin). */
static void band_spill(rt_worker *w, const rt_feedplan *fp, int c, double wt)
{
    const rt_countband *b = fp->band;
    for (int k = b->cfirst[c]; k < b->cfirst[c + 1]; k++)
        rt_aggstate_add_count(
            row_state(w, fp->band_base, fp->band_local[b->cwheres[k]]), wt);
}

/* The band's counter c of the record's group (row) into the states of
 * the wheres it adds into, emptied: it is full. */
static void band_fold(rt_worker *w, const rt_feedplan *fp, rt_hotcount *row,
                      int c)
{
    const rt_countband *b = fp->band;
    for (int k = b->cfirst[c]; k < b->cfirst[c + 1]; k++)
        rt_hotcount_fold_into(
            &row[c], w->hot_lsb,
            row_state(w, fp->band_base, fp->band_local[b->cwheres[k]]));
    row[c] = (rt_hotcount){0};
}

LOOP_STEP void band_add(rt_worker *w, const rt_feedplan *fp, rt_hotcount *row,
                        int c, const rt_hotadd *a)
{
    if (!rt_hotcount_add(&row[c], a)) {
        band_fold(w, fp, row, c);
        band_spill(w, fp, c, a->w);
    }
}

/* The record's weight into the band's counter of its value's class, for
 * each rest it passes (countband.h); e is the value's entry. */
LOOP_STEP void feed_band(rt_worker *w, const rt_feedplan *fp,
                         const rt_hotadd *a, long e)
{
    const rt_countband *b = fp->band;
    rt_hotcount *row = row_hot(w, fp->band_base, fp->band_at);
    const uint16_t *counter = b->counter + e;
    if (b->every >= 0)
        band_add(w, fp, row, counter[(size_t)b->every * (size_t)b->n], a);
    for (int pw = 0; pw < b->words; pw++)
        for (uint64_t bits = w->passed[pw] & b->is_rest[pw]; bits;
             bits &= bits - 1) {
            int r = b->rest_of[pw * 64 + __builtin_ctzll(bits)];
            band_add(w, fp, row, counter[(size_t)r * (size_t)b->n], a);
        }
}

/* The entry of the record's band value (countband.h), -1 when it has
 * none (its wheres are then taken one by one); 0 without a band. */
LOOP_STEP long band_entry(const rt_worker *w, const rt_feedplan *fp)
{
    const rt_countband *b = fp->band;
    return b ? rt_value_entry(b->lo, b->n, w->col_num[b->slot]) : 0;
}

/* Feeds the prepared record into every aggregate of the scan it
 * reaches. */
LOOP_STEP void feed_row(rt_worker *w)
{
    const rt_program *p = w->plan->p;
    int k = w->pass * p->ndatasets + w->ds;
    if (w->row_bad) { /* values --lenient made missing count either way */
        int n = w->plan->npass_aggs[k];
        const int *aggs = w->plan->pass_aggs[k];
        for (int i = 0; i < n; i++)
            if (reads_bad(w, aggs[i]))
                base_state(w, aggs[i])->invalid++;
    }
    const rt_feedplan *fp = &w->plan->feeds[k];
    if (w->npend)
        advance_values(w);
    const rt_hotadd *a =
        fp->hot_base >= 0 ? row_addend(w, fp->hot_wslot) : NULL;
    if (fp->band ? w->row_band >= 0 : a && a->ok) {
        feed_ranges(w, fp, a);
        if (fp->band)
            feed_band(w, fp, a, w->row_band);
    } else {
        feed_all(w, fp);
    }
}

/* The prepared record into the spool (a first scan that keeps one) and
 * its aggregates. */
LOOP_STEP void spool_and_feed(rt_worker *w)
{
    if (w->spool)
        rt_colspool_put(w->spool, w->col_num, w->col_str,
                        w->row_bad ? w->bad_col : NULL, w->psu);
    feed_row(w);
}

/* The plain record loop's callback (the recording loop calls it too, but
 * never inlined there: this one function is the hot path). */
__attribute__((noinline)) static int on_row(void *ctx, const rt_row *row)
{
    rt_worker *w = ctx;
    if (prepare_row(w, row))
        return 1;
    spool_and_feed(w);
    return 0;
}

/* ---- a run of plain records, a column at a time ---- */

/* Points the record's columns (the worker's and the evaluator's) at
 * num and str. */
static void use_columns(rt_worker *w, rt_value *num, rt_value *str)
{
    w->env.col_num = w->col_num = num;
    w->env.col_str = w->col_str = str;
}

/* The tests mask decides, into the record's t (words of them). */
LOOP_STEP void add_tests(uint64_t *t, const uint64_t *mask, int words)
{
    for (int k = 0; k < words; k++)
        t[k] |= mask[k];
}

/* Column c of every record of the run into its row of run_num and
 * run_str, by the shortcut of kind, and the tests its value decides into
 * the record's run_tests (scanplan.h: scan_masks) in words words (0:
 * none; -1: the plan's number). kind and words are constants where this
 * is inlined, so that each loop has no switch. A value the shortcut
 * does not take marks its record slow. */
LOOP_STEP uint64_t convert_run_as(rt_worker *w, int c, const rt_rows *rs,
                                  rt_fastconv kind, int words)
{
    /* (Everything the loop reads of the plan in locals: its stores could
     * otherwise alias it.) */
    const rt_column *col = &w->plan->p->cols[c];
    const rt_colconv *cv = &w->plan->conv[c];
    char decimal = w->plan->decimal;
    size_t nc = (size_t)w->plan->p->ncols, nf = (size_t)rs->ncols;
    const char *const *field = rs->field + w->plan->field[c];
    const size_t *len = rs->len + w->plan->field[c];
    rt_value *vn = w->run_num + c, *vs = w->run_str + c;
    bool markers = col->nmissing != 0;
    const uint64_t *masks = w->plan->scan_masks[c];
    if (words < 0)
        words = w->plan->scan_words;
    uint64_t *t = w->run_tests, slow = 0;
    int nrows = rs->n;
    for (int i = 0; i < nrows; i++, vn += nc, vs += nc, t += words) {
        const char *f = field[(size_t)i * nf];
        size_t n = len[(size_t)i * nf];
        int rc;
        if (n == 0 || (n == 2 && f[0] == 'N' && f[1] == 'A') ||
            (markers && rt_field_marker(col, f))) {
            *vn = *vs = rt_missing();
            add_tests(t, masks, words);
            continue;
        }
        switch (kind) {
        case RT_FAST_TEXT: rc = fast_text(cv, col, f, n, vn, vs); break;
        case RT_FAST_BOOL: rc = fast_bool(f, n, vn, vs); break;
        case RT_FAST_NUMBER:
            rc = fast_number(col, decimal, f, n, vn, vs);
            break;
        case RT_FAST_PLAIN: rc = fast_plain(f, n, vn, vs); break;
        default: rc = -1;
        }
        slow |= (uint64_t)(rc < 0) << i;
        if (words && rc >= 0)
            add_tests(t, masks + (size_t)(1 + rc) * (size_t)words, words);
    }
    return slow;
}

/* A text column with no contract that is a dimension's value, a run's
 * worth (convert_run_as's RT_FAST_PLAIN, plus value ids): a text seen
 * before is known valid and has its id, found by its bytes without
 * checking UTF-8 or interning it again. */
static uint64_t convert_run_dims(rt_worker *w, int c, int slot,
                                 const rt_rows *rs)
{
    const rt_column *col = &w->plan->p->cols[c];
    size_t nc = (size_t)w->plan->p->ncols, nf = (size_t)rs->ncols;
    const char *const *field = rs->field + w->plan->field[c];
    const size_t *len = rs->len + w->plan->field[c];
    rt_value *vn = w->run_num + c, *vs = w->run_str + c;
    uint32_t *id = w->run_dim + (size_t)c * RT_ROWS_MAX;
    rt_recent *r = &w->text_recent[c];
    bool markers = col->nmissing != 0;
    uint64_t slow = 0;
    if (w->text_slot[c] != slot) { /* (ids of another slot) */
        memset(r, 0, sizeof *r);
        w->text_slot[c] = slot;
    }
    for (int i = 0; i < rs->n; i++, vn += nc, vs += nc) {
        const char *f = field[(size_t)i * nf];
        size_t n = len[(size_t)i * nf];
        *vn = rt_missing();
        if (n == 0 || (n == 2 && f[0] == 'N' && f[1] == 'A') ||
            (markers && rt_field_marker(col, f))) {
            *vs = rt_missing();
            id[i] = NO_VALUE;
            continue;
        }
        unsigned k = recent_slot(f, n);
        if (!r->key[k] || r->len[k] != n || !same_bytes(r->key[k], f, n)) {
            if ((unsigned char)f[0] == 0xEF || !rt_valid_utf8(f, n)) {
                slow |= (uint64_t)1 << i;
                continue;
            }
            r->id[k] = value_id_n(w, slot, f, n);
            r->key[k] = rt_groups_key(w->dimtab[slot], (int)r->id[k], NULL);
            r->len[k] = n;
        }
        *vs = rt_str(f);
        id[i] = r->id[k];
    }
    return slow;
}

/* convert_run_as for column c's kind, in words words (a constant). */
LOOP_STEP uint64_t convert_run_kind(rt_worker *w, int c, const rt_rows *rs,
                                    int words)
{
    switch (w->plan->conv[c].fast) {
    case RT_FAST_TEXT: return convert_run_as(w, c, rs, RT_FAST_TEXT, words);
    case RT_FAST_BOOL: return convert_run_as(w, c, rs, RT_FAST_BOOL, words);
    case RT_FAST_NUMBER: return convert_run_as(w, c, rs, RT_FAST_NUMBER, words);
    case RT_FAST_PLAIN: return convert_run_as(w, c, rs, RT_FAST_PLAIN, words);
    default: return convert_run_as(w, c, rs, RT_FAST_NONE, 0);
    }
}

/* Why a column at a time: one kind's loop per column, instead of a
 * dispatch per field. A record with a value no shortcut takes is
 * converted whole by the general path, in file order (so that errors
 * and warnings come as a record-at-a-time scan gives them). The records
 * marked slow, as bits. */
static uint64_t convert_run(rt_worker *w, int c, const rt_rows *rs)
{
    if (w->plan->scan_dims[c] >= 0)
        return convert_run_dims(w, c, w->plan->scan_dims[c], rs);
    if (!w->plan->scan_masks[c])
        return convert_run_kind(w, c, rs, 0);
    switch (w->plan->scan_words) { /* (the usual counts as constants) */
    case 1: return convert_run_kind(w, c, rs, 1);
    case 2: return convert_run_kind(w, c, rs, 2);
    default: return convert_run_kind(w, c, rs, -1);
    }
}

/* The plain loop over a run: its columns converted first, then each
 * record prepared and fed as on_row does. */
static int on_rows(void *ctx, const rt_rows *rs)
{
    rt_worker *w = ctx;
    const rt_plan *pl = w->plan;
    size_t nc = (size_t)pl->p->ncols;
    _Static_assert(RT_ROWS_MAX <= 64, "a run's slow records are one word");
    uint64_t slow = 0;
    if (pl->scan_words)
        memset(w->run_tests, 0,
               sizeof *w->run_tests * (size_t)rs->n * (size_t)pl->scan_words);
    for (const int *c = pl->scan_cols; *c >= 0; c++)
        slow |= convert_run(w, *c, rs);
    rt_value *num = w->col_num, *str = w->col_str;
    int rc = 0;
    for (int i = 0; i < rs->n; i++) {
        rt_row row = {rs->line[i], rs->ncols, rs->field + (size_t)i * rs->ncols,
                      rs->len + (size_t)i * rs->ncols};
        use_columns(w, w->run_num + i * nc, w->run_str + i * nc);
        rc = slow >> i & 1 ? prepare_row(w, &row)
                           : prepare_converted(w, &row, i);
        if (rc)
            break;
        spool_and_feed(w);
    }
    use_columns(w, num, str);
    return rc;
}

/* The sums' packed counters into their states. */
static void fold_sums(rt_worker *w, const rt_feedplan *fp)
{
    int nsums = fp->hsum_at[fp->nfilters + 1];
    if (!nsums)
        return;
    int gi = fp->hot_base, nh = w->plan->nhot[gi];
    int na = w->plan->nattached[gi];
    rt_gtable *g = &w->g[gi];
    int n = rt_groups_count(g->keys);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < nsums; j++) {
            const rt_feed *f = &fp->hsums[j];
            fold_sum(w, &g->hot[(size_t)i * nh + f->hsum],
                     &g->states[(size_t)i * na + f->local],
                     f->rows_local >= 0
                         ? &g->states[(size_t)i * na + f->rows_local]
                         : NULL);
        }
}

/* The order statistics' packed counters into their states (as
 * rt_aggstate_count_value and rt_aggstate_skip would have), and their
 * cached buffer addresses cleared. */
static void fold_values(rt_worker *w, const rt_feedplan *fp)
{
    int nvals = fp->hval_at[fp->nfilters + 1];
    if (!nvals)
        return;
    int gi = fp->hot_base, nh = w->plan->nhot[gi];
    int na = w->plan->nattached[gi];
    rt_gtable *g = &w->g[gi];
    int n = rt_groups_count(g->keys);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < nvals; j++) {
            const rt_feed *f = &fp->hvals[j];
            rt_hotcount *h = &g->hot[(size_t)i * nh + f->hval];
            fold_value_count(w, f, h, &g->states[(size_t)i * na + f->local]);
            h[1] = (rt_hotcount){0}; /* (the buffer's address too) */
        }
}

/* A band's counters into the states of its wheres: each where's count is
 * the sum of its classes' counters (countband.h). */
static void fold_band(rt_worker *w, const rt_feedplan *fp)
{
    const rt_countband *b = fp->band;
    int gi = fp->band_base, nh = w->plan->nhot[gi];
    int na = w->plan->nattached[gi];
    rt_gtable *g = &w->g[gi];
    int n = rt_groups_count(g->keys);
    for (int i = 0; i < n; i++) {
        rt_hotcount *row = &g->hot[(size_t)i * nh + fp->band_at];
        for (int j = 0; j < b->nwheres; j++) {
            rt_aggstate *s = &g->states[(size_t)i * na + fp->band_local[j]];
            for (int k = b->wfirst[j]; k < b->wfirst[j + 1]; k++)
                rt_hotcount_fold_into(&row[b->wcounters[k]], w->hot_lsb, s);
        }
        memset(row, 0, (size_t)b->ncounters * sizeof *row);
    }
}

/* Why after every scan: the rest of the run (merges, roll-ups, results)
 * reads the states; the packed counters are the scan's alone. */
static void fold_hot(rt_worker *w)
{
    const rt_plan *pl = w->plan;
    for (int gi = 0; gi < pl->p->ngroupings; gi++) {
        rt_gtable *g = &w->g[gi];
        int nh = pl->nhot[gi], na = pl->nattached[gi];
        int n = rt_groups_count(g->keys);
        for (int i = 0; nh && i < n; i++)
            for (int h = 0; h < nh; h++)
                if (pl->hot_local[gi][h] >= 0)
                    rt_hotcount_fold(
                        &g->hot[(size_t)i * nh + h], w->hot_lsb,
                        &g->states[(size_t)i * na + pl->hot_local[gi][h]]);
    }
    size_t nslots = (size_t)(pl->p->npasses + 1) * pl->p->ndatasets + 1;
    for (size_t k = 0; k < nslots; k++) {
        if (pl->feeds[k].band)
            fold_band(w, &pl->feeds[k]);
        fold_sums(w, &pl->feeds[k]);
        fold_values(w, &pl->feeds[k]);
    }
}

/* The replay's record callback: the spool has set the record's columns
 * (bad ones marked), and the rest is the plain loop's. */
static int on_spool_row(void *ctx, bool bad, int psu)
{
    rt_worker *w = ctx;
    w->env.row++;
    w->row_bad = bad;
    w->psu = psu;
    if (locate_row(w, false, NULL, SIZE_MAX))
        return 1;
    feed_row(w);
    return 0;
}

/* Why no CSV handle is read: the spool holds the converted values; csv
 * only names the file (data errors, which a replay does not meet). */
int rt_worker_replay(rt_worker *w, int ds, rt_csv *csv,
                     struct rt_colspool *spool)
{
    const rt_program *p = w->plan->p;
    w->ds = ds;
    w->csv = csv;
    w->row = NULL;
    w->nper_main = 0; /* the main periods are refrozen for each scan */
    memset(w->bad_col, 0, (size_t)p->ncols * sizeof(bool));
    w->row_bad = false;
    rt_samples_use_pool(w->pool);
    int rc = rt_colspool_replay(spool, w->col_num, w->col_str, w->bad_col,
                                on_spool_row, w);
    flush_values(w);
    fold_hot(w);
    return rc;
}

/* ---- recording (rt_exec_trace) ---- */

/* Whether the prepared record is in the traced group: its period's text
 * and its value in each of the grouping's dimensions. */
static bool in_traced_group(rt_worker *w, const rt_trace *t)
{
    if (strcmp(period_text(w), t->period) != 0)
        return false;
    const rt_grouping *gr = &w->plan->p->groupings[t->grouping];
    for (int d = 0; d < gr->ndims; d++) {
        const rt_expr *de = gr->dims[w->ds * gr->ndims + d];
        char num[40];
        const char *v =
            de ? dim_text(rt_eval(de, &w->env), num, sizeof num) : NULL;
        if (!de || (v ? !t->dims[d] || strcmp(v, t->dims[d]) != 0
                      : t->dims[d] != NULL))
            return false;
    }
    return true;
}

/* Records what the prepared record gives one traced aggregate, through
 * the same filter and inputs the plain loop feeds. */
static void trace_agg(rt_worker *w, rt_trace_agg *ta, size_t max_rows)
{
    const rt_agg *a = &w->plan->p->aggs[ta->agg];
    ta->in_group++;
    if (!reaches(w, ta->agg))
        return;
    rt_value v;
    double wt;
    if (!agg_input(w, a, &v, &wt)) {
        ta->skipped++;
        return;
    }
    ta->counted++;
    if (ta->nrows >= max_rows)
        return;
    double x = v.tag == RT_BOOL ? v.b : v.tag == RT_NUM ? v.num : 0;
    rt_trace_keep(ta, max_rows, w->row->line + rt_csv_line_shift(w->csv), x, wt,
                  w->row->field, w->plan->field);
}

/* The recording loop's callback: the plain loop's work on the record
 * (its states are the replay's own, discarded), then what it gave each
 * traced aggregate of this scan. */
static int on_row_traced(void *ctx, const rt_row *row)
{
    rt_worker *w = ctx;
    if (on_row(w, row))
        return 1;
    const rt_trace *t = w->trace;
    if (!in_traced_group(w, t))
        return 0;
    for (int i = 0; i < t->naggs; i++) {
        const rt_agg *a = &w->plan->p->aggs[t->aggs[i].agg];
        if (a->pass == w->pass && a->ds == w->ds)
            trace_agg(w, &t->aggs[i], t->max_rows);
    }
    return 0;
}

/* Why two callbacks: the recording loop is chosen here, once per scan,
 * so the plain record loop carries no trace test. */
int rt_worker_scan(rt_worker *w, int ds, rt_csv *csv, const rt_csv_range *r,
                   size_t line_base)
{
    const rt_plan *pl = w->plan;
    w->ds = ds;
    w->csv = csv;
    w->nper_main = 0; /* the main periods are refrozen for each scan */
    rt_samples_use_pool(w->pool);
    bool *wanted = rt_xcalloc((size_t)rt_csv_ncols(csv) + 1, sizeof(bool));
    for (const int *c = pl->scan_cols; *c >= 0; c++)
        wanted[pl->field[*c]] = true;
    int rc =
        w->trace
            ? rt_csv_scan_range(csv, r, line_base, wanted, on_row_traced, w)
            : rt_csv_scan_rows(csv, r, line_base, wanted, on_row, on_rows, w);
    free(wanted);
    flush_values(w);
    fold_hot(w);
    return rc;
}

/* ---- life cycle and merging ---- */

void rt_worker_init(rt_worker *w, const rt_plan *plan)
{
    const rt_program *p = plan->p;
    memset(w, 0, sizeof *w);
    w->plan = plan;
    w->g = rt_xcalloc_lines((size_t)p->ngroupings + 1, sizeof *w->g);
    for (int g = 0; g < p->ngroupings; g++)
        w->g[g].keys = rt_groups_new();
    w->row_group = rt_xcalloc_lines((size_t)p->ngroupings + 1, sizeof(int));
    w->bad_col = rt_xcalloc_lines((size_t)p->ncols + 1, sizeof(bool));
    w->col_num = rt_xcalloc_lines((size_t)p->ncols + 1, sizeof(rt_value));
    w->col_str = rt_xcalloc_lines((size_t)p->ncols + 1, sizeof(rt_value));
    w->env.col_num = w->col_num;
    w->env.col_str = w->col_str;
    w->hotadd = rt_xcalloc_lines((size_t)p->ncols + 2, sizeof *w->hotadd);
    w->hotadd_row =
        rt_xcalloc_lines((size_t)p->ncols + 2, sizeof *w->hotadd_row);
    w->prodadd = rt_xcalloc_lines((size_t)p->ncols + 1, sizeof *w->prodadd);
    w->prodadd_row =
        rt_xcalloc_lines((size_t)p->ncols + 1, sizeof *w->prodadd_row);
    w->run_num =
        rt_xcalloc_lines(RT_ROWS_MAX * (size_t)p->ncols + 1, sizeof(rt_value));
    w->run_str =
        rt_xcalloc_lines(RT_ROWS_MAX * (size_t)p->ncols + 1, sizeof(rt_value));
    w->run_dim =
        rt_xcalloc_lines(RT_ROWS_MAX * (size_t)p->ncols + 1, sizeof(uint32_t));
    w->run_tests = rt_xcalloc_lines(
        RT_ROWS_MAX * (size_t)plan->filter_words + 1, sizeof(uint64_t));
    w->text_recent =
        rt_xcalloc_lines((size_t)p->ncols + 1, sizeof *w->text_recent);
    w->text_slot = rt_xcalloc_lines((size_t)p->ncols + 1, sizeof(int));
    for (int c = 0; c < p->ncols; c++)
        w->text_slot[c] = -1;
    w->env.peragg = per_value;
    w->env.ctx = w;
    int nslots = p->ndims + p->ngroupings;
    w->dimtab = rt_xcalloc_lines((size_t)nslots + 1, sizeof(rt_groups *));
    for (int k = 0; k < nslots; k++)
        w->dimtab[k] = rt_groups_new();
    w->dim_id = rt_xcalloc_lines((size_t)nslots + 1, sizeof(uint32_t));
    w->dim_row = rt_xcalloc_lines((size_t)nslots + 1, sizeof(uint64_t));
    w->recent = rt_xcalloc_lines((size_t)nslots + 1, sizeof *w->recent);
    w->key_last =
        rt_xcalloc_lines((size_t)p->ngroupings + 1, sizeof(uint32_t *));
    w->key_lastidx = rt_xcalloc_lines((size_t)p->ngroupings + 1, sizeof(int));
    for (int g = 0; g < p->ngroupings; g++) {
        w->key_last[g] = rt_xcalloc_lines((size_t)p->groupings[g].ndims + 1,
                                          sizeof(uint32_t));
        w->key_lastidx[g] = -1;
        forget_periods(w);
    }
    w->feed = rt_xcalloc_lines((size_t)p->naggs + 1, sizeof(void *));
    w->todo = rt_xcalloc_lines((size_t)p->naggs + 1, sizeof(rt_feed *));
    w->tests =
        rt_xcalloc_lines((size_t)plan->filter_words + 1, sizeof(uint64_t));
    w->passed =
        rt_xcalloc_lines((size_t)plan->filter_words + 1, sizeof(uint64_t));
    w->memo = rt_xcalloc_lines((size_t)p->nlets + 1, sizeof(rt_value));
    w->memo_row = rt_xcalloc_lines((size_t)p->nlets + 1, sizeof(uint64_t));
    w->env.memo = w->memo;
    w->env.memo_row = w->memo_row;
    w->env.row = 1; /* memo_row starts at 0: nothing is remembered */
    forget_periods(w);
    w->pool = rt_samples_pool_new();
}

/* Why keep the tables: a merged worker is reused for the next pass. */
void rt_worker_clear(rt_worker *w)
{
    const rt_program *p = w->plan->p;
    for (int g = 0; g < p->ngroupings; g++) {
        rt_gtable *t = &w->g[g];
        int n = rt_groups_count(t->keys);
        int nd = g ? p->groupings[g].ndims : 0;
        for (size_t i = 0; i < (size_t)n * w->plan->nattached[g]; i++)
            rt_aggstate_free(&t->states[i]);
        for (size_t i = 0; i < (size_t)n * nd; i++)
            free(t->dims[i]);
        rt_groups_free(t->keys);
        rt_idmap_free(&t->packed);
        free(t->dense);
        free(t->period);
        free(t->dims);
        rt_huge_free(t->states, t->cap * (size_t)w->plan->nattached[g] *
                                    sizeof *t->states);
        rt_huge_free(t->hot,
                     t->cap * (size_t)w->plan->nhot[g] * sizeof *t->hot);
        free(t->files);
        memset(t, 0, sizeof *t);
        t->keys = rt_groups_new();
        w->key_lastidx[g] = -1;
        forget_periods(w);
    }
}

/* Why separate from clear: the per-record buffers live as long as the
 * worker, the groups only as long as a pass. */
void rt_worker_free(rt_worker *w)
{
    if (!w->plan)
        return;
    rt_worker_clear(w);
    for (int g = 0; g < w->plan->p->ngroupings; g++)
        rt_groups_free(w->g[g].keys);
    for (size_t i = 0; i < w->nwarn; i++)
        rt_data_error_clear(&w->warn[i]);
    free(w->warn);
    free(w->g);
    free(w->row_group);
    free(w->bad_col);
    free(w->col_num);
    free(w->col_str);
    free(w->run_num);
    free(w->run_str);
    free(w->run_dim);
    free(w->run_tests);
    free(w->text_recent);
    free(w->text_slot);
    free(w->hotadd);
    free(w->hotadd_row);
    free(w->feed);
    free(w->todo);
    free(w->prodadd);
    free(w->prodadd_row);
    free(w->tests);
    free(w->passed);
    free(w->per_main);
    free(w->memo);
    free(w->memo_row);
    for (int k = 0; w->dimtab && k < w->plan->p->ndims + w->plan->p->ngroupings;
         k++)
        rt_groups_free(w->dimtab[k]);
    free(w->dimtab);
    free(w->dim_id);
    free(w->dim_row);
    free(w->recent);
    for (int g = 0; w->key_last && g < w->plan->p->ngroupings; g++)
        free(w->key_last[g]);
    free(w->key_last);
    free(w->key_lastidx);
    free(w->key);
    rt_data_error_clear(&w->err);
    rt_samples_pool_free(w->pool);
}

/* Why: the driver walks a grouping's groups after a pass. */
int rt_worker_ngroups(const rt_worker *w, int gi)
{
    return rt_groups_count(w->g[gi].keys);
}

/* Why a search: an aggregate is attached to few groupings; its slot in
 * each comes from the plan. */
rt_aggstate *rt_worker_state(const rt_worker *w, int agg, int gi, int group)
{
    const rt_agg *a = &w->plan->p->aggs[agg];
    for (int i = 0; i < a->ngroupings; i++)
        if (a->groupings[i] == gi)
            return &w->g[gi].states[(size_t)group * w->plan->nattached[gi] +
                                    w->plan->local[agg][i]];
    return NULL;
}

/* The group of src's group i in dst, created with its dimensions and
 * (remapped) period when dst does not have it. */
static int merged_group(rt_worker *dst, const rt_worker *src, int gi, int i,
                        const int *period_map)
{
    const rt_gtable *s = &src->g[gi];
    int idx;
    if (gi == 0) {
        idx = rt_worker_period(dst, rt_groups_key(s->keys, i, NULL));
    } else {
        int nd = dst->plan->p->groupings[gi].ndims;
        const char *vals[RT_MAX_DIMS] = {0};
        for (int k = 0; k < nd && k < RT_MAX_DIMS; k++)
            vals[k] = s->dims[(size_t)i * nd + k];
        idx =
            rt_worker_group_by_values(dst, gi, period_map[s->period[i]], vals);
    }
    dst->g[gi].files[idx] |= s->files[i];
    return idx;
}

/* Why key by key: workers number their groups in their own order; the
 * merge follows src's order, which is file order. */
void rt_worker_merge(rt_worker *dst, rt_worker *src)
{
    const rt_plan *pl = dst->plan;
    const rt_program *p = pl->p;
    int np = rt_worker_ngroups(src, 0);
    int *period_map = rt_xcalloc((size_t)np + 1, sizeof(int));
    rt_samples_use_pool(dst->pool); /* src's values move into dst's pool */
    for (int gi = 0; gi < p->ngroupings; gi++) {
        int n = rt_worker_ngroups(src, gi);
        int na = pl->nattached[gi];
        for (int i = 0; i < n; i++) {
            int j = merged_group(dst, src, gi, i, period_map);
            if (gi == 0)
                period_map[i] = j;
            for (int k = 0; k < na; k++)
                rt_aggstate_merge(&dst->g[gi].states[(size_t)j * na + k],
                                  &src->g[gi].states[(size_t)i * na + k]);
        }
    }
    free(period_map);
    rt_worker_clear(src);
}
