/* lexer.re — the re2c scanner for .si files: the whole file in memory,
 * NUL-terminated; tokens carry byte-offset spans; names and strings are
 * copied into the arena. */
#include "lexer.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*!re2c
    re2c:api:style = free-form;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;

    nul     = "\x00";
    u8tail  = [\x80-\xbf];
    u8multi = [\xc2-\xdf] u8tail
            | "\xe0" [\xa0-\xbf] u8tail
            | [\xe1-\xec\xee\xef] u8tail u8tail
            | "\xed" [\x80-\x9f] u8tail
            | "\xf0" [\x90-\xbf] u8tail u8tail
            | [\xf1-\xf3] u8tail u8tail u8tail
            | "\xf4" [\x80-\x8f] u8tail u8tail;
    digits  = [0-9]+;
    number  = digits ("." digits)? ([eE] [+-]? digits)?;
    ident   = [A-Za-z_][A-Za-z0-9_]*;
    lang    = [A-Za-z][A-Za-z0-9_-]*;
    hex     = [0-9A-Fa-f];
*/

/* Longest name (identifier or `backtick name`) and string body, in
 * bytes: generous for any real column header or definition, small enough
 * that a runaway token is caught where it starts. */
#define LEX_MAX_NAME 256
#define LEX_MAX_STRING (64 * 1024)

void lexer_init(parse_ctx *c, rt_arena *a, diag *d, const src_file *f)
{
    memset(c, 0, sizeof *c);
    c->arena = a;
    c->diag = d;
    c->file = f;
    c->cur = f->text;
    /* A byte-order mark that an editor put at the very start is skipped. */
    if (f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0)
        c->cur += 3;
}

static loc span(const parse_ctx *c, const char *from, const char *to)
{
    return (loc){c->file, (uint32_t)(from - c->file->text),
                 (uint32_t)(to - c->file->text)};
}

/* Reports a lexical error at [from, to) in the token starting at tok;
 * the parser will then keep quiet about that token. */
static void lex_error(parse_ctx *c, const char *tok, const char *from,
                      const char *to, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void lex_error(parse_ctx *c, const char *tok, const char *from,
                      const char *to, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->errors++;
    c->lex_error_at = (uint32_t)(tok - c->file->text) + 1;
    diag_error(c->diag, span(c, from, to), "%s", msg);
}

/* A byte that does not start well-formed UTF-8. */
static void bad_byte(parse_ctx *c, const char *tok, const char *at)
{
    lex_error(c, tok, at, at + 1, "invalid UTF-8 byte 0x%02X",
              *(const unsigned char *)at);
}

/* ---- brackets ---- */

/* Applies the bracket effect of the token scanned before: '(' and '{'
 * open, ')' and '}' close the nearest matching one (dropping any left
 * open inside it), and a declaration keyword forgets them all, since a
 * declaration never starts inside brackets. */
static void apply_pending(parse_ctx *c)
{
    int t = c->pending;
    c->pending = 0;
    if (t == '(' || t == '{') {
        if (c->nopen < LEXER_MAX_OPEN)
            c->open[c->nopen++] = (lexer_open){(char)t, c->pending_at};
    } else if (t == ')' || t == '}') {
        char want = t == ')' ? '(' : '{';
        for (int i = c->nopen - 1; i >= 0; i--)
            if (c->open[i].ch == want) {
                c->nopen = i;
                break;
            }
    } else if (t == T_USE || t == T_CONST || t == T_LET || t == T_FN ||
               t == T_DATASET || t == T_INDICATOR) {
        c->nopen = 0;
    }
}

/* ---- strings and backtick names ---- */

typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

static void buf_add(strbuf *b, const char *s, size_t n)
{
    rt_grow((void **)&b->p, &b->cap, b->n + n + 1, 1);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Appends code point u as UTF-8. */
static void buf_add_utf8(strbuf *b, unsigned long u)
{
    char s[4];
    size_t n;
    if (u < 0x80) {
        s[0] = (char)u, n = 1;
    } else if (u < 0x800) {
        s[0] = (char)(0xC0 | u >> 6), s[1] = (char)(0x80 | (u & 0x3F)), n = 2;
    } else if (u < 0x10000) {
        s[0] = (char)(0xE0 | u >> 12), s[1] = (char)(0x80 | (u >> 6 & 0x3F));
        s[2] = (char)(0x80 | (u & 0x3F)), n = 3;
    } else {
        s[0] = (char)(0xF0 | u >> 18), s[1] = (char)(0x80 | (u >> 12 & 0x3F));
        s[2] = (char)(0x80 | (u >> 6 & 0x3F)), s[3] = (char)(0x80 | (u & 0x3F));
        n = 4;
    }
    buf_add(b, s, n);
}

/* Moves the buffer's text into the arena. */
static const char *buf_finish(parse_ctx *c, strbuf *b)
{
    const char *s = rt_arena_strndup(c->arena, b->p ? b->p : "", b->n);
    free(b->p);
    return s;
}

/* Decodes \u{...}: a Unicode scalar value other than NUL. */
static void escape_unicode(parse_ctx *c, strbuf *b, const char *open,
                           const char *esc, const char *end)
{
    unsigned long u = strtoul(esc + 3, NULL, 16);
    if (u == 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
        lex_error(c, open, esc, end, "'%.*s' is not a Unicode character",
                  (int)(end - esc), esc);
    else
        buf_add_utf8(b, u);
}

/* Decodes \xHH: ASCII only, so that strings stay valid UTF-8. */
static void escape_hex(parse_ctx *c, strbuf *b, const char *open,
                       const char *esc)
{
    char digits[3] = {esc[2], esc[3], '\0'};
    unsigned long u = strtoul(digits, NULL, 16);
    if (u == 0 || u > 0x7F)
        lex_error(c, open, esc, esc + 4,
                  "'%.4s' is not allowed: \\x is for ASCII 01 to 7F, "
                  "\\u{...} for other characters", esc);
    else
        buf_add_utf8(b, u);
}

/* Scans a string's body after its opening quote, decoding escapes. A
 * string that does not end on its line is reported and ends there. */
static int scan_string(parse_ctx *c, const char *open, PARSE_STYPE *val)
{
    const unsigned char *YYCURSOR = (const unsigned char *)open + 1, *YYMARKER;
    strbuf b = {0};
    for (;;) {
        const char *t = (const char *)YYCURSOR;
        /*!re2c
        ["]  { break; }
        [^"\\\n\x00\x80-\xff]+ | u8multi
             { buf_add(&b, t, (size_t)((const char *)YYCURSOR - t)); continue; }
        "\\n" { buf_add(&b, "\n", 1); continue; }
        "\\t" { buf_add(&b, "\t", 1); continue; }
        "\\r" { buf_add(&b, "\r", 1); continue; }
        "\\\\" { buf_add(&b, "\\", 1); continue; }
        "\\\"" { buf_add(&b, "\"", 1); continue; }
        "\\x" hex hex { escape_hex(c, &b, open, t); continue; }
        "\\u{" hex{1,6} "}"
             { escape_unicode(c, &b, open, t, (const char *)YYCURSOR); continue; }
        "\\" ([^\n\x00\x80-\xff] | u8multi)
             { lex_error(c, open, t, (const char *)YYCURSOR,
                         "unknown escape '%.*s' in string",
                         (int)((const char *)YYCURSOR - t), t);
               continue; }
        [\x80-\xff] | "\\" [\x80-\xff]
             { bad_byte(c, open, (const char *)YYCURSOR - 1); continue; }
        "\\"? [\n\x00]
             { YYCURSOR = (const unsigned char *)t;
               lex_error(c, open, open, t, "unterminated string (a string "
                         "ends on its line; write \\n for a line break)");
               break; }
        */
    }
    c->cur = (const char *)YYCURSOR;
    if (b.n > LEX_MAX_STRING) {
        lex_error(c, open, open, open + 1, "string too long: %zu bytes; "
                  "the limit is %d", b.n, LEX_MAX_STRING);
        free(b.p);
        return T_PARSE_error;
    }
    val->str = buf_finish(c, &b);
    return T_STRING;
}

/* Scans a `backtick name` after its opening backtick. */
static int scan_backtick(parse_ctx *c, const char *open, PARSE_STYPE *val)
{
    const unsigned char *YYCURSOR = (const unsigned char *)open + 1, *YYMARKER;
    strbuf b = {0};
    for (;;) {
        const char *t = (const char *)YYCURSOR;
        /*!re2c
        "`"  { break; }
        [^`\n\x00\x80-\xff]+ | u8multi
             { buf_add(&b, t, (size_t)((const char *)YYCURSOR - t)); continue; }
        [\x80-\xff] { bad_byte(c, open, t); continue; }
        [\n\x00]
             { YYCURSOR = (const unsigned char *)t;
               lex_error(c, open, open, t,
                         "unterminated name: no closing '`' on this line");
               break; }
        */
    }
    c->cur = (const char *)YYCURSOR;
    if (b.n > LEX_MAX_NAME) {
        lex_error(c, open, open, open + 1, "name too long: %zu bytes; the "
                  "limit is %d", b.n, LEX_MAX_NAME);
        free(b.p);
        return T_PARSE_error;
    }
    val->str = buf_finish(c, &b);
    bool reported = c->lex_error_at == (uint32_t)(open - c->file->text) + 1;
    if (*val->str == '\0' && !reported) {
        lex_error(c, open, open, c->cur, "empty name in backticks");
        return T_PARSE_error;
    }
    return T_NAME;
}

/* Skips a comment after its '#', checking that it is valid UTF-8. */
static const char *skip_comment(parse_ctx *c, const char *hash)
{
    const unsigned char *YYCURSOR = (const unsigned char *)hash + 1, *YYMARKER;
    for (;;) {
        const char *t = (const char *)YYCURSOR;
        /*!re2c
        [^\n\x00\x80-\xff]+ | u8multi { continue; }
        [\x80-\xff] { bad_byte(c, t, t); continue; }
        [\n\x00]    { return t; }
        */
    }
}

/* ---- tokens ---- */

/* The code point of the well-formed UTF-8 sequence at s. */
static unsigned long code_point(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0xE0)
        return (p[0] & 0x1Ful) << 6 | (p[1] & 0x3Ful);
    if (p[0] < 0xF0)
        return (p[0] & 0x0Ful) << 12 | (p[1] & 0x3Ful) << 6 | (p[2] & 0x3Ful);
    return (p[0] & 0x07ul) << 18 | (p[1] & 0x3Ful) << 12 |
           (p[2] & 0x3Ful) << 6 | (p[3] & 0x3Ful);
}

/* Describes a character that cannot start a token. */
static void stray(parse_ctx *c, const char *t, const char *end)
{
    unsigned char ch = *(const unsigned char *)t;
    if (ch >= 0x21 && ch < 0x7F)
        lex_error(c, t, t, end, "unexpected character '%c'", ch);
    else if (ch == 0)
        lex_error(c, t, t, end, "unexpected NUL byte");
    else if (ch < 0x80)
        lex_error(c, t, t, end, "unexpected control character U+%04X", ch);
    else if (end - t == 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
        lex_error(c, t, t, end, "unexpected byte-order mark (U+FEFF); "
                  "one is allowed only at the very start of the file");
    else
        lex_error(c, t, t, end, "unexpected character '%.*s' (U+%04lX)",
                  (int)(end - t), t, code_point(t));
}

/* A number token: its value in val->num. strtod reads '.' as the
 * decimal point only in the C locale, which sicalc never leaves (it
 * formats numbers itself). A value beyond the range of a double (1e999)
 * is an error, and so is a non-zero one too small for it (1e-999), which
 * would silently become 0. */
static int scan_number(parse_ctx *c, const char *t, PARSE_STYPE *val)
{
    size_t n = (size_t)(c->cur - t);
    char *s = rt_xmalloc(n + 1);
    memcpy(s, t, n);
    s[n] = '\0';
    errno = 0;
    val->num = strtod(s, NULL);
    bool huge = isinf(val->num), tiny = errno == ERANGE && val->num == 0;
    free(s);
    if (huge || tiny) {
        lex_error(c, t, t, c->cur, "number '%.*s' is out of range (a number "
                  "is a double: about 1e-308 to 1.8e308 in size)",
                  n > 40 ? 40 : (int)n, t);
        return T_PARSE_error;
    }
    return T_NUMBER;
}

/* A word token, checked against the length limit. */
static int scan_word(parse_ctx *c, const char *t, PARSE_STYPE *val)
{
    size_t n = (size_t)(c->cur - t);
    if (n > LEX_MAX_NAME) {
        lex_error(c, t, t, t + 1, "name too long: %zu bytes; the limit is %d",
                  n, LEX_MAX_NAME);
        return T_PARSE_error;
    }
    val->str = rt_arena_strndup(c->arena, t, n);
    return T_NAME;
}

/* A word of ASCII letters with non-ASCII ones in it: say how to write it. */
static int non_ascii_name(parse_ctx *c, const char *t)
{
    for (const char *p = t; p + 3 <= c->cur; p++)
        if (memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            lex_error(c, t, p, p + 3, "unexpected byte-order mark (U+FEFF); "
                      "one is allowed only at the very start of the file");
            return T_PARSE_error;
        }
    lex_error(c, t, t, c->cur, "the name '%.*s' is not ASCII; write it in "
              "backticks: `%.*s`", (int)(c->cur - t), t, (int)(c->cur - t), t);
    return T_PARSE_error;
}

/* Scans one token: its kind, with *tokp set to its first byte. */
static int scan(parse_ctx *c, PARSE_STYPE *val, const char **tokp)
{
    const char *YYMARKER, *t;
#define TEXT rt_arena_strndup(c->arena, t, (size_t)(c->cur - t))
#define WORD(kind) { val->str = TEXT; return kind; }
#define LANG(kind, skip) { val->str = rt_arena_strndup(c->arena, t + (skip), \
                           (size_t)(c->cur - t - (skip))); return kind; }
again:
    t = *tokp = c->cur;
    /*!re2c
    re2c:define:YYCURSOR = "c->cur";

    nul {
        if (t == c->file->text + c->file->len) {
            c->cur = t; /* stay at the end */
            return T_YYEOF;
        }
        stray(c, t, c->cur);
        return T_PARSE_error;
    }
    [ \t\r\n]+ { goto again; }
    "#"        { c->cur = skip_comment(c, t); goto again; }

    "use"       { return T_USE; }
    "const"     { return T_CONST; }
    "let"       { return T_LET; }
    "fn"        { return T_FN; }
    "dataset"   { return T_DATASET; }
    "indicator" { return T_INDICATOR; }
    "and"       { return T_AND; }
    "or"        { return T_OR; }
    "not"       { return T_NOT; }
    "in"        { return T_IN; }
    "is"        { return T_IS; }
    "missing"   { return T_MISSING; }
    "if"        { return T_IF; }
    "then"      { return T_THEN; }
    "else"      { return T_ELSE; }
    "true"      { return T_TRUE; }
    "false"     { return T_FALSE; }
    "where"     { return T_WHERE; }
    "weighted"  { return T_WEIGHTED; }
    "by"        { return T_BY; }
    "when"      { return T_WHEN; }

    "title"       { WORD(T_TITLE) }
    "domain"      { WORD(T_DOMAIN) }
    "definition"  { WORD(T_DEFINITION) }
    "unit"        { WORD(T_UNIT) }
    "numerator"   { WORD(T_NUMERATOR) }
    "denominator" { WORD(T_DENOMINATOR) }
    "value"       { WORD(T_VALUE) }
    "better"      { WORD(T_BETTER) }
    "thresholds"  { WORD(T_THRESHOLDS) }
    "target"      { WORD(T_TARGET) }
    "suppress"    { WORD(T_SUPPRESS) }
    "source"      { WORD(T_SOURCE) }
    "periodicity" { WORD(T_PERIODICITY) }
    "note"        { WORD(T_NOTE) }
    "period"      { WORD(T_PERIOD) }
    "weight"      { WORD(T_WEIGHT) }
    "column"      { WORD(T_COLUMN) }
    "from"        { WORD(T_FROM) }
    "ci"          { WORD(T_CI) }
    "policy"      { WORD(T_POLICY) }
    "test"        { WORD(T_TEST) }
    "data"        { WORD(T_DATA) }
    "expect"      { WORD(T_EXPECT) }
    "within"      { WORD(T_WITHIN) }
    "low_count"   { WORD(T_LOW_COUNT) }
    "decimals"    { WORD(T_DECIMALS) }
    "design"      { WORD(T_DESIGN) }
    "se"          { WORD(T_SE) }
    "index"       { WORD(T_INDEX) }
    "across"      { WORD(T_ACROSS) }
    "scale"       { WORD(T_SCALE) }
    "combine"     { WORD(T_COMBINE) }
    "area"        { WORD(T_AREA) }
    "hierarchy"   { WORD(T_HIERARCHY) }
    "codelist"    { WORD(T_CODELIST) }
    "per"         { return T_PER; }

    "title@" lang      { LANG(T_TITLE_AT, 6) }
    "definition@" lang { LANG(T_DEFINITION_AT, 11) }
    "note@" lang       { LANG(T_NOTE_AT, 5) }

    ident { return scan_word(c, t, val); }
    [A-Za-z_]* u8multi ([A-Za-z0-9_] | u8multi)* { return non_ascii_name(c, t); }
    "`"   { return scan_backtick(c, t, val); }
    ["]   { return scan_string(c, t, val); }

    number { return scan_number(c, t, val); }
    number [A-Za-z_][A-Za-z0-9_]* {
        lex_error(c, t, t, c->cur, "invalid number '%.*s'",
                  (int)(c->cur - t), t);
        return T_PARSE_error;
    }

    "==" { return T_EQ; }
    "!=" { return T_NE; }
    "<=" { return T_LE; }
    ">=" { return T_GE; }
    ".." { return T_DOTDOT; }
    [-+*/%<>=(){},:.] { return *t; }

    [\x80-\xff] { bad_byte(c, t, t); return T_PARSE_error; }
    *           { stray(c, t, c->cur); return T_PARSE_error; }
    */
#undef TEXT
#undef WORD
#undef LANG
}

int lexer_lex(PARSE_STYPE *val, loc *at, parse_ctx *c)
{
    apply_pending(c);
    const char *t;
    int kind = scan(c, val, &t);
    *at = span(c, t, c->cur);
    if (kind == T_YYEOF) /* report a missing end where the text ends */
        at->start = at->end = c->prev_end;
    c->prev_end = at->end;
    c->pending = kind;
    c->pending_at = *at;
    return kind;
}

const char *lexer_spelling(parse_ctx *c, loc at)
{
    const char *s = c->file->text + at.start;
    size_t n = at.end - at.start, max = 40;
    bool cut = n > max;
    if (cut) /* shorten, but not inside a UTF-8 sequence */
        for (n = max; n > 0 && (s[n] & 0xC0) == 0x80; n--)
            ;
    size_t size = n + 8;
    char *out = rt_arena_alloc(c->arena, size);
    if (*s == '"') /* a string shows as written, in its own quotes */
        snprintf(out, size, "%.*s%s", (int)n, s, cut ? "...\"" : "");
    else
        snprintf(out, size, "'%.*s%s'", (int)n, s, cut ? "..." : "");
    return out;
}
