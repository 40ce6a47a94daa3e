/* diff_values.c — `sicalc diff` with data: both catalogues' result rows
 * keyed by indicator and group, matched, and the groups whose value,
 * status, numerator or denominator changed. */
#include "diff_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static int cmp_vrow(const void *a, const void *b)
{
    const vrow *x = a, *y = b;
    int c = strcmp(x->ind, y->ind);
    return c ? c : strcmp(x->key, y->key);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void key_and_label(const rt_result *r, bool has_period,
                          const rt_outrow *row, char **key, char **label)
{
    strbuf kb, lb;
    FILE *kf = strbuf_open(&kb), *lf = strbuf_open(&lb);
    char **parts = rt_xcalloc((size_t)r->ndims + 1, sizeof *parts);
    int np = 0;
    const char *sep = "";
    for (int d = 0; d < r->ndims; d++) {
        if (rt_dim_is_total(row, d))
            continue;
        rt_dimtext v = rt_dim_text(row, d);
        parts[np] = rt_xmalloc(strlen(r->dim_names[d]) + strlen(v.escape) +
                               strlen(v.text) + 3);
        sprintf(parts[np++], "%s=%s%s\x1f", r->dim_names[d], v.escape, v.text);
        if (has_period && d == 0)
            continue;
        fprintf(lf, "%s%s%s", sep, v.escape, v.text);
        sep = " × ";
    }
    if (!*sep)
        fputs("total", lf);
    if (has_period && !rt_dim_is_total(row, 0))
        fprintf(lf, " %s%s", rt_dim_text(row, 0).escape,
                rt_dim_text(row, 0).text);
    qsort(parts, (size_t)np, sizeof *parts, cmp_cstr);
    for (int i = 0; i < np; i++) {
        fputs(parts[i], kf);
        free(parts[i]);
    }
    free(parts);
    fclose(kf);
    fclose(lf);
    *key = kb.s;
    *label = lb.s;
}

void diff_index_rows(side *s)
{
    const rt_result *r = &s->res;
    s->rows = rt_xcalloc(r->nrows + 1, sizeof *s->rows);
    for (size_t i = 0; i < r->nrows; i++) {
        vrow *v = &s->rows[i];
        v->ind = r->rows[i].indicator;
        v->row = &r->rows[i];
        v->order = i;
        key_and_label(r, s->prog->has_period, v->row, &v->key, &v->label);
    }
    qsort(s->rows, r->nrows, sizeof *s->rows, cmp_vrow);
}

void diff_free_rows(side *s)
{
    for (size_t i = 0; s->rows && i < s->res.nrows; i++) {
        free(s->rows[i].key);
        free(s->rows[i].label);
    }
}

/* The rows of indicator id: [*lo, *hi) of s->rows. */
static void rows_of(const side *s, const char *id, size_t *lo, size_t *hi)
{
    size_t n = s->res.nrows, a = 0, b = n;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (strcmp(s->rows[m].ind, id) < 0)
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    while (a < n && strcmp(s->rows[a].ind, id) == 0)
        a++;
    *hi = a;
}

static const vrow *find_row(const side *s, size_t lo, size_t hi,
                            const char *key)
{
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        int c = strcmp(s->rows[m].key, key);
        if (c == 0)
            return &s->rows[m];
        if (c < 0)
            lo = m + 1;
        else
            hi = m;
    }
    return NULL;
}

static bool value_differs(const rt_outrow *a, const rt_outrow *b)
{
    if (a->has_value != b->has_value)
        return true;
    return a->has_value && a->value != b->value;
}

static bool part_differs(const rt_outrow *a, const rt_outrow *b)
{
    return a->has_numerator != b->has_numerator ||
           a->has_denominator != b->has_denominator ||
           (a->has_numerator && a->numerator != b->numerator) ||
           (a->has_denominator && a->denominator != b->denominator);
}

static int cmp_vchange(const void *a, const void *b)
{
    const vchange *x = a, *y = b;
    bool xn = x->o->row->has_value && x->n->row->has_value;
    bool yn = y->o->row->has_value && y->n->row->has_value;
    if (xn != yn)
        return xn ? -1 : 1;
    double dx = fabs(x->delta), dy = fabs(y->delta);
    if (xn && dx != dy)
        return dx > dy ? -1 : 1;
    return (x->n->order > y->n->order) - (x->n->order < y->n->order);
}

static void push_vchange(vchange **v, size_t *n, vchange c)
{
    *v = rt_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = c;
}

static void compare_indicator(const side *o, const side *n, const char *old_id,
                              const char *id, vdiff *out)
{
    *out = (vdiff){.id = id, .old_id = old_id};
    size_t olo, ohi, nlo, nhi;
    rows_of(o, old_id, &olo, &ohi);
    rows_of(n, id, &nlo, &nhi);
    out->ngroups = nhi - nlo;
    for (size_t i = nlo; i < nhi; i++) {
        const vrow *nr = &n->rows[i];
        const vrow * or = find_row(o, olo, ohi, nr->key);
        if (! or) {
            if (!out->appeared++)
                out->first_appeared = nr;
            continue;
        }
        vchange c = { or, nr, 0};
        if (or->row->has_value && nr->row->has_value)
            c.delta = nr->row->value - or->row->value;
        if (value_differs(or->row, nr->row))
            push_vchange(&out->values, &out->nvalues, c);
        else if (part_differs(or->row, nr->row))
            out->parts++;
        if (strcmp(or->row->status, nr->row->status) != 0)
            push_vchange(&out->status, &out->nstatus, c);
        if (or->row->rank != nr->row->rank)
            push_vchange(&out->ranks, &out->nranks, c);
    }
    for (size_t i = olo; i < ohi; i++)
        if (!find_row(n, nlo, nhi, o->rows[i].key) && !out->gone++)
            out->first_gone = &o->rows[i];
    if (out->nvalues)
        qsort(out->values, out->nvalues, sizeof *out->values, cmp_vchange);
    if (out->nstatus)
        qsort(out->status, out->nstatus, sizeof *out->status, cmp_vchange);
}

static bool vdiff_any(const vdiff *v)
{
    return v->nvalues || v->nstatus || v->parts || v->appeared || v->gone ||
           v->nranks;
}

/* Compares the rows of id on both sides; prints them when print. */
static int compare_print(const rep *o, const cmp *c, const char *old_id,
                         const char *id, bool print, int changed)
{
    vdiff v;
    compare_indicator(c->old, c->new, old_id, id, &v);
    bool any = vdiff_any(&v);
    if (any && print && !changed)
        diff_values_heading(o);
    if (any && print)
        diff_print_vdiff(o, &v);
    free(v.values);
    free(v.status);
    free(v.ranks);
    return any;
}

/* An index on both sides: its rows and each area's (`sdi.economy`),
 * the values and the ranks. */
static int compare_index(const rep *o, const cmp *c, const entity *e,
                         bool print, int changed)
{
    if (!diff_find_ent(c->old, ENT_INDEX, e->name))
        return 0;
    int n = compare_print(o, c, e->name, e->name, print, changed);
    const ast_index *x = e->decl->index;
    for (int i = 0; i < x->nareas; i++) {
        char *id = rt_xmalloc(strlen(e->name) + strlen(x->areas[i].name) + 2);
        sprintf(id, "%s.%s", e->name, x->areas[i].name);
        n += compare_print(o, c, id, id, print, changed + n);
        free(id);
    }
    return n;
}

/* The old id of new indicator e: its own, or the one it was renamed
 * from; NULL when it was added. */
static const char *old_id_of(const cmp *c, const entity *e)
{
    for (int i = 0; i < c->nch; i++)
        if (c->ch[i].new == e) {
            if (c->ch[i].kind == CH_ADDED)
                return NULL;
            return c->ch[i].old->name;
        }
    return diff_find_ent(c->old, ENT_INDICATOR, e->name) ? e->name : NULL;
}

/* Compares the values of every indicator on both sides; prints them
 * when print, and returns how many indicators' values changed. */
int diff_values_all(const rep *o, const cmp *c, bool print)
{
    int changed = 0;
    for (int i = 0; i < c->new->nents; i++) {
        const entity *e = &c->new->ents[i];
        if (e->kind == ENT_INDEX)
            changed += compare_index(o, c, e, print, changed);
        if (e->kind != ENT_INDICATOR)
            continue;
        const char *old_id = old_id_of(c, e);
        if (!old_id)
            continue;
        vdiff v;
        compare_indicator(c->old, c->new, old_id, e->name, &v);
        if (vdiff_any(&v)) {
            if (print && !changed)
                diff_values_heading(o);
            if (print)
                diff_print_vdiff(o, &v);
            changed++;
        }
        free(v.values);
        free(v.status);
        free(v.ranks);
    }
    return changed;
}
