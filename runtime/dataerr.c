/* dataerr.c — data errors as values, and their one printed form (goldens
 * pin its exact text). */
#include "dataerr.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

static char *dup_or_null(const char *s)
{
    return s ? rt_xstrdup(s) : NULL;
}

/* Why a setter: every producer (reader, conversion, plan) fills the same
 * five parts, so the text is composed in one place only. */
void rt_data_error_set(rt_data_error *e, const char *path, size_t line,
                       const char *column, int field, const char *value,
                       const char *message)
{
    rt_data_error_clear(e);
    e->path = dup_or_null(path);
    e->line = line;
    e->column = dup_or_null(column);
    e->field = field;
    if (value) {
        size_t len = strlen(value), keep = len;
        if (keep > RT_DATA_ERROR_VALUE_MAX) {
            keep = RT_DATA_ERROR_VALUE_MAX; /* back to a character start */
            for (int k = 0;
                 k < 3 && ((unsigned char)value[keep] & 0xC0) == 0x80; k++)
                keep--;
        }
        e->value = rt_xmalloc(keep + 1);
        memcpy(e->value, value, keep);
        e->value[keep] = '\0';
        e->value_len = len;
    }
    e->message = rt_xstrdup(message);
}

/* Why: errors travel from a worker to the driver to the command without
 * copying their strings. */
void rt_data_error_move(rt_data_error *dst, rt_data_error *src)
{
    rt_data_error_clear(dst);
    *dst = *src;
    memset(src, 0, sizeof *src);
}

/* Why: an error value is reused from scan to scan. */
void rt_data_error_clear(rt_data_error *e)
{
    free(e->path);
    free(e->column);
    free(e->value);
    free(e->message);
    memset(e, 0, sizeof *e);
}

/* Why: a message is what marks an error as set (a path alone is not). */
bool rt_data_error_isset(const rt_data_error *e)
{
    return e->message != NULL;
}

/* Appends t to the growing string s (n bytes used). */
static void add(char **s, size_t *n, size_t *cap, const char *t)
{
    size_t k = strlen(t);
    rt_grow((void **)s, cap, *n + k + 1, 1);
    memcpy(*s + *n, t, k + 1);
    *n += k;
}

/* The length of the UTF-8 character at p (1..4), or 0 when the bytes
 * there are not one. */
static size_t utf8_char(const unsigned char *p)
{
    int n = (*p & 0xE0) == 0xC0   ? 1
            : (*p & 0xF0) == 0xE0 ? 2
            : (*p & 0xF8) == 0xF0 ? 3
                                  : -1;
    if (*p < 0x80)
        return 1;
    if (n < 0 || *p == 0xC0 || *p == 0xC1 || *p > 0xF4)
        return 0;
    for (int k = 1; k <= n; k++)
        if ((p[k] & 0xC0) != 0x80) /* also stops at the NUL */
            return 0;
    return (size_t)n + 1;
}

/* s with every control character and every byte that is not UTF-8
 * written as an escape (heap; s is freed). Why all of the text: the
 * path, a column name from the header and the value all come from
 * outside, and an ESC among them would reach the terminal. */
static char *tamed(char *s)
{
    size_t n = 0, cap = 0;
    char *t = NULL, esc[16];
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t k = utf8_char(p);
        if (k == 1 && (*p < 0x20 || *p == 0x7F))
            snprintf(esc, sizeof esc, "\\x%02X", *p);
        else if (k == 2 && p[0] == 0xC2 && p[1] < 0xA0) /* C1 controls */
            snprintf(esc, sizeof esc, "\\u%04X", p[1]);
        else if (k == 0)
            snprintf(esc, sizeof esc, "\\x%02X", *p);
        else {
            memcpy(esc, p, k);
            esc[k] = '\0';
        }
        add(&t, &n, &cap, esc);
        p += k ? k : 1;
    }
    free(s);
    return t ? t : rt_xstrdup("");
}

/* Why here: the commands used to re-parse the reader's strings, each its
 * own way; now the parts are composed once. */
char *rt_data_error_text(const rt_data_error *e, const char *severity)
{
    char *s = NULL, num[32];
    size_t n = 0, cap = 0;
    add(&s, &n, &cap, e->path ? e->path : "sicalc");
    if (e->path && e->line) {
        snprintf(num, sizeof num, ":%zu", e->line);
        add(&s, &n, &cap, num);
    }
    add(&s, &n, &cap, ": ");
    if (severity) {
        add(&s, &n, &cap, severity);
        add(&s, &n, &cap, ": ");
    }
    if (e->column) {
        add(&s, &n, &cap, "column '");
        add(&s, &n, &cap, e->column);
        snprintf(num, sizeof num, "' (field %d): ", e->field);
        add(&s, &n, &cap, num);
    }
    if (e->value) {
        add(&s, &n, &cap, "'");
        add(&s, &n, &cap, e->value);
        bool cut = e->value_len > strlen(e->value);
        add(&s, &n, &cap, cut ? "\xE2\x80\xA6' " : "' "); /* "…" */
        if (cut) {
            snprintf(num, sizeof num, "(%zu bytes) ", e->value_len);
            add(&s, &n, &cap, num);
        }
    }
    add(&s, &n, &cap, e->message ? e->message : "reading data");
    return tamed(s);
}

/* Why: the single place a data error reaches the user. */
void rt_data_error_print(FILE *f, const rt_data_error *e)
{
    char *s = rt_data_error_text(e, "error");
    fprintf(f, "%s\n", s);
    free(s);
}
