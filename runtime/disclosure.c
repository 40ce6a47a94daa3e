/* disclosure.c — primary and complementary cell suppression. */
#include "disclosure.h"

#include <stdlib.h>
#include <string.h>

#include "group.h"

/* Bounds the repair loop; each round hides at least one more cell, so it
 * ends anyway, this only caps pathological inputs. */
#define MAX_ROUNDS 1000

typedef struct line {
    int marginal; /* row index of the line's marginal, or -1 */
    int *cells;
    size_t ncells, cap;
} line;

void rt_hide_row(rt_outrow *r)
{
    r->has_numerator = r->has_denominator = r->has_value = false;
    r->has_ci = false;
    r->has_se = false; /* se and cv would give the value back */
    r->status = "";
}

static bool is_suppressed(const rt_outrow *r)
{
    return r->flags && strstr(r->flags, "suppressed") != NULL;
}

/* What a key holds for one dimension: its value, or a tag byte that no
 * value holds (values have no NUL, so each ends at its NUL). */
enum { KEY_VALUE = 'v', KEY_TOTAL = 'T', KEY_UNKNOWN = 'U', KEY_ANY = '*' };

/* The row's dimensions as a key: per dimension a tag and, for a value,
 * the value and its NUL; dimension skip gets tag subst instead (KEY_ANY:
 * a line's cells, KEY_TOTAL: its marginal). */
static size_t row_key(const rt_outrow *r, int ndims, int skip, char subst,
                      char **buf, size_t *cap)
{
    size_t len = 0;
    for (int d = 0; d < ndims; d++) {
        char tag = d == skip                 ? subst
                   : rt_dim_is_total(r, d)   ? KEY_TOTAL
                   : rt_dim_is_unknown(r, d) ? KEY_UNKNOWN
                                             : KEY_VALUE;
        const char *v = tag == KEY_VALUE ? r->dims[d] : "";
        size_t vl = tag == KEY_VALUE ? strlen(v) + 1 : 0;
        rt_grow((void **)buf, cap, len + vl + 2, 1);
        (*buf)[len++] = tag;
        memcpy(*buf + len, v, vl);
        len += vl;
    }
    return len;
}

static void add_cell(line *l, int row)
{
    rt_grow((void **)&l->cells, &l->cap, l->ncells + 1, sizeof(int));
    l->cells[l->ncells++] = row;
}

static double size_of(const rt_outrow *r)
{
    return r->has_denominator ? r->denominator : (double)r->n;
}

static void hide_secondary(rt_outrow *r, rt_arena *a)
{
    rt_hide_row(r);
    const char *old = r->flags ? r->flags : "";
    size_t n = strlen(old) + 32;
    char *f = rt_arena_alloc(a, n);
    snprintf(f, n, "%s%ssuppressed;complementary", old, *old ? ";" : "");
    r->flags = f;
}

/* One round over the lines; whether it hid anything. */
static bool repair(rt_outrow *rows, line *lines, int nlines, rt_arena *a)
{
    bool changed = false;
    for (int i = 0; i < nlines; i++) {
        line *l = &lines[i];
        if (l->marginal < 0 || is_suppressed(&rows[l->marginal]))
            continue;
        int hidden = 0, pick = -1;
        for (size_t k = 0; k < l->ncells; k++) {
            const rt_outrow *r = &rows[l->cells[k]];
            if (is_suppressed(r))
                hidden++;
            else if (pick < 0 || size_of(r) < size_of(&rows[pick]))
                pick = l->cells[k];
        }
        if (hidden != 1)
            continue;
        hide_secondary(&rows[pick >= 0 ? pick : l->marginal], a);
        changed = true;
    }
    return changed;
}

static int build_lines(rt_outrow *rows, size_t n, int ndims, int first_dim,
                       line **out)
{
    rt_groups *full = rt_groups_new(), *ids = rt_groups_new();
    char *buf = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = row_key(&rows[i], ndims, -1, 0, &buf, &cap);
        rt_groups_intern(full, buf, len);
    }
    line *lines = NULL;
    size_t nlines = 0, lcap = 0;
    for (size_t i = 0; i < n; i++) {
        for (int d = first_dim; d < ndims; d++) {
            if (rt_dim_is_total(&rows[i], d))
                continue;
            size_t len = row_key(&rows[i], ndims, d, KEY_ANY, &buf, &cap);
            int id = rt_groups_intern(ids, buf, len);
            if ((size_t)id == nlines) {
                rt_grow((void **)&lines, &lcap, nlines + 1, sizeof *lines);
                lines[nlines] = (line){0};
                len = row_key(&rows[i], ndims, d, KEY_TOTAL, &buf, &cap);
                lines[nlines++].marginal = rt_groups_find(full, buf, len);
            }
            add_cell(&lines[id], (int)i);
        }
    }
    free(buf);
    rt_groups_free(full);
    rt_groups_free(ids);
    *out = lines;
    return (int)nlines;
}

void rt_complementary(rt_outrow *rows, size_t n, int ndims, bool has_period,
                      rt_arena *a)
{
    line *lines;
    int nlines = build_lines(rows, n, ndims, has_period ? 1 : 0, &lines);
    for (int round = 0; round < MAX_ROUNDS; round++)
        if (!repair(rows, lines, nlines, a))
            break;
    for (int i = 0; i < nlines; i++)
        free(lines[i].cells);
    free(lines);
}
