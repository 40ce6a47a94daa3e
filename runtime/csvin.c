/* csvin.c — streaming CSV reader: libcsv does the quoting, we count lines.
 * The file is read in big blocks and handed to libcsv one physical line at
 * a time, so the callbacks always know which line they are on. */
#include "csvin.h"

#include "arena.h"
#include "csvopen.h"

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read size: big enough that stdio overhead vanishes on 10M-row files,
 * small enough to stay in cache-friendly territory. */
#define BLOCK_SIZE (1u << 20)
/* libcsv grows its field buffer by a fixed step (128 bytes by default,
 * quadratic on huge fields); we raise the step to at least this, and to
 * the current size, which makes the growth geometric. */
#define MIN_CSV_STEP (64u * 1024)

struct rt_csv {
    char *path;
    /* Opened once (csvopen.h); every pass and thread reads in.fd with
     * pread (a thread's reader has a dup of it), so a file replaced by its
     * path while the run goes on is never mixed in. */
    rt_input in;
    long pos;       /* where the next read_block reads */
    int read_errno; /* a read failed in this pass: its errno */
    char delim;
    bool libcsv_only;  /* every line through libcsv (see plain_line) */
    rt_data_error err; /* the first error of the pass (unset: none) */
    char *errtext;     /* its "path:line: message" form; NULL when none */
    size_t rows;

    /* header */
    rt_arena *arena;
    int ncols;
    char **names;
    int *hash; /* open addressing, -1 empty; size hash_cap (power of 2) */
    size_t hash_cap;

    /* state of the current pass */
    struct csv_parser p;
    /* libcsv's pstate (public in csv.h) is back at its csv_init value
     * exactly when no record is open; that tells where records start. */
    int idle_pstate;
    char *block;          /* BLOCK_SIZE bytes */
    size_t line;          /* physical line being fed (1-based) */
    size_t next_rec_line; /* where the next record starts, if one does */
    size_t rec_line;      /* where the current record started */
    size_t field_line;    /* line of the last completed field */
    size_t nf;            /* fields seen so far in the current record */
    size_t limit;         /* fields at index >= limit are not copied */
    unsigned char *want;  /* NULL: all below limit */
    uint64_t want_bits;   /* want[] of the first 64 fields, as bits */
    bool header_mode;     /* collecting the header (rt_csv_open) */
    bool in_header;       /* the current record is the header (skip it) */
    bool nul_pending;     /* a NUL byte was fed in the current record */
    int stop;             /* non-zero: ignore callbacks; the scan result */

    /* per-record buffers, reused from row to row */
    char *rowbuf;
    size_t rowused, rowcap;
    size_t *off, *len; /* per column, offset into rowbuf and length */
    size_t offcap;
    const char **fieldp;
    int *want_idx; /* wanted column indexes */
    int nwant;
    rt_row_fn fn;
    void *ctx;
    size_t nrows;
    /* Where take_field puts a plain record's fields: fieldp and len, or
     * the next slot of the run of plain records (rt_csv_scan_rows). */
    const char **rowp;
    size_t *rowlen;
    rt_rows_fn rows_fn;     /* NULL: every record through fn */
    const char **run_field; /* [RT_ROWS_MAX * ncols] */
    size_t *run_len;        /* [RT_ROWS_MAX * ncols] */
    size_t run_line[RT_ROWS_MAX];
    int nrun;

    /* the byte range of the current pass: [start, end), end -1 = EOF */
    long start, end;
    size_t line_base; /* the line number of the range's first line */
    bool lazy_lines;  /* numbered from the range's start; messages add */
    bool shift_known; /* shift, the lines before it, counted on demand */
    size_t shift;
    bool clean_end;      /* the range ended between records */
    rt_csv_fence *fence; /* NULL, or the range's movable end */
    bool cr_pending;     /* the last block ended with a '\r' */
};

static void set_error(rt_csv *c, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error of a pass (later ones are consequences) and
 * stops the pass. */
static void set_error(rt_csv *c, size_t line, const char *fmt, ...)
{
    c->stop = -1;
    if (rt_data_error_isset(&c->err))
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = rt_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rt_data_error_set(&c->err, c->path, line, NULL, 0, NULL, msg);
    free(msg);
    c->errtext = rt_data_error_text(&c->err, NULL);
}

static void clear_error(rt_csv *c)
{
    rt_data_error_clear(&c->err);
    free(c->errtext);
    c->errtext = NULL;
}

/* "column 'name'" for data records, "column N" inside the header. */
static void describe_column(const rt_csv *c, size_t i, char *buf, size_t n)
{
    if (!c->header_mode && i < (size_t)c->ncols)
        snprintf(buf, n, "column '%s'", c->names[i]);
    else
        snprintf(buf, n, "column %zu", i + 1);
}

/* ---- libcsv callbacks: the per-field path, kept lean ---- */

/* off[] and len[] hold at least need entries (they always grow together). */
static void grow_cols(rt_csv *c, size_t need)
{
    if (need <= c->offcap)
        return;
    size_t cap = c->offcap;
    rt_grow((void **)&c->off, &cap, need, sizeof *c->off);
    size_t cap2 = c->offcap;
    rt_grow((void **)&c->len, &cap2, need, sizeof *c->len);
    c->offcap = cap;
}

static void on_field(void *s, size_t len, void *data)
{
    rt_csv *c = data;
    if (c->stop)
        return;
    size_t i = c->nf++;
    if (i == 0)
        c->rec_line = c->next_rec_line;
    c->field_line = c->line;
    if (c->nul_pending && len && memchr(s, '\0', len)) {
        char col[300];
        describe_column(c, i, col, sizeof col);
        set_error(c, c->rec_line + rt_csv_line_shift(c),
                  "NUL byte in field (%s)", col);
        return;
    }
    if (i >= c->limit || (c->want && !c->want[i]))
        return;
    if (i >= c->offcap) /* only in header mode: the header sets the width */
        grow_cols(c, i + 1);
    size_t need = c->rowused + len + 1 + RT_FIELD_SLACK;
    if (need > c->rowcap)
        rt_grow((void **)&c->rowbuf, &c->rowcap, need, 1);
    memset(c->rowbuf + need - RT_FIELD_SLACK, 0, RT_FIELD_SLACK);
    if (len)
        memcpy(c->rowbuf + c->rowused, s, len);
    /* A line end inside a quoted field is one "\n", whichever the file
     * uses: a label must not depend on the editor that saved it. (Only
     * lines with a quote come here; plain lines take plain_line.) */
    char *cr = len ? memchr(c->rowbuf + c->rowused, '\r', len) : NULL;
    if (cr) {
        char *from = cr, *to = cr, *end = c->rowbuf + c->rowused + len;
        for (; from < end; from++)
            if (!(*from == '\r' && from + 1 < end && from[1] == '\n'))
                *to++ = *from;
        len = (size_t)(to - (c->rowbuf + c->rowused));
    }
    c->rowbuf[c->rowused + len] = '\0';
    c->off[i] = c->rowused;
    c->len[i] = len;
    c->rowused += len + 1;
}

/* Hands the run of plain records held so far to rows_fn. */
static void flush_run(rt_csv *c)
{
    if (!c->nrun || c->stop) {
        c->nrun = 0;
        return;
    }
    rt_rows rows = {c->nrun, c->ncols, c->run_field, c->run_len, c->run_line};
    c->nrun = 0;
    int rc = c->rows_fn(c->ctx, &rows);
    if (rc)
        c->stop = rc;
}

/* A data record of nf fields, its wanted ones in fieldp and len. */
static void submit(rt_csv *c, size_t nf)
{
    flush_run(c); /* records go to the callbacks in file order */
    if (c->stop)
        return;
    if (nf != (size_t)c->ncols) {
        set_error(c, c->rec_line + rt_csv_line_shift(c),
                  "row has %zu field%s, the header has %d", nf,
                  nf == 1 ? "" : "s", c->ncols);
        return;
    }
    rt_row row = {c->rec_line, c->ncols, c->fieldp, c->len};
    c->nrows++;
    int rc = c->fn(c->ctx, &row);
    if (rc)
        c->stop = rc;
}

static void on_record(int term, void *data)
{
    (void)term;
    rt_csv *c = data;
    if (c->stop)
        return;
    size_t nf = c->nf;
    c->nf = 0;
    c->rowused = 0;
    if (c->header_mode) { /* the names stay in rowbuf for build_header */
        c->ncols = (int)nf;
        c->stop = 1; /* the header is all rt_csv_open wants */
        return;
    }
    if (c->in_header) {
        c->in_header = false;
        c->limit = (size_t)c->ncols;
        return;
    }
    if (nf == (size_t)c->ncols)
        for (int k = 0; k < c->nwant; k++) {
            int i = c->want_idx[k];
            c->fieldp[i] = c->rowbuf + c->off[i];
        }
    submit(c, nf);
}

/* ---- feeding libcsv ---- */

/* Reads up to n bytes at c->pos (fewer only at the end of the file or
 * on an error, kept in read_errno), and moves pos past them. */
static size_t read_block(rt_csv *c, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(c->in.fd, buf + got, n - got, (off_t)c->pos);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            c->read_errno = errno;
        if (k <= 0)
            break;
        got += (size_t)k;
        c->pos += (long)k;
    }
    return got;
}

static void start_pass(rt_csv *c)
{
    c->pos = c->start > 0 ? c->start : 0;
    c->read_errno = 0;
    csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_delim(&c->p, (unsigned char)c->delim);
    /* libcsv's default padding (space and tab, never the delimiter) is
     * kept: a custom space function costs ~15% of the scan. */
    csv_set_realloc_func(&c->p, rt_xrealloc);
    csv_set_free_func(&c->p, free);
    c->idle_pstate = c->p.pstate;
    c->line = c->next_rec_line = c->rec_line = c->field_line =
        c->line_base ? c->line_base : 1;
    c->nf = c->rowused = c->nrows = 0;
    c->nul_pending = false;
    c->cr_pending = false;
    c->stop = 0;
    clear_error(c);
}

/* Which strict-mode rule libcsv tripped on, from its state and the byte it
 * refused. */
static void malformed(rt_csv *c, unsigned char ch)
{
    char col[300], what[64], where[48] = "";
    describe_column(c, c->nf, col, sizeof col);
    if (c->p.quoted) {
        if (ch >= 0x21 && ch < 0x7f)
            snprintf(what, sizeof what, "'%c' after the closing quote", ch);
        else
            snprintf(what, sizeof what, "byte 0x%02x after the closing quote",
                     ch);
    } else {
        snprintf(what, sizeof what, "a quote inside an unquoted field");
    }
    size_t start = c->nf ? c->rec_line : c->next_rec_line;
    if (c->line != start)
        snprintf(where, sizeof where, ", on line %zu",
                 c->line + rt_csv_line_shift(c));
    start += rt_csv_line_shift(c);
    set_error(c, start, "malformed CSV (%s in %s%s)", what, col, where);
}

/* Feeds part of one physical line; returns false when the pass stops. */
static bool feed(rt_csv *c, const char *s, size_t n)
{
    size_t have = csv_get_buffer_size(&c->p);
    csv_set_blk_size(&c->p, have > MIN_CSV_STEP ? have : MIN_CSV_STEP);
    if (c->p.pstate == c->idle_pstate)
        c->nul_pending = false; /* no record open: older NULs are judged */
    if (memchr(s, '\0', n))
        c->nul_pending = true;
    size_t used = csv_parse(&c->p, s, n, on_field, on_record, c);
    if (used < n && !c->stop)
        malformed(c, (unsigned char)s[used]);
    return c->stop == 0;
}

/* The next line end in [s, end): a '\n', or a bare '\r' (one not followed
 * by '\n': old Mac files, where libcsv also ends a record). *cr caches
 * the next '\r' of the block so files without one cost one search. A
 * '\r' last in the block is decided by the next block (c->cr_pending). */
static const char *line_end(rt_csv *c, const char *s, const char *end,
                            const char **cr)
{
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    for (;;) {
        if (*cr && *cr < s)
            *cr = memchr(s, '\r', (size_t)(end - s));
        if (!*cr || (nl && nl < *cr))
            return nl;
        if (*cr + 1 == end) {
            c->cr_pending = true;
            return NULL;
        }
        if ((*cr)[1] != '\n')
            return *cr;
        const char *skip = *cr + 1; /* a CRLF: its '\n' is the end */
        *cr = memchr(skip, '\r', (size_t)(end - skip));
        if (!*cr)
            return nl;
    }
}

/* libcsv's padding: space and tab, unless one is the delimiter. */
static bool is_pad(const rt_csv *c, char ch)
{
    return (ch == ' ' || ch == '\t') && ch != c->delim;
}

/* Trims padding from field [*f, *g) (rare: out of the loop). */
static void trim_pads(const rt_csv *c, char **f, char **g)
{
    while (*f < *g && is_pad(c, **f))
        (*f)++;
    while (*g > *f && is_pad(c, (*g)[-1]))
        (*g)--;
}

/* Field nf of a plain record, [f, g): padding trimmed, NUL-terminated
 * where it lies (the byte after it is padding, the delimiter or the line
 * end, all read already) when wanted. Inlined: the splitter calls it
 * for every field of the file. */
static inline __attribute__((always_inline)) void
take_field(rt_csv *c, uint64_t wb, size_t nf, char *f, char *g)
{
    if (!(nf < 64 ? wb >> nf & 1 : nf < c->limit && (!c->want || c->want[nf])))
        return;
    /* Padding is a space or a tab: a field whose ends are above ' ' (the
     * usual one) has none, and the trim loops are skipped. */
    if (f < g && ((unsigned char)*f <= ' ' || (unsigned char)g[-1] <= ' '))
        trim_pads(c, &f, &g);
    *g = '\0';
    c->rowp[nf] = f;
    c->rowlen[nf] = (size_t)(g - f);
}

/* The plain record just split joins the run (when whole: a ragged one
 * is submit's to report, after the run). */
static void add_to_run(rt_csv *c, size_t nf)
{
    if (nf != (size_t)c->ncols) {
        submit(c, nf);
        return;
    }
    c->run_line[c->nrun++] = c->rec_line;
    c->nrows++;
    if (c->nrun == RT_ROWS_MAX)
        flush_run(c);
}

/* A data record on a plain line [s, e), its fields not copied. The
 * delimiters are found 16 bytes at a time (the block has room past its
 * end for the last load), with no branch per byte. */
static void plain_record(rt_csv *c, char *s, char *e)
{
    size_t nf = 0;
    c->rec_line = c->next_rec_line;
    c->field_line = c->line;
    bool run = c->rows_fn != NULL;
    size_t slot = run ? (size_t)c->nrun * (size_t)c->ncols : 0;
    c->rowp = run ? c->run_field + slot : c->fieldp;
    c->rowlen = run ? c->run_len + slot : c->len;
    /* (The wanted fields below the limit as a word: one bit test a
     * field.) */
    uint64_t wb =
        c->want_bits & (c->limit >= 64 ? ~0ull : (1ull << c->limit) - 1);
    char *f = s;
#ifdef __SSE2__
    const __m128i delim = _mm_set1_epi8(c->delim);
    for (char *p = s; p < e; p += 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, delim));
        if (e - p < 16)
            m &= (1u << (e - p)) - 1;
        for (; m; m &= m - 1) {
            char *g = p + __builtin_ctz(m);
            take_field(c, wb, nf++, f, g);
            f = g + 1;
        }
    }
#else
    for (char *g = s; g < e; g++)
        if (*g == c->delim) {
            take_field(c, wb, nf++, f, g);
            f = g + 1;
        }
#endif
    take_field(c, wb, nf++, f, e);
    if (run)
        add_to_run(c, nf);
    else
        submit(c, nf);
}

/* A whole data line with no quote, NUL or bare CR in it, while no
 * record is open, split here exactly as libcsv would (unquoted fields,
 * padding trimmed, a blank line no record) into the same record: the
 * common line costs a fraction of libcsv's byte-by-byte state machine.
 * s..e is the line without its terminator. */
static void plain_line(rt_csv *c, char *s, char *e)
{
    if (e > s && e[-1] == '\r') /* CRLF */
        e--;
    const char *t = s;
    while (t < e && is_pad(c, *t))
        t++;
    if (t == e) /* blank: libcsv makes no record of it */
        return;
    plain_record(c, s, e);
}

static bool before(const char *p, const char *limit)
{
    return p && p < limit;
}

/* The first ch at or after s, cached in *at (NULL: none in the block):
 * each search runs once per occurrence, not once per line. */
static const char *next_of(const char *s, const char *end, char ch,
                           const char **at)
{
    if (*at && *at < s)
        *at = memchr(s, ch, (size_t)(end - s));
    return *at;
}

/* Cuts a block into physical lines; a line may continue in the next
 * block, so "at line start" is kept across calls in *bol. */
static bool feed_block(rt_csv *c, char *s, size_t n, bool *bol)
{
    const char *end = s + n;
    if (c->cr_pending) { /* the last block ended with a '\r' */
        c->cr_pending = false;
        if (n > 0 && s[0] != '\n') {
            c->line++;
            *bol = true;
        }
    }
    const char *cr = memchr(s, '\r', n);
    const char *quote = memchr(s, '"', n), *nul = memchr(s, '\0', n);
    while (s < end) {
        bool idle = c->p.pstate == c->idle_pstate;
        if (*bol && idle)
            c->next_rec_line = c->line;
        const char *nl = line_end(c, s, end, &cr);
        /* (Offsets from s: the block is ours to write, line_end only
         * reads it.) */
        char *q = s + (nl ? nl - s + 1 : end - s);
        /* (The header record is libcsv's: header_mode and in_header.) */
        if (*bol && idle && nl && *nl == '\n' && !c->libcsv_only &&
            !c->header_mode && !c->in_header &&
            !before(next_of(s, end, '"', &quote), nl) &&
            !before(next_of(s, end, '\0', &nul), nl)) {
            plain_line(c, s, s + (nl - s));
            if (c->stop)
                return false;
        } else {
            flush_run(c); /* (libcsv's records come through submit) */
            if (c->stop || !feed(c, s, (size_t)(q - s)))
                return false;
        }
        *bol = nl != NULL;
        if (nl)
            c->line++;
        s = q;
    }
    return true;
}

/* How many bytes the next block reads: up to the range's end, under the
 * fence's lock when there is one (the end may move; the bytes are then
 * claimed). */
static size_t next_block_size(rt_csv *c)
{
    rt_csv_fence *f = c->fence;
    if (f)
        pthread_mutex_lock(&f->mu);
    long end = f ? f->end : c->end;
    size_t n = BLOCK_SIZE;
    if (end >= 0)
        n = c->pos >= end                     ? 0
            : end - c->pos < (long)BLOCK_SIZE ? (size_t)(end - c->pos)
                                              : BLOCK_SIZE;
    if (f) {
        f->claimed = c->pos + (long)n;
        pthread_mutex_unlock(&f->mu);
    }
    return n;
}

/* The range's end once the reader stops: a fence's can no longer move. */
static void close_fence(rt_csv *c)
{
    rt_csv_fence *f = c->fence;
    if (!f)
        return;
    pthread_mutex_lock(&f->mu);
    f->done = true;
    c->end = f->end;
    pthread_mutex_unlock(&f->mu);
}

/* Streams the whole file through libcsv (or until a callback stops it). */
static void run_pass(rt_csv *c)
{
    start_pass(c);
    bool bol = true, first = c->start == 0;
    size_t n, want;
    while ((want = next_block_size(c)) > 0 &&
           (n = read_block(c, c->block, want)) > 0) {
        char *s = c->block;
        if (first && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3, n -= 3;
        first = false;
        if (!feed_block(c, s, n, &bol))
            break;
        flush_run(c); /* the next read overwrites the run's fields */
        if (c->stop)
            break;
    }
    close_fence(c);
    if (!c->stop && c->read_errno)
        set_error(c, 0, "read error: %s", strerror(c->read_errno));
    c->clean_end = c->p.pstate == c->idle_pstate;
    /* A range cut inside a record is the caller's to redo, not an error. */
    bool cut = c->end >= 0 && !c->clean_end;
    if (!c->stop && !cut && csv_fini(&c->p, on_field, on_record, c) != 0 &&
        !c->stop) {
        size_t start = c->nf ? c->rec_line : c->next_rec_line;
        size_t opened = c->nf ? c->field_line : c->next_rec_line;
        start += rt_csv_line_shift(c);
        opened += rt_csv_line_shift(c);
        set_error(c, start,
                  "unterminated quoted field (the quote opens on line %zu)",
                  opened);
    }
    csv_free(&c->p);
}

/* ---- header ---- */

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Index of name, or the empty slot where it would go (as -1 - slot). */
static long hash_lookup(const rt_csv *c, const char *name)
{
    size_t mask = c->hash_cap - 1;
    for (size_t k = hash_name(name) & mask;; k = (k + 1) & mask) {
        int i = c->hash[k];
        if (i < 0)
            return -1 - (long)k;
        if (strcmp(c->names[i], name) == 0)
            return i;
    }
}

/* The header names as written, less surrounding blanks (libcsv trims
 * unquoted fields already; quoted names are trimmed too). */
static char *trimmed_name(rt_csv *c, size_t i)
{
    const char *s = c->rowbuf + c->off[i];
    size_t n = c->len[i];
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return rt_arena_strndup(c->arena, s, n);
}

/* Builds names[] and the name index from the header row in rowbuf;
 * rejects empty and duplicate names. */
static bool build_header(rt_csv *c, size_t line)
{
    c->names = rt_arena_alloc(c->arena, (size_t)c->ncols * sizeof *c->names);
    c->hash_cap = 16;
    while (c->hash_cap < (size_t)c->ncols * 2)
        c->hash_cap *= 2;
    c->hash = rt_xmalloc(c->hash_cap * sizeof *c->hash);
    memset(c->hash, 0xff, c->hash_cap * sizeof *c->hash);
    for (int i = 0; i < c->ncols; i++) {
        c->names[i] = trimmed_name(c, (size_t)i);
        if (!c->names[i][0]) {
            set_error(c, line, "column %d has no name", i + 1);
            return false;
        }
        long at = hash_lookup(c, c->names[i]);
        if (at >= 0) {
            set_error(c, line,
                      "duplicate column name '%s' (columns %ld and %d)",
                      c->names[i], at + 1, i + 1);
            return false;
        }
        c->hash[-1 - at] = i;
    }
    return true;
}

/* The delimiter among , ; and tab that occurs most often outside quotes
 * in the header record (the first non-blank line); ties and none give ','.
 * Reads from the start of the file; the caller rewinds. */
static char detect_delimiter(rt_csv *c)
{
    size_t count[3] = {0, 0, 0}; /* , ; \t */
    bool quoted = false, seen = false, first = true;
    size_t n;
    c->pos = 0;
    while ((n = read_block(c, c->block, BLOCK_SIZE)) > 0) {
        const unsigned char *s = (const unsigned char *)c->block;
        if (first && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3, n -= 3;
        first = false;
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = s[i];
            if (ch == '"')
                quoted = !quoted;
            else if (quoted)
                continue;
            else if (ch == '\n' || ch == '\r') {
                if (seen)
                    goto done;
            } else if (ch == ',')
                count[0]++;
            else if (ch == ';')
                count[1]++;
            else if (ch == '\t')
                count[2]++;
            if (ch != ' ' && ch != '\n' && ch != '\r')
                seen = true;
        }
    }
done:
    if (count[1] > count[0] && count[1] > count[2])
        return ';';
    if (count[2] > count[0] && count[2] > count[1])
        return '\t';
    return ',';
}

/* ---- API ---- */

static rt_csv *new_reader(const char *path, const rt_input *in)
{
    /* Why lines of its own: the threads of a parallel scan each write
     * their reader on every record, and two readers sharing a cache line
     * made a two-thread scan 12% slower. */
    rt_csv *c = rt_xcalloc_lines(1, sizeof *c);
    c->path = rt_xstrdup(path);
    c->in = *in;
    /* Zeroed slack past the block: plain_record reads 16 bytes at a
     * time, which also covers RT_FIELD_SLACK for a field ending it. */
    c->block = rt_xcalloc(BLOCK_SIZE + 16, 1);
    c->arena = rt_arena_new();
    c->end = -1; /* the header pass reads from the start to the end */
    return c;
}

static rt_csv *fail_open(rt_csv *c, rt_data_error *err)
{
    rt_data_error_move(err, &c->err);
    rt_csv_close(c);
    return NULL;
}

/* Why a text form: tests and the fuzzer compare the reader's messages as
 * strings. */
rt_csv *rt_csv_open(const char *path, const rt_csv_opts *opts, char **errmsg)
{
    rt_data_error e = {0};
    rt_csv *c = rt_csv_open_err(path, opts, &e);
    *errmsg = c ? NULL : rt_data_error_text(&e, NULL);
    rt_data_error_clear(&e);
    return c;
}

static rt_csv *open_fd(const char *path, const rt_input *in,
                       const rt_csv_opts *opts, rt_data_error *err);

/* Why a value: commands print it through rt_data_error_print, the one
 * format of data errors. */
rt_csv *rt_csv_open_err(const char *path, const rt_csv_opts *opts,
                        rt_data_error *err)
{
    rt_data_error_clear(err);
    rt_input in;
    if (rt_input_open(path, &in, err) < 0)
        return NULL;
    return open_fd(strcmp(path, "-") == 0 ? "(standard input)" : path, &in,
                   opts, err);
}

/* Why a reader of its own on the same file: each thread of a parallel
 * scan keeps its own position and buffers, and none reopens the path
 * (which may name another file by then). */
rt_csv *rt_csv_dup(const rt_csv *c, rt_data_error *err)
{
    rt_data_error_clear(err);
    rt_input in = c->in;
    in.fd = fcntl(c->in.fd, F_DUPFD_CLOEXEC, 0);
    if (in.fd < 0) {
        rt_data_error_set(err, c->path, 0, NULL, 0, NULL, strerror(errno));
        return NULL;
    }
    rt_csv_opts o = {.delimiter = c->delim, .libcsv_only = c->libcsv_only};
    rt_csv *d = open_fd(c->path, &in, &o, err);
    return d;
}

/* Why fstat at the end of a pass: a file truncated or rewritten while it
 * was read would give a partial result that looks whole. */
bool rt_csv_unchanged(const rt_csv *c, rt_data_error *err)
{
    return rt_input_unchanged(&c->in, c->path, err);
}

/* Why: the run reads the file it opened; a new file at the path since
 * is worth a word, not an error. */
int rt_csv_replaced(const rt_csv *c)
{
    return rt_input_replaced(&c->in, c->path);
}

static rt_csv *open_fd(const char *path, const rt_input *in,
                       const rt_csv_opts *opts, rt_data_error *err)
{
    rt_csv *c = new_reader(path, in);
    char d = opts ? opts->delimiter : 0;
    if (d == '"' || d == '\n' || d == '\r' || d == ' ') {
        set_error(c, 0, "the delimiter cannot be a quote, space or newline");
        return fail_open(c, err);
    }
    c->delim = d ? d : detect_delimiter(c);
    c->libcsv_only = opts && opts->libcsv_only;

    c->header_mode = true;
    c->limit = SIZE_MAX;
    run_pass(c);
    c->header_mode = false;
    if (c->stop < 0) {
        return fail_open(c, err);
    }
    if (c->stop == 0) { /* the pass ended without a record */
        set_error(c, 0, "empty file (no header row)");
        return fail_open(c, err);
    }
    c->stop = 0;
    if (!build_header(c, c->rec_line)) {
        return fail_open(c, err);
    }
    return c;
}

/* Why: the reader owns its file, header and buffers. */
void rt_csv_close(rt_csv *c)
{
    if (!c)
        return;
    if (c->in.fd >= 0)
        close(c->in.fd);
    rt_arena_free(c->arena);
    free(c->path);
    clear_error(c);
    free(c->block);
    free(c->hash);
    free(c->rowbuf);
    free(c->off);
    free(c->len);
    free(c->fieldp);
    free(c->run_field);
    free(c->run_len);
    free(c->want_idx);
    free(c->want);
    free(c);
}

/* The accessors below read the header (names, delimiter) for binding. */
const char *rt_csv_path(const rt_csv *c)
{
    return c->path;
}

int rt_csv_ncols(const rt_csv *c)
{
    return c->ncols;
}

const char *rt_csv_colname(const rt_csv *c, int i)
{
    return i >= 0 && i < c->ncols ? c->names[i] : NULL;
}

int rt_csv_find(const rt_csv *c, const char *name)
{
    long at = hash_lookup(c, name);
    return at >= 0 ? (int)at : -1;
}

char rt_csv_delimiter(const rt_csv *c)
{
    return c->delim;
}

/* Sets up the column mask and the row arrays for a data pass. */
static void prepare_columns(rt_csv *c, const bool *wanted)
{
    size_t n = (size_t)c->ncols;
    unsigned char *want = c->want;
    if (!want)
        want = rt_xmalloc(n ? n : 1);
    c->want = want;
    if (!c->fieldp) {
        c->fieldp = rt_xmalloc((n ? n : 1) * sizeof *c->fieldp);
        c->want_idx = rt_xmalloc((n ? n : 1) * sizeof *c->want_idx);
    }
    grow_cols(c, n);
    if (c->rows_fn && !c->run_field) {
        c->run_field = rt_xmalloc(RT_ROWS_MAX * (n ? n : 1) * sizeof(char *));
        c->run_len = rt_xmalloc(RT_ROWS_MAX * (n ? n : 1) * sizeof(size_t));
    }
    c->nwant = 0;
    c->want_bits = 0;
    for (size_t i = 0; i < n; i++) {
        want[i] = !wanted || wanted[i];
        if (want[i] && i < 64)
            c->want_bits |= 1ull << i;
        if (want[i]) {
            c->want_idx[c->nwant++] = (int)i;
        } else {
            c->fieldp[i] = "";
            c->len[i] = 0;
        }
        for (size_t k = 0; c->rows_fn && k < RT_ROWS_MAX; k++) {
            c->run_field[k * n + i] = "";
            c->run_len[k * n + i] = 0;
        }
    }
}

/* Why the whole file: one pass of a one-thread scan. */
int rt_csv_scan(rt_csv *c, const bool *wanted, rt_row_fn fn, void *ctx)
{
    rt_csv_range all = {0, -1};
    return rt_csv_scan_range(c, &all, 1, wanted, fn, ctx);
}

/* Why ranges: parallel workers scan their own part of one file. */
int rt_csv_scan_range(rt_csv *c, const rt_csv_range *r, size_t line_base,
                      const bool *wanted, rt_row_fn fn, void *ctx)
{
    return rt_csv_scan_rows(c, r, line_base, wanted, fn, NULL, ctx);
}

/* Why runs: a caller that converts a column at a time over many records
 * (worker.c) gets the plain ones together. */
int rt_csv_scan_rows(rt_csv *c, const rt_csv_range *r, size_t line_base,
                     const bool *wanted, rt_row_fn fn, rt_rows_fn rows_fn,
                     void *ctx)
{
    c->rows_fn = rows_fn;
    c->nrun = 0;
    c->start = r->start;
    c->end = r->end;
    c->lazy_lines = line_base == 0;
    c->shift_known = false;
    c->line_base = line_base ? line_base : 1;
    prepare_columns(c, wanted);
    c->fn = fn;
    c->ctx = ctx;
    c->in_header = r->start == 0;
    /* the header record is not copied again; a later range has none */
    c->limit = c->in_header ? 0 : (size_t)c->ncols;
    run_pass(c);
    if (c->stop == 0)
        c->rows = c->nrows;
    return c->stop;
}

/* Why: an unsound split is detected after the scan, not before. */
bool rt_csv_clean_end(const rt_csv *c)
{
    return c->clean_end;
}

/* Finds the start of the first line at or after off; -1 at end of file. */
static long line_start_after(rt_csv *c, long off)
{
    c->pos = off - 1;
    long pos = c->pos;
    size_t n;
    while ((n = read_block(c, c->block, BLOCK_SIZE)) > 0) {
        char *nl = memchr(c->block, '\n', n);
        if (nl)
            return pos + (nl - c->block) + 1;
        pos += (long)n;
    }
    return -1;
}

long rt_csv_line_start(rt_csv *c, long off)
{
    return off <= 0 ? 0 : line_start_after(c, off);
}

void rt_csv_set_fence(rt_csv *c, rt_csv_fence *f)
{
    c->fence = f;
}

/* Why line starts: a cut is only checked afterwards (clean_end). */
int rt_csv_split(rt_csv *c, int n, rt_csv_range *out)
{
    long size = (long)rt_csv_size(c), prev = 0;
    int k = 0;
    for (int i = 1; i < n && size > 0; i++) {
        long cut = line_start_after(c, size / n * i);
        if (cut <= prev || cut >= size)
            continue;
        out[k++] = (rt_csv_range){prev, cut};
        prev = cut;
    }
    out[k++] = (rt_csv_range){prev, -1};
    return k;
}

/* The line ends before byte off, read with pread into a buffer of its
 * own: safe in the middle of a scan (the stream and its block are left
 * alone). */
static size_t lines_before(rt_csv *c, long off)
{
    size_t lines = 0;
    char *buf = rt_xmalloc(BLOCK_SIZE);
    int fd = c->in.fd;
    for (long at = 0; at < off;) {
        size_t want =
            off - at < (long)BLOCK_SIZE ? (size_t)(off - at) : BLOCK_SIZE;
        ssize_t n = pread(fd, buf, want, (off_t)at);
        if (n <= 0)
            break;
        for (const char *p = buf, *e = buf + n;
             (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
            lines++;
        at += n;
    }
    free(buf);
    return lines;
}

/* Why lazy: counting the lines before a range costs a read, needed
 * only for messages. */
size_t rt_csv_line_shift(rt_csv *c)
{
    if (c->lazy_lines && !c->shift_known) {
        c->shift = lines_before(c, c->start);
        c->shift_known = true;
    }
    return c->lazy_lines ? c->shift : 0;
}

/* Why kept: tests and the fuzzer compare error texts. */
const char *rt_csv_error(const rt_csv *c)
{
    return c->errtext ? c->errtext : "";
}

/* Why a pointer: the driver moves the error out (rt_data_error_move). */
rt_data_error *rt_csv_take_error(rt_csv *c)
{
    return &c->err;
}

/* Why: small files are scanned by one thread. */
long long rt_csv_size(const rt_csv *c)
{
    return (long long)c->in.st.st_size;
}

/* Why: the run reports the rows it read. */
size_t rt_csv_rows(const rt_csv *c)
{
    return c->rows;
}
