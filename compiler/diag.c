/* diag.c — compiler diagnostics: "file:line:col: error: msg", then the
 * source line and a caret line under the span. What comes from the
 * input is printed tamed, so a hostile file cannot drive the terminal:
 * control characters and invalid UTF-8 show as \xNN in the message and
 * as '?' in the source line (one column each, under the caret); long
 * lines show as a window around the caret. */
#include "diag.h"

#include "../runtime/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->max_errors = DIAG_MAX_ERRORS;
}

/* Prints s[0..len): well-formed UTF-8 and tabs as they are, every other
 * control character and every invalid byte as one '?' (one column each,
 * as source_columns counts them). */
static void put_tame(FILE *out, const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        size_t n = source_utf8_step(s, end);
        unsigned char ch = (unsigned char)*s;
        if (n == 1 && ((ch < 0x20 && ch != '\t') || ch >= 0x7F))
            fputc('?', out);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
}

/* Prints s[0..len) for a message line: well-formed UTF-8 as it is,
 * every control character and invalid byte as \xNN (a C1 control as
 * \u00NN), as data messages show them (runtime/dataerr.c). The context
 * line keeps put_tame's one '?' per column, so the caret lines up. */
static void put_escaped(FILE *out, const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        size_t n = source_utf8_step(s, end);
        unsigned char ch = (unsigned char)*s;
        if (n == 1 && (ch < 0x20 || ch >= 0x7F))
            fprintf(out, "\\x%02X", ch);
        else if (n == 2 && ch == 0xC2 && (unsigned char)s[1] < 0xA0)
            fprintf(out, "\\u%04X", (unsigned char)s[1]);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
}

/* Prints the caret line: under the prefix of the line before the span,
 * every tab is kept (so the caret lines up under tabs too) and every
 * other column is a space; then '^' and one '~' per further column of
 * the span on this line. */
static void print_caret(FILE *out, const char *prefix, size_t plen,
                        size_t width, bool cut)
{
    fputs(cut ? "     " : "  ", out);
    size_t run = 0; /* start of the current run of non-tab bytes */
    for (size_t i = 0; i <= plen; i++) {
        if (i < plen && prefix[i] != '\t')
            continue;
        for (size_t n = source_columns(prefix + run, i - run); n > 0; n--)
            fputc(' ', out);
        if (i < plen)
            fputc('\t', out);
        run = i + 1;
    }
    fputc('^', out);
    for (size_t i = 1; i < width; i++)
        fputc('~', out);
    fputc('\n', out);
}

/* Moves i back to the start of the UTF-8 sequence holding it: at most
 * three bytes, since a run of stray continuation bytes is no sequence. */
static size_t char_start(const char *s, size_t i)
{
    for (int k = 0; k < 3 && i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; k++)
        i--;
    return i;
}

/* The source line of at and the caret line under it. A line longer than
 * DIAG_MAX_LINE bytes is cut to a window that starts a little before
 * the span, with "..." where text is left out. */
static void print_context(FILE *out, loc at)
{
    int line, col;
    source_linecol(at.file, at.start, &line, &col);
    size_t len;
    const char *text = source_line(at.file, line, &len);
    size_t line_start = (size_t)(text - at.file->text);
    if (at.start < line_start) /* in the byte-order mark */
        at.start = (uint32_t)line_start;
    if (at.end < at.start)
        at.end = at.start;
    size_t plen = at.start - line_start;
    if (plen > len) /* at the line end itself */
        plen = len;
    size_t end = at.end > line_start + len ? line_start + len : at.end;
    size_t width = end > at.start ? source_columns(at.file->text + at.start,
                                                   end - at.start)
                                  : 1;
    bool cut = false, cut_end = false;
    if (len > DIAG_MAX_LINE) {
        size_t from = plen > DIAG_MAX_LINE / 3 ? plen - DIAG_MAX_LINE / 3 : 0;
        from = char_start(text, from);
        size_t to = from + DIAG_MAX_LINE;
        if (to < len)
            to = char_start(text, to);
        if (to > len)
            to = len;
        if (to < plen)
            to = plen;
        cut = from > 0, cut_end = to < len;
        text += from, plen -= from, len = to - from;
        if (width > source_columns(text + plen, len - plen) + 1)
            width = source_columns(text + plen, len - plen) + 1;
    }
    fputs(cut ? "  ..." : "  ", out);
    put_tame(out, text, len);
    fputs(cut_end ? "...\n" : "\n", out);
    print_caret(out, text, plen, width, cut);
}

/* Whether a message of this severity is printed: the max_errors limit
 * keeps a run over a badly broken file readable. When diag_init's
 * default is what is exceeded, one line says so. */
static int over_limit(const diag *d)
{
    return !d->hold && d->max_errors > 0 && d->errors > d->max_errors;
}

/* The one line that says the rest is not shown. */
static void say_limit(FILE *out)
{
    fprintf(out, "sicalc: error: more than %d errors; the rest are not shown\n",
            DIAG_MAX_ERRORS);
}

/* Counts an error; says so once when it is the first over the default
 * limit. */
static void count_error(diag *d)
{
    d->errors++;
    if (!d->hold && d->max_errors == DIAG_MAX_ERRORS &&
        d->errors == d->max_errors + 1)
        say_limit(d->out);
}

/* A kept message: its place, its kind and its printed text (with its
 * notes). */
typedef struct diag_entry {
    const char *path; /* NULL: no location */
    int line, col;
    size_t seq;
    bool error;
    char *text;
    size_t len;
} diag_entry;

/* Keeps the text of one message; a note goes with the message before. */
static void keep(diag *d, loc at, bool error, bool note, const char *text,
                 size_t len)
{
    if (note && d->nheld) {
        diag_entry *last = &d->held[d->nheld - 1];
        last->text = rt_xrealloc(last->text, last->len + len + 1);
        memcpy(last->text + last->len, text, len + 1);
        last->len += len;
        return;
    }
    rt_grow((void **)&d->held, &d->capheld, d->nheld + 1, sizeof *d->held);
    diag_entry *e = &d->held[d->nheld];
    *e = (diag_entry){.seq = d->nheld, .error = error};
    d->nheld++;
    if (at.file) {
        e->path = at.file->path;
        source_linecol(at.file, at.start, &e->line, &e->col);
    }
    e->text = rt_xmalloc(len + 1);
    memcpy(e->text, text, len + 1);
    e->len = len;
}

static void vprint(diag *d, loc at, const char *severity, const char *fmt,
                   va_list ap);

static void vreport(diag *d, loc at, const char *severity, const char *fmt,
                    va_list ap)
{
    if (!d->hold) {
        vprint(d, at, severity, fmt, ap);
        return;
    }
    bool note = strcmp(severity, "note") == 0;
    if ((note && d->dropping) || (!note && d->nheld >= DIAG_MAX_HELD)) {
        d->dropping = true; /* counted, not kept: memory stays bounded */
        d->nunkept += !note && strcmp(severity, "error") != 0;
        return;
    }
    d->dropping = false;
    char *text = NULL;
    size_t len = 0;
    FILE *out = d->out;
    d->out = open_memstream(&text, &len);
    if (!d->out) { /* out of memory: print it now */
        d->out = out;
        vprint(d, at, severity, fmt, ap);
        return;
    }
    vprint(d, at, severity, fmt, ap);
    fclose(d->out);
    d->out = out;
    keep(d, at, strcmp(severity, "error") == 0, note, text, len);
    free(text);
}

static void vprint(diag *d, loc at, const char *severity, const char *fmt,
                   va_list ap)
{
    if (at.file) {
        int line, col;
        source_linecol(at.file, at.start, &line, &col);
        put_escaped(d->out, at.file->path, strlen(at.file->path));
        fprintf(d->out, ":%d:%d: %s: ", line, col, severity);
    } else {
        fprintf(d->out, "sicalc: %s: ", severity);
    }
    char small[512];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *msg = small;
    if (n >= (int)sizeof small) {
        msg = rt_xmalloc((size_t)n + 1);
        vsnprintf(msg, (size_t)n + 1, fmt, again);
    }
    va_end(again);
    put_escaped(d->out, msg, n > 0 ? (size_t)n : 0);
    if (msg != small)
        free(msg);
    fputc('\n', d->out);
    if (at.file)
        print_context(d->out, at);
}

void diag_error(diag *d, loc at, const char *fmt, ...)
{
    count_error(d);
    if (over_limit(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    vreport(d, at, "error", fmt, ap);
    va_end(ap);
}

void diag_warning(diag *d, loc at, const char *fmt, ...)
{
    d->warnings++;
    if (over_limit(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    vreport(d, at, "warning", fmt, ap);
    va_end(ap);
}

void diag_note(diag *d, loc at, const char *fmt, ...)
{
    if (over_limit(d))
        return; /* its error was not printed either */
    va_list ap;
    va_start(ap, fmt);
    vreport(d, at, "note", fmt, ap);
    va_end(ap);
}

void diag_plain(diag *d, const char *fmt, ...)
{
    count_error(d);
    if (over_limit(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    loc none = {0};
    vreport(d, none, "error", fmt, ap);
    va_end(ap);
}

void diag_hold(diag *d)
{
    d->hold++;
}

/* File, line, column, then arrival; messages without a place last. */
static int by_place(const void *pa, const void *pb)
{
    const diag_entry *a = pa, *b = pb;
    if (!a->path != !b->path)
        return a->path ? -1 : 1;
    int c = a->path ? strcmp(a->path, b->path) : 0;
    if (c == 0)
        c = a->line != b->line ? (a->line < b->line ? -1 : 1)
            : a->col != b->col ? (a->col < b->col ? -1 : 1)
                               : 0;
    return c ? c : (a->seq < b->seq ? -1 : a->seq > b->seq);
}

void diag_flush(diag *d)
{
    if (d->hold == 0 || --d->hold > 0)
        return;
    if (d->nheld) /* qsort takes no null array, even empty */
        qsort(d->held, d->nheld, sizeof *d->held, by_place);
    int shown = 0;
    bool cut = false;
    for (size_t i = 0; i < d->nheld; i++) {
        diag_entry *e = &d->held[i];
        bool again = i > 0 && e->len == d->held[i - 1].len &&
                     memcmp(e->text, d->held[i - 1].text, e->len) == 0;
        if (!cut && !again && e->error && d->max_errors > 0 &&
            ++shown > d->max_errors) {
            cut = true;
            if (d->max_errors == DIAG_MAX_ERRORS)
                say_limit(d->out);
        }
        if (!cut && !again)
            fwrite(e->text, 1, e->len, d->out);
    }
    if (d->nunkept && !cut)
        fprintf(d->out, "sicalc: warning: %d more warnings not shown\n",
                d->nunkept);
    d->nunkept = 0;
    for (size_t i = 0; i < d->nheld; i++)
        free(d->held[i].text);
    free(d->held);
    d->held = NULL;
    d->nheld = d->capheld = 0;
}
