/* doc_markup.c — the markup `sicalc doc` writes, in Markdown or HTML:
 * escaped text, code spans, headings, paragraphs. */
#include "doc_int.h"

#include <stdlib.h>
#include <string.h>

/* Writes s as text: HTML-escaped, or Markdown with the characters that
 * could start markup backslash-escaped. Line ends become spaces. */
void doc_text(const doc *d, const char *s)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (c == '\n' || c == '\r' || c == '\t') {
            fputc(' ', d->out);
            continue;
        }
        if (d->fmt == FMT_HTML) {
            switch (c) {
            case '&': fputs("&amp;", d->out); continue;
            case '<': fputs("&lt;", d->out); continue;
            case '>': fputs("&gt;", d->out); continue;
            case '"': fputs("&quot;", d->out); continue;
            case '\'': fputs("&#39;", d->out); continue;
            }
        } else {
            char n = p[1];
            bool letter = (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z');
            if (strchr("\\`*_[]|#~", c) ||
                (c == '<' && (letter || n == '/' || n == '!' || n == '?')) ||
                (c == '&' && (letter || n == '#')))
                fputc('\\', d->out);
        }
        fputc(c, d->out);
    }
}

/* Writes s as code: <code> in HTML; in Markdown a code span whose fence
 * is longer than any run of backticks inside. */
void doc_code(const doc *d, const char *s)
{
    if (d->fmt == FMT_HTML) {
        fputs("<code>", d->out);
        doc_text(d, s);
        fputs("</code>", d->out);
        return;
    }
    int longest = 0, run = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    size_t n = strlen(s);
    bool pad = n && (s[0] == '`' || s[n - 1] == '`' ||
                     (s[0] == ' ' && s[n - 1] == ' '));
    for (int i = 0; i <= longest; i++)
        fputc('`', d->out);
    fputs(pad ? " " : "", d->out);
    for (const char *p = s; *p; p++)
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, d->out);
    fputs(pad ? " " : "", d->out);
    for (int i = 0; i <= longest; i++)
        fputc('`', d->out);
}

/* Closes the buffer and writes it as code; frees it. */
void doc_sb_code(const doc *d, strbuf *b)
{
    fclose(b->f);
    doc_code(d, b->s);
    free(b->s);
}

void doc_sb_text(const doc *d, strbuf *b)
{
    fclose(b->f);
    doc_text(d, b->s);
    free(b->s);
}

/* Opens a heading; in Markdown the anchor (if any) goes inside it, in
 * HTML the enclosing section or article carries the id. */
void doc_heading(const doc *d, int level, const char *anchor)
{
    if (d->fmt == FMT_HTML) {
        fprintf(d->out, "<h%d>", level);
        return;
    }
    fprintf(d->out, "%.*s ", level, "######");
    if (anchor)
        fprintf(d->out, "<a id=\"%s\"></a>", anchor);
}

void doc_heading_end(const doc *d, int level)
{
    if (d->fmt == FMT_HTML)
        fprintf(d->out, "</h%d>\n", level);
    else
        fputs("\n\n", d->out);
}

void doc_para(const doc *d, const char *cls)
{
    if (d->fmt == FMT_HTML && cls)
        fprintf(d->out, "<p class=\"%s\">", cls);
    else if (d->fmt == FMT_HTML)
        fputs("<p>", d->out);
}

void doc_para_end(const doc *d)
{
    fputs(d->fmt == FMT_HTML ? "</p>\n" : "\n\n", d->out);
}

void doc_strong(const doc *d, const char *s)
{
    fputs(d->fmt == FMT_HTML ? "<strong>" : "**", d->out);
    doc_text(d, s);
    fputs(d->fmt == FMT_HTML ? "</strong>" : "**", d->out);
}
