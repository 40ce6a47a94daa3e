/* colspool.c — the column spool of a first scan (colspool.h): fixed-size
 * blocks of BLOCK_ROWS records, column by column (doubles, then text ids,
 * then one tag byte per value), written sequentially to an unlinked
 * temporary file and read back one block at a time. */
#include "colspool.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "group.h"
#include "tempfile.h"

/* Records per block: large enough that a write or read is a few hundred
 * kilobytes, small enough that the block stays in the cache. */
#define BLOCK_ROWS 4096
/* Bytes of text the dictionaries of one spool may hold; past it (a text
 * column with millions of distinct values) the spool is dropped and the
 * later passes read the CSV: memory stays bounded. */
#define DICT_BUDGET (64u << 20)
/* Entries of a dictionary's cache of recent texts (a power of two). */
#define RECENT 64

/* A value's tag byte: the number's tag (rt_vtag) in bits 0-1, a
 * boolean's value, whether there is text, whether --lenient made it
 * missing. */
enum { TAG_NUM = 3, TAG_TRUE = 4, TAG_STR = 8, TAG_BAD = 16 };

/* The texts of one column: ids in order of first appearance, each with
 * the value it is replayed as (the program's interned address for an
 * allowed value, so that filters still compare addresses). */
typedef struct dict {
    rt_groups *keys;
    rt_value *vals;
    size_t cap;
    uint32_t recent[RECENT]; /* by a hash of the text: id + 1; 0: empty */
    uint32_t byaddr[RECENT]; /* interned text, by its address */
    uint32_t last;           /* the last text's id + 1; 0: none */
} dict;

typedef struct spcol {
    int c;
    int num;  /* index among the columns kept as numbers, -1: not kept */
    int str;  /* index among those kept as text, -1: not kept */
    dict *dt; /* when kept as text */
    /* its arrays in the block (NULL: not kept) */
    double *nums;
    uint32_t *sids;
    unsigned char *tags;
} spcol;

struct rt_colspool {
    int fd;
    spcol *cols;
    int ncols, nnum, nstr;
    size_t block_bytes;
    unsigned char *block; /* the block being written, then read */
    double *num;          /* [nnum][BLOCK_ROWS], inside block */
    int32_t *psu;         /* [BLOCK_ROWS] when keep_psu */
    bool keep_psu;
    uint32_t *sid;      /* [nstr][BLOCK_ROWS] */
    unsigned char *tag; /* [ncols][BLOCK_ROWS] */
    size_t fill;        /* records in the block being written */
    unsigned long long rows;
    long long blocks;
    size_t dict_bytes;
    bool broken;
};

bool rt_colspool_enabled(void)
{
    const char *e = getenv("SICALC_SPOOL");
    return !(e && strcmp(e, "0") == 0);
}

static bool keeps_num(const rt_column *col)
{
    return col->as_num || col->type == RT_COL_INT ||
           col->type == RT_COL_NUMBER || col->type == RT_COL_BOOL;
}

/* The block's arrays: doubles first, so that all are aligned. */
static void layout(rt_colspool *s)
{
    size_t n = BLOCK_ROWS;
    s->block_bytes =
        sizeof(uint64_t) +
        n * (s->nnum * sizeof(double) + (s->keep_psu ? sizeof(int32_t) : 0) +
             s->nstr * sizeof(uint32_t) + (size_t)s->ncols);
    s->block = rt_xcalloc(s->block_bytes, 1);
    s->num = (double *)(s->block + sizeof(uint64_t));
    s->psu = (int32_t *)(s->num + n * s->nnum);
    s->sid = (uint32_t *)(s->psu + (s->keep_psu ? n : 0));
    s->tag = (unsigned char *)(s->sid + n * s->nstr);
    for (int j = 0; j < s->ncols; j++) {
        spcol *sc = &s->cols[j];
        sc->nums = sc->num >= 0 ? s->num + (size_t)sc->num * n : NULL;
        sc->sids = sc->str >= 0 ? s->sid + (size_t)sc->str * n : NULL;
        sc->tags = s->tag + (size_t)j * n;
    }
}

rt_colspool *rt_colspool_new(const rt_program *p, const int *cols,
                             int period_col, bool keep_psu)
{
    int fd = rt_temp_fd();
    if (fd < 0)
        return NULL;
    rt_colspool *s = rt_xcalloc(1, sizeof *s);
    s->fd = fd;
    s->keep_psu = keep_psu;
    while (cols[s->ncols] >= 0)
        s->ncols++;
    s->cols = rt_xcalloc((size_t)s->ncols + 1, sizeof *s->cols);
    for (int j = 0; j < s->ncols; j++) {
        spcol *sc = &s->cols[j];
        const rt_column *col = &p->cols[cols[j]];
        bool num = keeps_num(col);
        sc->c = cols[j];
        sc->num = num ? s->nnum++ : -1;
        sc->str = col->as_str || cols[j] == period_col || !num ? s->nstr++ : -1;
        if (sc->str >= 0) {
            sc->dt = rt_xcalloc(1, sizeof *sc->dt);
            sc->dt->keys = rt_groups_new();
        }
    }
    layout(s);
    return s;
}

static unsigned recent_slot(const char *t, size_t len)
{
    if (len == 0)
        return 0;
    unsigned h = (unsigned)len * 7u + (unsigned char)t[0] * 3u +
                 (unsigned char)t[len / 2] * 5u + (unsigned char)t[len - 1];
    return h & (RECENT - 1);
}

/* The id of text v (len bytes) by its bytes, added when new. */
static uint32_t intern_text(rt_colspool *s, dict *d, rt_value v, size_t len)
{
    int before = rt_groups_count(d->keys);
    uint32_t id = (uint32_t)rt_groups_intern(d->keys, v.str, len);
    if ((int)id == before) {
        rt_grow((void **)&d->vals, &d->cap, (size_t)id + 1, sizeof *d->vals);
        /* Interned text keeps its address; other text the copy's. */
        d->vals[id] = v.b ? v : rt_str(rt_groups_key(d->keys, (int)id, NULL));
        s->dict_bytes += len + 64;
        if (s->dict_bytes > DICT_BUDGET)
            s->broken = true;
    }
    return id;
}

/* The id of text value v in dictionary d (added when new). Interned
 * text (allowed values) is found by its address; other text is compared
 * with the last one (records come clustered), then with a recent one of
 * the same hash. */
static uint32_t text_id(rt_colspool *s, dict *d, rt_value v)
{
    if (v.b) {
        unsigned k =
            (unsigned)(((uintptr_t)v.str * 0x9E3779B97F4A7C15ull) >> 58) &
            (RECENT - 1);
        uint32_t id = d->byaddr[k];
        if (id && d->vals[id - 1].str == v.str)
            return id - 1;
        id = intern_text(s, d, v, strlen(v.str));
        d->byaddr[k] = id + 1;
        return id;
    }
    if (d->last && strcmp(d->vals[d->last - 1].str, v.str) == 0)
        return d->last - 1;
    size_t len = strlen(v.str);
    unsigned k = recent_slot(v.str, len);
    uint32_t id = d->recent[k];
    if (!id || strcmp(d->vals[id - 1].str, v.str) != 0)
        id = intern_text(s, d, v, len) + 1;
    d->recent[k] = d->last = id;
    return id - 1;
}

static bool write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void flush_block(rt_colspool *s)
{
    uint64_t n = s->fill;
    memcpy(s->block, &n, sizeof n);
    if (!s->broken && !write_all(s->fd, s->block, s->block_bytes))
        s->broken = true;
    s->blocks++;
    s->fill = 0;
}

void rt_colspool_put(rt_colspool *s, const rt_value *num, const rt_value *str,
                     const bool *bad, int psu)
{
    if (s->broken)
        return;
    size_t r = s->fill;
    if (s->keep_psu)
        s->psu[r] = psu;
    for (int j = 0; j < s->ncols; j++) {
        const spcol *sc = &s->cols[j];
        const rt_value *v = &num[sc->c];
        unsigned t = (unsigned)v->tag & TAG_NUM;
        if (v->tag == RT_BOOL && v->b)
            t |= TAG_TRUE;
        if (sc->nums)
            sc->nums[r] = v->tag == RT_NUM ? v->num : 0;
        if (sc->sids && str[sc->c].tag == RT_STR) {
            t |= TAG_STR;
            sc->sids[r] = text_id(s, sc->dt, str[sc->c]);
        }
        if (bad && bad[sc->c])
            t |= TAG_BAD;
        sc->tags[r] = (unsigned char)t;
    }
    s->rows++;
    if (++s->fill == BLOCK_ROWS)
        flush_block(s);
}

bool rt_colspool_finish(rt_colspool *s)
{
    if (s->fill)
        flush_block(s);
    return !s->broken;
}

static void read_block(rt_colspool *s, long long b)
{
    size_t done = 0;
    off_t at = (off_t)b * (off_t)s->block_bytes;
    while (done < s->block_bytes) {
        ssize_t r = pread(s->fd, s->block + done, s->block_bytes - done,
                          at + (off_t)done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            fprintf(stderr, "sicalc: error: cannot read a temporary file: %s\n",
                    r < 0 ? strerror(errno) : "it is shorter than written");
            exit(1);
        }
        done += (size_t)r;
    }
}

int rt_colspool_replay(rt_colspool *s, rt_value *num, rt_value *str, bool *bad,
                       rt_colspool_fn fn, void *ctx)
{
    for (long long b = 0; b < s->blocks; b++) {
        read_block(s, b);
        uint64_t n;
        memcpy(&n, s->block, sizeof n);
        for (size_t r = 0; r < n; r++) {
            bool any = false;
            for (int j = 0; j < s->ncols; j++) {
                const spcol *sc = &s->cols[j];
                unsigned t = sc->tags[r];
                int c = sc->c;
                switch ((rt_vtag)(t & TAG_NUM)) {
                case RT_NUM: /* (read only when kept as a number) */
                    num[c] = sc->nums ? rt_num(sc->nums[r]) : rt_missing();
                    break;
                case RT_BOOL: num[c] = rt_bool(t & TAG_TRUE); break;
                default: num[c] = rt_missing(); break;
                }
                str[c] = t & TAG_STR ? sc->dt->vals[sc->sids[r]] : rt_missing();
                bad[c] = t & TAG_BAD;
                any |= bad[c];
            }
            int rc = fn(ctx, any, s->keep_psu ? s->psu[r] : -1);
            if (rc)
                return rc;
        }
    }
    return 0;
}

unsigned long long rt_colspool_rows(const rt_colspool *s)
{
    return s->rows;
}

long long rt_colspool_bytes(const rt_colspool *s)
{
    return s->blocks * (long long)s->block_bytes;
}

void rt_colspool_free(rt_colspool *s)
{
    if (!s)
        return;
    close(s->fd);
    for (int j = 0; j < s->ncols; j++)
        if (s->cols[j].dt) {
            rt_groups_free(s->cols[j].dt->keys);
            free(s->cols[j].dt->vals);
            free(s->cols[j].dt);
        }
    free(s->cols);
    free(s->block);
    free(s);
}
