/* strbuf.c — in-memory text through open_memstream. */
#include "strbuf.h"

#include <stdlib.h>

FILE *strbuf_open(strbuf *b)
{
    b->s = NULL;
    b->n = 0;
    b->f = open_memstream(&b->s, &b->n);
    if (!b->f) {
        fputs("sicalc: error: out of memory\n", stderr);
        exit(2);
    }
    return b->f;
}
