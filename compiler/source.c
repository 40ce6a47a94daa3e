/* source.c — .si files held in memory, NUL-terminated, with a line map
 * built once so that offsets become line:col only when reporting. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Records where every line starts; the map is what makes a byte offset
 * cheap to turn into a line number (binary search). */
static void build_line_map(rt_arena *a, src_file *f)
{
    size_t n = 1;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            n++;
    f->line_starts = rt_arena_alloc(a, n * sizeof *f->line_starts);
    f->nlines = 0;
    f->line_starts[f->nlines++] = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            f->line_starts[f->nlines++] = i + 1;
}

src_file *source_from_text(rt_arena *a, const char *path, const char *text,
                           size_t len)
{
    src_file *f = rt_arena_alloc(a, sizeof *f);
    f->path = rt_arena_strdup(a, path);
    f->text = rt_arena_strndup(a, text, len);
    f->len = len;
    build_line_map(a, f);
    return f;
}

/* Reads the whole stream into a heap buffer; *len set. NULL on error,
 * with errno EFBIG past SOURCE_MAX_BYTES (a device or a runaway file). */
static char *read_all(FILE *fp, size_t *len)
{
    size_t cap = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        rt_grow((void **)&buf, &cap, n + 4096, 1);
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
        if (n > SOURCE_MAX_BYTES) {
            free(buf);
            errno = EFBIG;
            return NULL;
        }
    }
    if (ferror(fp)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

src_file *source_load(rt_arena *a, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t len = 0;
    errno = 0;
    char *buf = read_all(fp, &len);
    int err = errno;
    fclose(fp);
    if (!buf) {
        errno = err ? err : EIO;
        return NULL;
    }
    src_file *f = source_from_text(a, path, buf, len);
    free(buf);
    return f;
}

/* Index of the line holding off: the last line start <= off. */
static size_t line_index(const src_file *f, size_t off)
{
    size_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Length of the UTF-8 sequence at p (up to end), or 1 for a byte that
 * does not start a well-formed one, so that each invalid byte counts as
 * one column and caret lines stay under the byte they point at. */
static size_t utf8_step(const unsigned char *p, const unsigned char *end)
{
    if (p >= end)
        return 1;
    size_t n = *p < 0x80                 ? 1
               : *p >= 0xF0 && *p < 0xF5 ? 4
               : *p >= 0xE0              ? 3
               : *p >= 0xC2              ? 2
                                         : 0;
    if (n == 0 || (size_t)(end - p) < n)
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

size_t source_utf8_step(const char *p, const char *end)
{
    return utf8_step((const unsigned char *)p, (const unsigned char *)end);
}

size_t source_columns(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t cols = 0;
    while (p < end) {
        p += utf8_step(p, end);
        cols++;
    }
    return cols;
}

/* Where line i (0-based) starts for display: after the byte-order mark
 * that the lexer skips at the start of a file. */
static size_t shown_start(const src_file *f, size_t i)
{
    size_t start = f->line_starts[i];
    if (start == 0 && f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    return start;
}

void source_linecol(const src_file *f, size_t off, int *line, int *col)
{
    if (off > f->len)
        off = f->len;
    size_t i = line_index(f, off);
    size_t start = shown_start(f, i);
    if (off < start)
        off = start;
    *line = (int)i + 1;
    *col = (int)source_columns(f->text + start, off - start) + 1;
}

const char *source_line(const src_file *f, int line, size_t *len)
{
    if (line < 1 || (size_t)line > f->nlines) {
        *len = 0;
        return "";
    }
    size_t start = shown_start(f, (size_t)line - 1);
    size_t end = (size_t)line < f->nlines ? f->line_starts[line] - 1 : f->len;
    if (end < start) /* a BOM and nothing else */
        end = start;
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return f->text + start;
}
