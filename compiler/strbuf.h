/* strbuf.h — text rendered into memory through a FILE (open_memstream),
 * for the commands that compare or reuse what they print. */
#ifndef SICALC_STRBUF_H
#define SICALC_STRBUF_H

#include <stdio.h>

typedef struct strbuf {
    char *s;
    size_t n;
    FILE *f;
} strbuf;

/* Opens b for writing; out of memory ends the process (exit 2). The text
 * is b->s after fclose(b->f); the caller frees it. */
FILE *strbuf_open(strbuf *b);

#endif
