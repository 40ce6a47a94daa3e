/* diag.c — compiler diagnostics: "file:line:col: error: msg", then the
 * source line and a caret line under the span. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

void diag_init(diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

/* Prints the caret line: under the prefix of the line before the span,
 * every tab is kept (so the caret lines up under tabs too) and every
 * other column is a space; then '^' and one '~' per further column of
 * the span on this line. */
static void print_caret(FILE *out, const char *prefix, size_t plen,
                        size_t width)
{
    fputs("  ", out);
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

/* The source line of at and the caret line under it. */
static void print_context(FILE *out, loc at)
{
    int line, col;
    source_linecol(at.file, at.start, &line, &col);
    size_t len;
    const char *text = source_line(at.file, line, &len);
    fprintf(out, "  %.*s\n", (int)len, text);
    size_t line_start = (size_t)(text - at.file->text);
    size_t plen = at.start - line_start;
    size_t end = at.end > line_start + len ? line_start + len : at.end;
    size_t width = end > at.start ? source_columns(at.file->text + at.start,
                                                   end - at.start)
                                  : 1;
    if (plen > len) { /* at the line end itself */
        print_caret(out, text, len, 1);
        return;
    }
    print_caret(out, text, plen, width);
}

/* Whether a message of this severity is printed: the max_errors limit
 * keeps a run over a badly broken file readable. */
static int over_limit(const diag *d)
{
    return d->max_errors > 0 && d->errors > d->max_errors;
}

static void vreport(diag *d, loc at, const char *severity, const char *fmt,
                    va_list ap)
{
    if (at.file) {
        int line, col;
        source_linecol(at.file, at.start, &line, &col);
        fprintf(d->out, "%s:%d:%d: %s: ", at.file->path, line, col, severity);
    } else {
        fprintf(d->out, "sicalc: %s: ", severity);
    }
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    if (at.file)
        print_context(d->out, at);
}

void diag_error(diag *d, loc at, const char *fmt, ...)
{
    d->errors++;
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
    d->errors++;
    if (over_limit(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    loc none = {0};
    vreport(d, none, "error", fmt, ap);
    va_end(ap);
}
