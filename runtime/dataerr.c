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
    e->value = dup_or_null(value);
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
        add(&s, &n, &cap, "' ");
    }
    add(&s, &n, &cap, e->message ? e->message : "reading data");
    return s;
}

/* Why: the single place a data error reaches the user. */
void rt_data_error_print(FILE *f, const rt_data_error *e)
{
    char *s = rt_data_error_text(e, "error");
    fprintf(f, "%s\n", s);
    free(s);
}
