/* lexer.h — the re2c scanner and the one context that the scanner and
 * the bison parser share for one file (no globals anywhere). */
#ifndef SICALC_LEXER_H
#define SICALC_LEXER_H

#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "parser.h"

/* Open brackets remembered for "expected ')' to close '(' at L:C";
 * deeper nesting is parsed fine, only not named in messages. */
#define LEXER_MAX_OPEN 64

typedef struct lexer_open {
    char ch; /* '(' or '{' */
    loc at;
} lexer_open;

struct parse_ctx {
    rt_arena *arena; /* the AST's */
    diag *diag;
    const src_file *file;
    int errors; /* lexical and syntax errors in this file */
    /* scanner state */
    const char *cur;   /* next byte to scan */
    uint32_t prev_end; /* end of the previous token: where EOF is reported */
    uint32_t lex_error_at; /* start of the last token the scanner reported
                              on (+1; 0 = none): the parser stays quiet
                              about it */
    /* Brackets open before the current lookahead token. The lookahead's
     * own effect is applied only when the next token is scanned, so a
     * syntax error at the lookahead still sees what it failed to close. */
    lexer_open open[LEXER_MAX_OPEN];
    int nopen;
    int pending; /* token kind whose bracket effect is due */
    loc pending_at;
    /* where parse_file appends declarations */
    ast_decl ***decls;
    int *ndecls;
    size_t *cap;
};

/* Prepares c to scan file f from its start. */
void lexer_init(parse_ctx *c, rt_arena *a, diag *d, const src_file *f);
/* The next token's kind; its value in *val and span in *at. Lexical
 * errors are reported here; a token that cannot be used is returned as
 * T_PARSE_error so the parser recovers without a second message. */
int lexer_lex(PARSE_STYPE *val, loc *at, parse_ctx *c);
/* The spelling of a source span for messages, quoted and shortened. */
const char *lexer_spelling(parse_ctx *c, loc at);

#endif
