/* output.c — writers for the result table: CSV (the contract other tools
 * read), an aligned terminal table, JSON and Markdown; and the table
 * written to a file through the one atomic writer (fileio.h). */
#include "output.h"

#include "arena.h"
#include "blocks.h"
#include "fileio.h"
#include "labels.h"
#include "numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Room for any formatted number (rt_fmt_number needs 32). */
#define NUM_BUF 48

/* The columns after the dimensions, in output order. */
typedef enum {
    COL_LEVEL, /* a hierarchy's level (--focus, a codelist) */
    COL_NUMERATOR,
    COL_DENOMINATOR,
    COL_VALUE,
    COL_SE, /* only when an indicator has a standard error */
    COL_CV,
    COL_CI_LOW,
    COL_CI_HIGH,
    COL_UNIT,
    COL_STATUS,
    COL_N,
    COL_FLAGS,
    COL_RANK,       /* an index, or --focus --peers */
    COL_SOURCE,     /* reference values (--reference) */
    COL_TITLE,      /* --labels, or table and Markdown when a row has a title */
    COL_UNIT_LABEL, /* --labels */
    COL_NFIXED,
    COL_EXTRA = 64 /* COL_EXTRA + e: rt_result's extra column e (--change,
                      --wide), after the value and its interval */
} fixed_col;

static const char *const fixed_names[COL_NFIXED] = {
    "level",  "numerator", "denominator", "value",      "se", "cv",
    "ci_low", "ci_high",   "unit",        "status",     "n",  "flags",
    "rank",   "source",    "title",       "unit_label",
};

static const rt_outopts default_opts = {.lang = RT_LANG_EN};

/* What one writer shows: the fixed columns present, in order, and how
 * values are spelled. Labels made for cells live in arena a. */
typedef struct layout {
    const rt_result *r;
    const rt_outopts *o;
    int *fixed; /* fixed_col values, COL_EXTRA + e for extra column e */
    int nfixed;
    bool readable;   /* table, Markdown, --excel: values rounded */
    bool round;      /* an indicator's decimals apply */
    char decimal;    /* '.', or ',' for --excel */
    const int *cols; /* the table and Markdown's columns (NULL: all) */
    int ncols;
    rt_arena *a;
} layout;

/* A NULL string is treated as empty so a half-filled row cannot crash. */
static const char *str(const char *s)
{
    return s ? s : "";
}

/* The row's title in the layout's language, or NULL. */
static const char *title_of(const layout *L, const rt_outrow *row)
{
    if (L->o->lang == RT_LANG_EN || !row->title_sr)
        return row->title;
    if (L->o->lang == RT_LANG_SR)
        return row->title_sr;
    char *t = rt_translit_cyrl(row->title_sr);
    const char *kept = rt_arena_strdup(L->a, t);
    free(t);
    return kept;
}

static void layout_init(layout *L, const rt_result *r, rt_format fmt,
                        rt_arena *a)
{
    const rt_outopts *o = r->opts ? r->opts : &default_opts;
    bool grid = fmt == RT_FMT_TABLE || fmt == RT_FMT_MD;
    bool excel = o->excel && fmt == RT_FMT_CSV;
    bool labels = o->labels || excel;
    bool titled = labels;
    for (size_t i = 0; grid && !titled && i < r->nrows; i++)
        titled = r->rows[i].title != NULL;
    *L = (layout){.r = r,
                  .o = o,
                  .readable = grid || excel,
                  .round = grid || excel || o->round,
                  .decimal = excel ? ',' : '.',
                  .a = a};
    L->fixed = rt_arena_alloc(a, sizeof(int) * (COL_NFIXED + r->nextra + 1));
    if (r->wide) { /* indicator, dimensions, unit, the period columns */
        if (r->has_level)
            L->fixed[L->nfixed++] = COL_LEVEL;
        L->fixed[L->nfixed++] = COL_UNIT;
        for (int e = 0; e < r->nextra; e++)
            L->fixed[L->nfixed++] = COL_EXTRA + e;
        return;
    }
    for (int f = 0; f < COL_NFIXED; f++) {
        for (int e = 0; f == COL_UNIT && e < r->nextra; e++)
            L->fixed[L->nfixed++] = COL_EXTRA + e;
        if (((f == COL_CI_LOW || f == COL_CI_HIGH) && !r->has_ci) ||
            ((f == COL_SE || f == COL_CV) && !r->has_se) ||
            (f == COL_RANK && !r->has_rank) || (f == COL_TITLE && !titled) ||
            (f == COL_LEVEL && !r->has_level) ||
            (f == COL_SOURCE && !r->has_source) ||
            (f == COL_UNIT_LABEL && !labels))
            continue;
        L->fixed[L->nfixed++] = f;
    }
}

/* Column c of a row counts: 0 = indicator, 1..ndims = dimensions, then
 * the fixed columns present. */
static int ncolumns(const layout *L)
{
    return 1 + L->r->ndims + L->nfixed;
}

/* Fixed column at index c, or -1 for indicator and dimensions. */
static int fixed_of(const layout *L, int c)
{
    return c <= L->r->ndims ? -1 : L->fixed[c - L->r->ndims - 1];
}

static bool is_numeric_col(const layout *L, int c)
{
    int f = fixed_of(L, c);
    return f == COL_NUMERATOR || f == COL_DENOMINATOR || f == COL_VALUE ||
           f == COL_SE || f == COL_CV || f == COL_CI_LOW || f == COL_CI_HIGH ||
           f == COL_N || f == COL_RANK || f >= COL_EXTRA;
}

static const char *header_name(const layout *L, int c)
{
    if (c == 0)
        return "indicator";
    if (c <= L->r->ndims)
        return str(L->r->dim_names[c - 1]);
    int f = fixed_of(L, c);
    return f >= COL_EXTRA ? str(L->r->extra_names[f - COL_EXTRA])
                          : fixed_names[f];
}

/* ---- dimensions ------------------------------------------------------ */

static bool bit(const uint64_t *set, int d)
{
    return set && (set[d / 64] >> (d % 64) & 1);
}

bool rt_dim_is_total(const rt_outrow *r, int d)
{
    return bit(r->total, d);
}

bool rt_dim_is_unknown(const rt_outrow *r, int d)
{
    return bit(r->unknown, d);
}

/* Whether a data value reads as a marker: backslashes, then "_T" or "_U"
 * (so that escaping by one more backslash can be undone). */
static bool looks_like_marker(const char *v)
{
    v += strspn(v, "\\");
    return v[0] == '_' && (v[1] == 'T' || v[1] == 'U') && !v[2];
}

rt_dimtext rt_dim_text(const rt_outrow *r, int d)
{
    if (rt_dim_is_total(r, d))
        return (rt_dimtext){"", "_T"};
    if (rt_dim_is_unknown(r, d))
        return (rt_dimtext){"", "_U"};
    const char *v = str(r->dims[d]);
    return (rt_dimtext){looks_like_marker(v) ? "\\" : "", v};
}

bool rt_dim_shows(const rt_outrow *r, int d, const char *text)
{
    rt_dimtext t = rt_dim_text(r, d);
    size_t n = strlen(t.escape);
    return strncmp(text, t.escape, n) == 0 && strcmp(text + n, t.text) == 0;
}

/* ---- numbers ---------------------------------------------------------- */

/* Exact form, or "" when missing. A non-finite value cannot be written in
 * CSV or JSON as a number, so it is shown as missing too. */
static char *fmt_exact(char *buf, bool present, double v)
{
    if (!present || !isfinite(v))
        return strcpy(buf, "");
    rt_fmt_number(buf, NUM_BUF, v);
    return buf;
}

/* Rounded for reading (table and Markdown only; see output.h). */
static char *fmt_readable(char *buf, bool present, double v)
{
    if (!present || !isfinite(v))
        return strcpy(buf, "");
    if (v == 0 || fabs(v) >= 1e15) {
        rt_fmt_number(buf, NUM_BUF, v); /* "0", never "-0"; big as %g */
        return buf;
    }
    if (fabs(v) < 1) {
        snprintf(buf, NUM_BUF, "%.4g", v);
        return buf;
    }
    snprintf(buf, NUM_BUF, "%.2f", v);
    /* "12.50" -> "12.5", "402153.00" -> "402153" */
    size_t n = strlen(buf);
    while (buf[n - 1] == '0')
        buf[--n] = '\0';
    if (buf[n - 1] == '.')
        buf[--n] = '\0';
    return buf;
}

/* A number with the layout's decimal separator. */
static const char *with_decimal(const layout *L, char *buf)
{
    char *p = L->decimal != '.' ? strchr(buf, '.') : NULL;
    if (p)
        *p = L->decimal;
    return buf;
}

/* A value, interval bound: rounded to the indicator's decimals where the
 * layout rounds, else readable (table, Markdown, --excel) or exact. */
static const char *fmt_value(const layout *L, const rt_outrow *row, char *buf,
                             bool present, double v)
{
    if (!present || !isfinite(v))
        return "";
    if (L->round && row->has_decimals) {
        rt_round_decimal(buf, NUM_BUF, v, row->decimals, L->decimal);
        return buf;
    }
    if (L->readable)
        return with_decimal(L, fmt_readable(buf, present, v));
    return with_decimal(L, fmt_exact(buf, present, v));
}

static const char *unit_label(const layout *L, const rt_outrow *row)
{
    char *t = rt_unit_label(row->unit, L->o->lang);
    const char *kept = rt_arena_strdup(L->a, t);
    free(t);
    return kept;
}

/* Dimension d of a row in every format: its codelist label under
 * --labels (the rt_outopts hook), else rt_dim_text. */
static rt_dimtext dim_cell(const layout *L, const rt_outrow *row, int d)
{
    rt_dimtext t = rt_dim_text(row, d);
    bool labels = L->o->labels || (L->o->excel && L->decimal == ',');
    if (!labels || !L->o->dim_label || rt_dim_is_total(row, d) ||
        rt_dim_is_unknown(row, d))
        return t;
    const char *label = L->o->dim_label(
        L->o->dim_label_ctx, str(L->r->dim_names[d]), t.text, L->o->lang);
    return label ? (rt_dimtext){"", label} : t;
}

/* Text of column c of row as the CSV, table and Markdown writers show it,
 * after *escape (a dimension's, else ""); buf holds a number when the
 * column is numeric. */
static const char *cell_text(const layout *L, const rt_outrow *row, int c,
                             char *buf, const char **escape)
{
    *escape = "";
    if (c == 0)
        return str(row->indicator);
    if (c <= L->r->ndims) {
        rt_dimtext t = dim_cell(L, row, c - 1);
        *escape = t.escape;
        return t.text;
    }
    int f = fixed_of(L, c);
    if (f >= COL_EXTRA) {
        double v = row->extra ? row->extra[f - COL_EXTRA] : NAN;
        return L->readable ? with_decimal(L, fmt_readable(buf, true, v))
                           : with_decimal(L, fmt_exact(buf, true, v));
    }
    switch ((fixed_col)f) {
    case COL_NUMERATOR:
        return with_decimal(L,
                            fmt_exact(buf, row->has_numerator, row->numerator));
    case COL_DENOMINATOR:
        return with_decimal(
            L, fmt_exact(buf, row->has_denominator, row->denominator));
    case COL_VALUE: return fmt_value(L, row, buf, row->has_value, row->value);
    case COL_SE: return fmt_value(L, row, buf, row->has_se, row->se);
    case COL_CV: { /* a fraction of the value: never the value's decimals */
        bool cv = row->has_se && isfinite(row->cv);
        return L->readable ? with_decimal(L, fmt_readable(buf, cv, row->cv))
                           : with_decimal(L, fmt_exact(buf, cv, row->cv));
    }
    case COL_CI_LOW: return fmt_value(L, row, buf, row->has_ci, row->ci_low);
    case COL_CI_HIGH: return fmt_value(L, row, buf, row->has_ci, row->ci_high);
    case COL_TITLE: return str(title_of(L, row));
    case COL_UNIT_LABEL: return unit_label(L, row);
    case COL_UNIT: return str(row->unit);
    case COL_STATUS: return str(row->status);
    case COL_N: rt_fmt_unsigned(buf, row->n); return buf;
    case COL_FLAGS: return str(row->flags);
    case COL_LEVEL: return str(row->level);
    case COL_SOURCE: return str(row->source);
    case COL_RANK:
        if (!row->rank)
            return "";
        snprintf(buf, NUM_BUF, "%u", row->rank);
        return buf;
    case COL_NFIXED:
    case COL_EXTRA: break;
    }
    return "";
}

/* ---- CSV -------------------------------------------------------------- */

/* Why rows are built in memory: one fwrite per block of rows instead of
 * a locked stdio call per field and separator, or per row (130,000 rows
 * of 14 cells). */
typedef rt_bytes csvline;

static void line_put(csvline *l, const char *s, size_t n)
{
    if (l->n + n + 1 > l->cap)
        rt_grow((void **)&l->s, &l->cap, l->n + n + 1, 1);
    memcpy(l->s + l->n, s, n);
    l->n += n;
}

static void line_char(csvline *l, char c)
{
    if (l->n + 2 > l->cap)
        rt_grow((void **)&l->s, &l->cap, l->n + 2, 1);
    l->s[l->n++] = c;
}

/* RFC 4180: quote only when needed, so plain fields stay plain. For a
 * spreadsheet (prefix true) a text starting with a formula character gets
 * a ' in front (docs/ROBUSTNESS.md, the OWASP rule). */
static void csv_field(csvline *l, const char *s, char delim, bool prefix)
{
    char special[] = {delim, '"', '\r', '\n', '\0'};
    bool formula = prefix && *s && strchr("=+-@\t\r", *s);
    size_t plain = strcspn(s, special);
    if (!s[plain] && !formula) {
        line_put(l, s, plain);
        return;
    }
    line_char(l, '"');
    if (formula)
        line_char(l, '\'');
    for (; *s; s++) {
        if (*s == '"')
            line_char(l, '"');
        line_char(l, *s);
    }
    line_char(l, '"');
}

/* The rows of a block (blocks.h), and what every row of the table
 * shares. */
#define CSV_BLOCK 2048

typedef struct csvrows {
    layout *L; /* [thread]: the layout with an arena of the thread's own */
    const bool *numeric;
    int nc;
    char delim;
    bool excel;
    const char *eol;
} csvrows;

static void csv_row(csvline *l, const csvrows *c, const layout *L,
                    const rt_outrow *row)
{
    char buf[NUM_BUF];
    for (int col = 0; col < c->nc; col++) {
        const char *escape;
        const char *s = cell_text(L, row, col, buf, &escape);
        if (col)
            line_char(l, c->delim);
        if (*escape) /* a backslash: never quoted */
            line_put(l, escape, strlen(escape));
        if (c->numeric[col]) /* (a number has no delimiter, quote or line
                                end in either layout) */
            line_put(l, s, strlen(s));
        else
            csv_field(l, s, c->delim, c->excel && !*escape);
    }
    line_put(l, c->eol, strlen(c->eol));
}

static void csv_block(void *ctx, int t, size_t b, rt_bytes *buf)
{
    const csvrows *c = ctx;
    const layout *L = &c->L[t];
    size_t end = (b + 1) * CSV_BLOCK;
    if (end > L->r->nrows)
        end = L->r->nrows;
    for (size_t i = b * CSV_BLOCK; i < end; i++)
        csv_row(buf, c, L, &L->r->rows[i]);
}

/* Why the rows on every thread: numbers in their shortest exact form
 * take most of the writing (131,400 rows of the bench's 60 indicators,
 * eleven million of 5,000 medians). A codelist's labels are looked up on
 * one thread (their Latin forms are kept in its arena). */
static int csv_threads(const layout *L)
{
    int nt = L->r->threads;
    return L->o->dim_label || nt < 1 ? 1 : nt;
}

static void write_csv(FILE *out, const layout *L)
{
    int nc = ncolumns(L);
    bool excel = L->decimal == ',';
    csvrows c = {.nc = nc,
                 .delim = excel ? ';' : ',',
                 .excel = excel,
                 .eol = excel ? "\r\n" : "\n"};
    bool *numeric = rt_xcalloc((size_t)nc + 1, sizeof(bool));
    for (int col = 0; col < nc; col++)
        numeric[col] = is_numeric_col(L, col);
    c.numeric = numeric;
    csvline l = {0};
    if (excel)
        line_put(&l, "\xEF\xBB\xBF", 3); /* the BOM: Excel then reads UTF-8 */
    for (int col = 0; col < nc; col++) {
        if (col)
            line_char(&l, c.delim);
        csv_field(&l, header_name(L, col), c.delim, excel);
    }
    line_put(&l, c.eol, strlen(c.eol));
    fwrite(l.s, 1, l.n, out);
    free(l.s);
    int nt = csv_threads(L);
    c.L = rt_xcalloc((size_t)nt, sizeof *c.L);
    for (int t = 0; t < nt; t++) {
        c.L[t] = *L;
        c.L[t].a = t ? rt_arena_new() : L->a;
    }
    size_t nblocks = (L->r->nrows + CSV_BLOCK - 1) / CSV_BLOCK;
    rt_write_blocks(out, nblocks, nt, csv_block, &c);
    for (int t = 1; t < nt; t++)
        rt_arena_free(c.L[t].a);
    free(c.L);
    free(numeric);
}

/* ---- JSON ------------------------------------------------------------- */

/* A JSON string of escape and s together. */
static void json_string2(FILE *out, const char *escape, const char *s)
{
    putc('"', out);
    for (; *escape; escape++)
        fputs("\\\\", out); /* escape holds backslashes only */
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            putc('\\', out);
            putc(ch, out);
        } else if (ch < 0x20) {
            fprintf(out, "\\u%04x", ch);
        } else {
            putc(ch, out); /* UTF-8 passes through */
        }
    }
    putc('"', out);
}

static void json_string(FILE *out, const char *s)
{
    json_string2(out, "", s);
}

static void json_number(FILE *out, bool present, double v)
{
    char buf[NUM_BUF];
    const char *s = fmt_exact(buf, present, v);
    fputs(*s ? s : "null", out);
}

/* A value as fmt_value spells it, null when missing. */
static void json_value(FILE *out, const layout *L, const rt_outrow *row,
                       char *buf, bool present, double v)
{
    const char *s = fmt_value(L, row, buf, present, v);
    fputs(*s ? s : "null", out);
}

/* The ';'-separated flags as an array, skipping empty pieces. */
static void json_flags(FILE *out, const char *flags)
{
    const char *sep = "";
    putc('[', out);
    for (const char *p = flags; *p;) {
        size_t len = strcspn(p, ";");
        if (len) {
            char *one = rt_xmalloc(len + 1);
            memcpy(one, p, len);
            one[len] = '\0';
            fputs(sep, out);
            json_string(out, one);
            free(one);
            sep = ", ";
        }
        p += len + (p[len] == ';');
    }
    putc(']', out);
}

static void json_key(FILE *out, const char *key)
{
    fputs(", ", out);
    json_string(out, key);
    fputs(": ", out);
}

/* A string, or null. */
static void json_opt_string(FILE *out, const char *s)
{
    if (s)
        json_string(out, s);
    else
        fputs("null", out);
}

/* "key": a rank, null when 0 (none). */
static void json_count(FILE *out, const char *key, unsigned v)
{
    json_key(out, key);
    if (v)
        fprintf(out, "%u", v);
    else
        fputs("null", out);
}

/* The extra columns (NaN: null). */
static void json_extras(FILE *out, const rt_result *r, const rt_outrow *row)
{
    for (int e = 0; e < r->nextra; e++) {
        json_key(out, str(r->extra_names[e]));
        double v = row->extra ? row->extra[e] : NAN;
        json_number(out, isfinite(v), v);
    }
}

static void json_row(FILE *out, const layout *L, const rt_outrow *row)
{
    const rt_result *r = L->r;
    char buf[NUM_BUF];
    fputs("{\"indicator\": ", out);
    json_string(out, str(row->indicator));
    for (int d = 0; d < r->ndims; d++) {
        json_key(out, str(r->dim_names[d]));
        rt_dimtext t = dim_cell(L, row, d);
        json_string2(out, t.escape, t.text);
    }
    if (r->has_level) {
        json_key(out, "level");
        json_opt_string(out, row->level);
    }
    if (r->wide) {
        json_key(out, "unit");
        json_string(out, str(row->unit));
        json_extras(out, r, row);
        putc('}', out);
        return;
    }
    json_key(out, "numerator");
    json_number(out, row->has_numerator, row->numerator);
    json_key(out, "denominator");
    json_number(out, row->has_denominator, row->denominator);
    json_key(out, "value");
    json_value(out, L, row, buf, row->has_value, row->value);
    if (r->has_se) {
        json_key(out, "se");
        json_value(out, L, row, buf, row->has_se, row->se);
        json_key(out, "cv");
        json_number(out, row->has_se && isfinite(row->cv), row->cv);
    }
    if (r->has_ci) {
        json_key(out, "ci_low");
        json_value(out, L, row, buf, row->has_ci, row->ci_low);
        json_key(out, "ci_high");
        json_value(out, L, row, buf, row->has_ci, row->ci_high);
    }
    json_extras(out, r, row);
    json_key(out, "unit");
    json_string(out, str(row->unit));
    json_key(out, "status");
    if (*str(row->status))
        json_string(out, row->status);
    else
        fputs("null", out);
    json_key(out, "n");
    fprintf(out, "%llu", row->n);
    json_key(out, "flags");
    json_flags(out, str(row->flags));
    if (r->has_rank)
        json_count(out, "rank", row->rank);
    if (r->has_members) { /* null: coverage not known */
        json_key(out, "n_members");
        if (row->n_members)
            fprintf(out, "%u", row->n_members);
        else
            fputs("null", out);
        json_key(out, "n_present");
        if (row->n_members)
            fprintf(out, "%u", row->n_present);
        else
            fputs("null", out);
    }
    if (r->has_source) {
        json_key(out, "source");
        json_opt_string(out, row->source);
    }
    for (int k = 0; k < L->nfixed; k++) {
        if (L->fixed[k] != COL_TITLE && L->fixed[k] != COL_UNIT_LABEL)
            continue;
        json_key(out, fixed_names[L->fixed[k]]);
        const char *t =
            L->fixed[k] == COL_TITLE ? title_of(L, row) : unit_label(L, row);
        if (t)
            json_string(out, t);
        else
            fputs("null", out);
    }
    putc('}', out);
}

static void write_json(FILE *out, const layout *L)
{
    const rt_result *r = L->r;
    fputs("{\n  \"columns\": [", out);
    for (int d = 0; d < r->ndims; d++) {
        if (d)
            fputs(", ", out);
        json_string(out, str(r->dim_names[d]));
    }
    fputs("],\n  \"rows\": [", out);
    for (size_t i = 0; i < r->nrows; i++) {
        fputs(i ? ",\n    " : "\n    ", out);
        json_row(out, L, &r->rows[i]);
    }
    fputs(r->nrows ? "\n  ]\n}\n" : "]\n}\n", out);
}

/* ---- aligned table and Markdown --------------------------------------- */

/* Both need every cell before printing the first line (for the widths),
 * so cells are formatted once into an arena: cells[row * ncols + c],
 * row 0 being the header. */
typedef struct grid {
    int ncols;
    size_t nlines; /* header + rows */
    const char **cells;
    size_t *width; /* in code points */
    bool *right;
} grid;

/* Display width in UTF-8 code points: count every byte that does not
 * continue a sequence. */
static size_t utf8_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* How a byte of a cell is shown in the table or Markdown, or NULL when
 * it is shown as it is: line ends and tabs would break the layout, so
 * they become spaces; every other control character (ESC, which would
 * drive the terminal, included) is written \xNN, a C1 control (two bytes
 * from 0xC2 0x80) \u00NN. Markdown also escapes '|', which ends a cell,
 * and '<', '>', '&' as HTML entities, so a value is never read as HTML
 * (a Markdown renderer passes raw HTML through). */
static const char *cell_escape(const unsigned char *p, bool markdown, char *buf,
                               size_t *used)
{
    *used = 1;
    if (*p == '\n' || *p == '\r' || *p == '\t')
        return " ";
    if (*p < 0x20 || *p == 0x7f) {
        snprintf(buf, 8, "\\x%02X", *p);
        return buf;
    }
    if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0) {
        *used = 2;
        snprintf(buf, 8, "\\u%04X", p[1]);
        return buf;
    }
    if (!markdown)
        return NULL;
    switch (*p) {
    case '|': return "\\|";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    default: return NULL;
    }
}

/* A cell for one line of text (see cell_escape), after escape. */
static const char *display_cell(rt_arena *a, const char *escape, const char *s,
                                bool markdown)
{
    char buf[8];
    size_t n = strlen(escape), used;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += used) {
        const char *e = cell_escape(p, markdown, buf, &used);
        n += e ? strlen(e) : 1;
    }
    char *t = rt_arena_alloc(a, n + 1), *q = t;
    while (*escape)
        *q++ = *escape++; /* backslashes, no '|' */
    for (const unsigned char *p = (const unsigned char *)s; *p; p += used) {
        const char *e = cell_escape(p, markdown, buf, &used);
        if (!e)
            *q++ = (char)*p;
        else
            for (; *e; e++)
                *q++ = *e;
    }
    *q = '\0';
    return t;
}

static void grid_build(grid *g, rt_arena *a, const layout *L, bool md)
{
    char buf[NUM_BUF];
    const rt_result *r = L->r;

    g->ncols = L->cols ? L->ncols : ncolumns(L);
    g->nlines = r->nrows + 1;
    g->cells = rt_arena_alloc(a, g->nlines * g->ncols * sizeof *g->cells);
    g->width = rt_arena_alloc(a, g->ncols * sizeof *g->width);
    g->right = rt_arena_alloc(a, g->ncols * sizeof *g->right);
    for (int c = 0; c < g->ncols; c++) {
        g->right[c] = is_numeric_col(L, L->cols ? L->cols[c] : c);
        /* Markdown's delimiter row needs "---" or "---:". */
        g->width[c] = md ? 3 + g->right[c] : 0;
    }
    for (size_t l = 0; l < g->nlines; l++) {
        for (int c = 0; c < g->ncols; c++) {
            const char *escape = "";
            int col = L->cols ? L->cols[c] : c;
            const char *s = l ? cell_text(L, &r->rows[l - 1], col, buf, &escape)
                              : header_name(L, col);
            const char *t = display_cell(a, escape, s, md);
            size_t w = utf8_width(t);
            g->cells[l * g->ncols + c] = t;
            if (w > g->width[c])
                g->width[c] = w;
        }
    }
}

/* Writes a line of cells; blanks are held back until something visible
 * follows, so no line ends in blanks (an empty last cell included). */
typedef struct line_out {
    FILE *out;
    size_t blanks;
} line_out;

static void put_blanks(line_out *lo, size_t n)
{
    lo->blanks += n;
}

static void put_text(line_out *lo, const char *s)
{
    if (!*s)
        return;
    for (; lo->blanks; lo->blanks--)
        putc(' ', lo->out);
    fputs(s, lo->out);
}

static void end_line(line_out *lo)
{
    lo->blanks = 0;
    putc('\n', lo->out);
}

static void put_cell(line_out *lo, const grid *g, int c, const char *s)
{
    size_t gap = g->width[c] - utf8_width(s);
    if (g->right[c])
        put_blanks(lo, gap);
    put_text(lo, s);
    if (!g->right[c])
        put_blanks(lo, gap);
}

static void put_rule(line_out *lo, size_t n, bool colon)
{
    char dashes[64];
    while (n > 0) {
        size_t k = n < sizeof dashes - 1 ? n : sizeof dashes - 1;
        memset(dashes, '-', k);
        dashes[k] = '\0';
        put_text(lo, dashes);
        n -= k;
    }
    if (colon)
        put_text(lo, ":");
}

static void write_table(FILE *out, const grid *g)
{
    line_out lo = {out, 0};
    for (size_t l = 0; l < g->nlines; l++) {
        for (int c = 0; c < g->ncols; c++) {
            put_blanks(&lo, c ? 2 : 0);
            put_cell(&lo, g, c, g->cells[l * g->ncols + c]);
        }
        end_line(&lo);
        if (l == 0) {
            for (int c = 0; c < g->ncols; c++) {
                put_blanks(&lo, c ? 2 : 0);
                put_rule(&lo, g->width[c], false);
            }
            end_line(&lo);
        }
    }
}

static void write_markdown(FILE *out, const grid *g)
{
    line_out lo = {out, 0};
    for (size_t l = 0; l < g->nlines; l++) {
        for (int c = 0; c < g->ncols; c++) {
            put_text(&lo, "|");
            put_blanks(&lo, 1);
            put_cell(&lo, g, c, g->cells[l * g->ncols + c]);
            put_blanks(&lo, 1);
        }
        put_text(&lo, "|");
        end_line(&lo);
        if (l == 0) {
            for (int c = 0; c < g->ncols; c++) {
                put_text(&lo, "|");
                put_blanks(&lo, 1);
                put_rule(&lo, g->width[c] - g->right[c], g->right[c]);
                put_blanks(&lo, 1);
            }
            put_text(&lo, "|");
            end_line(&lo);
        }
    }
}

/* The columns of a headed block: the dimensions some row breaks down
 * (the period always), value and n, and the other fixed columns but unit
 * and titles where some row has something to show. */
static int *block_columns(const layout *L, const rt_result *sub, int *n)
{
    char buf[NUM_BUF];
    int *cols = rt_arena_alloc(L->a, sizeof(int) * (size_t)(ncolumns(L) + 1));
    *n = 0;
    for (int c = 1; c < ncolumns(L); c++) {
        int f = fixed_of(L, c);
        if (f == COL_UNIT || f == COL_TITLE || f == COL_UNIT_LABEL)
            continue;
        bool shown = c == 1 || f == COL_VALUE || f == COL_N;
        for (size_t i = 0; !shown && i < sub->nrows; i++) {
            const char *escape;
            shown = f < 0 ? !rt_dim_is_total(&sub->rows[i], c - 1)
                          : *cell_text(L, &sub->rows[i], c, buf, &escape);
        }
        if (shown)
            cols[(*n)++] = c;
    }
    return cols;
}

/* --focus's reading (rt_result.headed): one table per indicator, under
 * its title, id and unit, without the columns that would repeat them. */
static void write_headed(FILE *out, const layout *L, bool markdown)
{
    const rt_result *r = L->r;
    for (size_t i = 0, end; i < r->nrows; i = end) {
        const rt_outrow *row = &r->rows[i];
        for (end = i + 1; end < r->nrows && strcmp(str(r->rows[end].indicator),
                                                   str(row->indicator)) == 0;
             end++)
            ;
        rt_result sub = *r;
        sub.rows = &r->rows[i];
        sub.nrows = end - i;
        layout B = *L;
        B.r = &sub;
        B.cols = block_columns(L, &sub, &B.ncols);
        const char *title = title_of(L, row);
        if (i)
            putc('\n', out);
        fprintf(out, markdown ? "**%s** (%s, %s)\n\n" : "%s (%s, %s)\n\n",
                display_cell(L->a, "", title ? title : str(row->indicator),
                             markdown),
                display_cell(L->a, "", str(row->indicator), markdown),
                display_cell(L->a, "", unit_label(L, row), markdown));
        grid g;
        grid_build(&g, L->a, &B, markdown);
        if (markdown)
            write_markdown(out, &g);
        else
            write_table(out, &g);
    }
}

static void write_grid(FILE *out, const layout *L, bool markdown)
{
    if (L->r->headed && !L->r->wide) {
        write_headed(out, L, markdown);
        return;
    }
    grid g;
    grid_build(&g, L->a, L, markdown);
    if (markdown)
        write_markdown(out, &g);
    else
        write_table(out, &g);
}

/* ---- entry points ----------------------------------------------------- */

bool rt_format_parse(const char *name, rt_format *out)
{
    static const struct {
        const char *name;
        rt_format fmt;
    } names[] = {
        {"csv", RT_FMT_CSV},
        {"table", RT_FMT_TABLE},
        {"json", RT_FMT_JSON},
        {"md", RT_FMT_MD},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].fmt;
            return true;
        }
    }
    return false;
}

int rt_write(FILE *out, const rt_result *r, rt_format fmt)
{
    int saved = errno;
    errno = 0; /* a failing put leaves its errno for the check below */
    layout L;
    layout_init(&L, r, fmt, rt_arena_new());
    switch (fmt) {
    case RT_FMT_CSV: write_csv(out, &L); break;
    case RT_FMT_TABLE: write_grid(out, &L, false); break;
    case RT_FMT_JSON: write_json(out, &L); break;
    case RT_FMT_MD: write_grid(out, &L, true); break;
    }
    rt_arena_free(L.a);
    /* Individual puts are not checked: the stream's error flag is sticky,
     * and a full disk often shows only when the buffer is flushed. */
    if (fflush(out) != 0 || ferror(out)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    errno = saved;
    return 0;
}

typedef struct result_fill {
    const rt_result *r;
    rt_format fmt;
} result_fill;

static int fill_result(FILE *f, void *ctx)
{
    const result_fill *rf = ctx;
    return rt_write(f, rf->r, rf->fmt);
}

int rt_write_file_atomic(const char *path, const rt_result *r, rt_format fmt)
{
    result_fill rf = {r, fmt};
    return rt_write_file(path, fill_result, &rf);
}
