/* doc_int.h — what the files of `sicalc doc` share: the document being
 * written and its markup primitives (doc_markup.c). Internal to
 * cmd/doc*.c. */
#ifndef SICALC_DOC_INT_H
#define SICALC_DOC_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"
#include "strbuf.h"

typedef enum { LANG_EN, LANG_SR } lang;
typedef enum { FMT_MD, FMT_HTML } format;

/* The document being written: where, in which language and format, from
 * which catalogue. */
typedef struct doc {
    FILE *out;
    lang lang;
    format fmt;
    const ast_program *prog;
    const char *const *paths;
    int npaths;
    const char **domains; /* in order of first appearance; NULL: none */
    int ndomains;
    bool *used;   /* per declaration: a let/const/fn the indicators read */
    bool mark_en; /* Serbian: mark an English fallback <span lang="en"> */
    /* Called at the end of each indicator's entry, for fields a caller
     * knows and the catalogue's text does not (`sicalc report`: the
     * interval's method, the standardisation, the standard error from
     * the compiled program); NULL: none. Write fields with
     * doc_field_open and doc_field_close. */
    void (*extra)(const struct doc *d, const ast_decl *ind, void *ctx);
    void *extra_ctx;
} doc;

/* One field of an entry: "<dt>label</dt><dd>" or "- **label:** ", then
 * its text, then doc_field_close. */
void doc_field_open(const doc *d, const char *label);
void doc_field_close(const doc *d);

/* Writes s as text: HTML-escaped, or Markdown with the characters that
 * could start markup backslash-escaped. Line ends become spaces. */
void doc_text(const doc *d, const char *s);
/* Writes s as code: <code> in HTML; in Markdown a code span whose fence
 * is longer than any run of backticks inside. */
void doc_code(const doc *d, const char *s);
/* Closes the buffer and writes it as code; frees it. */
void doc_sb_code(const doc *d, strbuf *b);
/* The same, written as text. */
void doc_sb_text(const doc *d, strbuf *b);
/* Opens a heading; in Markdown the anchor (if any) goes inside it, in
 * HTML the enclosing section or article carries the id. */
void doc_heading(const doc *d, int level, const char *anchor);
/* Closes what doc_heading opened. */
void doc_heading_end(const doc *d, int level);
/* A paragraph (HTML: with class cls when not NULL; Markdown: nothing to
 * open) and its end. */
void doc_para(const doc *d, const char *cls);
void doc_para_end(const doc *d);
/* s as strong (bold) text. */
void doc_strong(const doc *d, const char *s);

/* An indicator's entry (title, id, definition, formula, unit, direction,
 * thresholds, target, breakdowns, suppression, source, periodicity,
 * note, dataset): `sicalc doc`'s, and `sicalc report`'s methods. */
void doc_indicator(const doc *d, const ast_decl *ind);
/* A composite index's entry: method, areas and members, direction,
 * thresholds, source, note (`sicalc report`'s methods too). */
void doc_index(const doc *d, const ast_decl *ix);
/* A domain's title in d's language (NULL: "Other indicators"). */
void doc_domain_name(const doc *d, const char *dom);

#endif
