/* select.c — the rows and columns a run shows (select.h): which
 * indicators, which groups, which periods, and which dimension columns.
 * Works on the finished table only, so every total, share and rank is
 * the one of the whole data. */
#include "select.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/suggest.h"
#include "../runtime/arena.h"
#include "../runtime/finish.h"
#include "../runtime/numparse.h"

void select_add(const char ***list, int *n, const char *v)
{
    const char **grown = realloc(*list, sizeof(char *) * (size_t)(*n + 1));
    if (!grown) {
        fprintf(stderr, "sicalc: error: out of memory\n");
        exit(EXIT_NOMEM);
    }
    grown[(*n)++] = v;
    *list = grown;
}

void select_free(select_opts *s)
{
    free(s->only);
    free(s->where);
}

bool select_any(const select_opts *s)
{
    return s->nonly || s->nwhere || s->periods;
}

/* A growing list of distinct strings, for did-you-mean candidates. */
typedef struct strset {
    const char **v;
    int n;
} strset;

static int strset_find(const strset *s, const char *x)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return i;
    return -1;
}

static int strset_add(strset *s, const char *x)
{
    int i = strset_find(s, x);
    if (i >= 0)
        return i;
    select_add(&s->v, &s->n, x);
    return s->n - 1;
}

/* The error with "; did you mean 'X'?" when a candidate is close. */
static int unknown(const cli_command *self, const char *what, const char *name,
                   const strset *cands)
{
    fprintf(stderr, "sicalc: error: unknown %s '%s'", what, name);
    suggest_hint(stderr, name, cands->v, cands->n);
    fprintf(stderr, "\n");
    (void)self;
    return EXIT_USAGE;
}

/* A copy of s[0..n) in arena a. */
static char *arena_strndup(rt_arena *a, const char *s, size_t n)
{
    char *c = rt_arena_alloc(a, n + 1);
    memcpy(c, s, n);
    c[n] = 0;
    return c;
}

/* The domain of each indicator declared in prog (NULL: none). */
static const char *domain_of(const ast_program *prog, const char *id)
{
    for (int i = 0; prog && i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if (d->kind != DECL_INDICATOR || !d->name || strcmp(d->name, id))
            continue;
        for (int c = 0; c < d->nclauses; c++)
            if (d->clauses[c].kind == CL_DOMAIN)
                return d->clauses[c].text;
    }
    return NULL;
}

static void domains(const ast_program *prog, strset *out)
{
    for (int i = 0; prog && i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if (d->kind == DECL_DOMAIN && d->name)
            strset_add(out, d->name);
        for (int c = 0; d->kind == DECL_INDICATOR && c < d->nclauses; c++)
            if (d->clauses[c].kind == CL_DOMAIN && d->clauses[c].text)
                strset_add(out, d->clauses[c].text);
    }
}

/* Marks keep[i] for each indicator ids->v[i] one --only item names. */
static int only_item(const cli_command *self, const char *item,
                     const ast_program *prog, const strset *ids, bool *keep)
{
    bool any = false;
    if (strncmp(item, "domain:", 7) == 0) {
        const char *name = item + 7;
        strset all = {0};
        domains(prog, &all);
        int found = strset_find(&all, name);
        if (found < 0) {
            int rc = unknown(self, "domain", name, &all);
            free(all.v);
            return rc;
        }
        free(all.v);
        for (int i = 0; i < ids->n; i++) {
            const char *dom = domain_of(prog, ids->v[i]);
            if (dom && strcmp(dom, name) == 0)
                keep[i] = any = true;
        }
        return 0; /* a declared domain may have no indicator run */
    }
    if (strpbrk(item, "*?[")) {
        for (int i = 0; i < ids->n; i++)
            if (fnmatch(item, ids->v[i], 0) == 0)
                keep[i] = any = true;
        if (!any) {
            fprintf(stderr, "sicalc: error: no indicator matches '%s'\n", item);
            return EXIT_USAGE;
        }
        return 0;
    }
    int i = strset_find(ids, item);
    if (i < 0)
        return unknown(self, "indicator", item, ids);
    keep[i] = true;
    return 0;
}

/* --only: the indicators kept, keep[i] for ids->v[i]. */
static int select_only(const cli_command *self, const select_opts *s,
                       const ast_program *prog, const strset *ids, bool *keep)
{
    for (int i = 0; i < ids->n; i++)
        keep[i] = s->nonly == 0;
    for (int k = 0; k < s->nonly; k++) {
        const char *p = s->only[k];
        while (*p) {
            size_t n = strcspn(p, ",");
            char item[256];
            if (n == 0 || n >= sizeof item) {
                fprintf(stderr, "sicalc: error: bad --only item in '%s'\n",
                        s->only[k]);
                return EXIT_USAGE;
            }
            memcpy(item, p, n);
            item[n] = 0;
            int rc = only_item(self, item, prog, ids, keep);
            if (rc)
                return rc;
            p += n + (p[n] == ',');
        }
    }
    return 0;
}

/* One --where: its dimension and values. */
typedef struct where_t {
    int dim;
    const char **values;
    int nvalues;
} where_t;

/* The texts dimension d shows in res, for did-you-mean. */
static void dim_texts(const rt_result *res, int d, rt_arena *a, strset *out)
{
    for (size_t r = 0; r < res->nrows; r++) {
        rt_dimtext t = rt_dim_text(&res->rows[r], d);
        if (!*t.escape) {
            if (strset_find(out, t.text) < 0)
                strset_add(out, t.text);
            continue;
        }
        size_t n = strlen(t.escape) + strlen(t.text);
        char *s = rt_arena_alloc(a, n + 1);
        snprintf(s, n + 1, "%s%s", t.escape, t.text);
        if (strset_find(out, s) < 0)
            strset_add(out, s);
    }
}

static bool dim_has(const rt_result *res, int d, const char *v)
{
    for (size_t r = 0; r < res->nrows; r++)
        if (rt_dim_shows(&res->rows[r], d, v))
            return true;
    return false;
}

static int parse_where(const cli_command *self, const char *arg,
                       const rt_result *res, rt_arena *a, where_t *w)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        fprintf(stderr,
                "sicalc: error: --where wants DIM=VALUE[,VALUE...], "
                "not '%s'\n",
                arg);
        return EXIT_USAGE;
    }
    char *dim = arena_strndup(a, arg, (size_t)(eq - arg));
    w->dim = -1;
    strset names = {0};
    for (int d = 0; d < res->ndims; d++) {
        strset_add(&names, res->dim_names[d]);
        if (strcmp(res->dim_names[d], dim) == 0)
            w->dim = d;
    }
    if (w->dim < 0) {
        int rc = unknown(self, "dimension", dim, &names);
        free(names.v);
        return rc;
    }
    free(names.v);
    w->values = NULL;
    w->nvalues = 0;
    for (const char *p = eq + 1; *p;) {
        size_t n = strcspn(p, ",");
        char *v = arena_strndup(a, p, n);
        if (!dim_has(res, w->dim, v)) {
            strset texts = {0};
            dim_texts(res, w->dim, a, &texts);
            fprintf(stderr, "sicalc: error: %s has no value '%s'",
                    res->dim_names[w->dim], v);
            suggest_hint(stderr, v, texts.v, texts.n);
            fprintf(stderr, "\n");
            free(texts.v);
            free(w->values);
            return EXIT_USAGE;
        }
        select_add(&w->values, &w->nvalues, v);
        p += n + (p[n] == ',');
    }
    return 0;
}

static bool where_holds(const where_t *w, const rt_outrow *row)
{
    for (int i = 0; i < w->nvalues; i++)
        if (rt_dim_shows(row, w->dim, w->values[i]))
            return true;
    return false;
}

/* --periods: a period, FROM..TO (inclusive) or last. */
typedef struct periods_t {
    bool last;
    const char *from, *to; /* NULL: open */
} periods_t;

static int parse_periods(const char *arg, const rt_result *res, bool has_period,
                         rt_arena *a, periods_t *p)
{
    *p = (periods_t){0};
    if (!has_period) {
        fprintf(stderr, "sicalc: error: --periods: the catalogue's datasets "
                        "have no period\n");
        return EXIT_USAGE;
    }
    if (strcmp(arg, "last") == 0) {
        p->last = true;
        return 0;
    }
    const char *dots = strstr(arg, "..");
    if (dots) {
        p->from =
            dots == arg ? NULL : arena_strndup(a, arg, (size_t)(dots - arg));
        p->to = dots[2] ? dots + 2 : NULL;
        if (!p->from && !p->to) {
            fprintf(stderr, "sicalc: error: --periods '%s' names no period\n",
                    arg);
            return EXIT_USAGE;
        }
        return 0;
    }
    if (!dim_has(res, 0, arg)) {
        strset texts = {0};
        dim_texts(res, 0, a, &texts);
        fprintf(stderr, "sicalc: error: no rows for period '%s'", arg);
        suggest_hint(stderr, arg, texts.v, texts.n);
        fprintf(stderr, "\n");
        free(texts.v);
        return EXIT_USAGE;
    }
    p->from = p->to = arg;
    return 0;
}

static bool period_in(const periods_t *p, const rt_outrow *row)
{
    const char *v = row->dims[0];
    if (!v)
        return false;
    return (!p->from || rt_dim_compare(p->from, v) <= 0) &&
           (!p->to || rt_dim_compare(v, p->to) <= 0);
}

/* The catalogue's order of dimensions: first use in the `by` clauses of
 * its indicators, the files taken by name (base name, then path) and the
 * declarations in file order, so that neither the order the files are
 * named in nor which data files are given (which indicators run) moves
 * a column. */
typedef struct dimorder {
    const ast_decl **decls;
    int n;
} dimorder;

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *decl_path(const ast_decl *d)
{
    return d->at.file && d->at.file->path ? d->at.file->path : "";
}

static int decl_cmp(const void *pa, const void *pb)
{
    const ast_decl *a = *(const ast_decl *const *)pa;
    const ast_decl *b = *(const ast_decl *const *)pb;
    const char *fa = decl_path(a), *fb = decl_path(b);
    int c = strcmp(base_name(fa), base_name(fb));
    if (!c)
        c = strcmp(fa, fb);
    if (!c)
        c = a->at.start < b->at.start ? -1 : a->at.start > b->at.start;
    return c;
}

static void by_names(const ast_expr *e, strset *out)
{
    if (!e)
        return;
    if (e->kind == AST_NAME && e->str)
        strset_add(out, e->str);
    else if (e->kind == AST_BINARY && e->op == OP_MUL) {
        by_names(e->lhs, out);
        by_names(e->rhs, out);
    }
}

/* The dimension names in the catalogue's order (out: heap). */
static void catalogue_dims(const ast_program *prog, strset *out)
{
    if (!prog || prog->ndecls == 0)
        return;
    const ast_decl **ds = calloc((size_t)prog->ndecls, sizeof *ds);
    if (!ds)
        return;
    int n = 0;
    for (int i = 0; i < prog->ndecls; i++)
        if (prog->decls[i]->kind == DECL_INDICATOR)
            ds[n++] = prog->decls[i];
    qsort(ds, (size_t)n, sizeof *ds, decl_cmp);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < ds[i]->nclauses; c++)
            if (ds[i]->clauses[c].kind == CL_BY)
                for (int k = 0; k < ds[i]->clauses[c].nitems; k++)
                    by_names(ds[i]->clauses[c].items[k], out);
    free(ds);
}

/* Copies bit set src onto the kept dimensions (map[d] the new index, -1
 * dropped). */
static const uint64_t *project_bits(rt_arena *a, const uint64_t *src,
                                    const int *map, int ndims, int nkept)
{
    if (!src)
        return NULL;
    size_t words = RT_DIMSET_WORDS(nkept);
    uint64_t *dst = rt_arena_alloc(a, sizeof(uint64_t) * (words ? words : 1));
    memset(dst, 0, sizeof(uint64_t) * (words ? words : 1));
    for (int d = 0; d < ndims; d++)
        if (map[d] >= 0 && (src[d / 64] >> (d % 64) & 1))
            dst[map[d] / 64] |= (uint64_t)1 << (map[d] % 64);
    return dst;
}

int select_apply(const cli_command *self, const select_opts *s,
                 const ast_program *prog, bool has_period, rt_arena *a,
                 rt_result *res)
{
    strset ids = {0};
    /* Why apart: with no --only, --where or --periods every row stays,
     * and the rows (131,400 for the bench's 60 indicators, 25 MB) are
     * not read for it, nor copied onto themselves. */
    bool all = !select_any(s);
    int *ind = all ? NULL : rt_arena_alloc(a, sizeof(int) * (res->nrows + 1));
    /* Rows come grouped by indicator: the previous row's is the likely
     * one, and the set's linear search is for the first row of each. */
    for (size_t r = 0; !all && r < res->nrows; r++)
        ind[r] = r > 0 && strcmp(res->rows[r].indicator,
                                 res->rows[r - 1].indicator) == 0
                     ? ind[r - 1]
                     : strset_add(&ids, res->rows[r].indicator);
    bool *keep_ind = rt_arena_alloc(a, sizeof(bool) * (size_t)(ids.n + 1));
    where_t *wh = rt_arena_alloc(a, sizeof(where_t) * (size_t)(s->nwhere + 1));
    int nwh = 0;
    periods_t per = {0};
    int rc = select_only(self, s, prog, &ids, keep_ind);
    for (int i = 0; rc == 0 && i < s->nwhere; i++) {
        rc = parse_where(self, s->where[i], res, a, &wh[i]);
        nwh += rc == 0;
    }
    if (rc == 0 && s->periods)
        rc = parse_periods(s->periods, res, has_period, a, &per);
    if (rc)
        goto out;

    /* The rows kept by --only and --where; then, for last, each
     * indicator's latest period among them. */
    bool *keep =
        all ? NULL : rt_arena_alloc(a, sizeof(bool) * (res->nrows + 1));
    const char **latest =
        rt_arena_alloc(a, sizeof(char *) * (size_t)(ids.n + 1));
    memset(latest, 0, sizeof(char *) * (size_t)(ids.n + 1));
    for (size_t r = 0; !all && r < res->nrows; r++) {
        const rt_outrow *row = &res->rows[r];
        keep[r] = keep_ind[ind[r]];
        for (int i = 0; keep[r] && i < nwh; i++)
            keep[r] = where_holds(&wh[i], row);
        if (keep[r] && per.last && row->dims[0] &&
            (!latest[ind[r]] ||
             rt_dim_compare(latest[ind[r]], row->dims[0]) < 0))
            latest[ind[r]] = row->dims[0];
    }
    for (size_t r = 0; s->periods && r < res->nrows; r++)
        if (keep[r])
            keep[r] = per.last ? res->rows[r].dims[0] &&
                                     rt_dim_compare(latest[ind[r]],
                                                    res->rows[r].dims[0]) == 0
                               : period_in(&per, &res->rows[r]);

    /* The dimension columns the selected indicators use: broken down in
     * some row of theirs (the period always). */
    int *map = rt_arena_alloc(a, sizeof(int) * (size_t)(res->ndims + 1));
    int nkept = 0;
    strset order = {0};
    catalogue_dims(prog, &order);
    /* rank: the period first, then the catalogue's order, then any other
     * dimension (an index's) as it came. */
    int *rank = rt_arena_alloc(a, sizeof(int) * (size_t)(res->ndims + 1));
    for (int d = 0; d < res->ndims; d++) {
        int o = strset_find(&order, res->dim_names[d]);
        rank[d] = has_period && d == 0 ? -1 : o >= 0 ? o : order.n + d;
    }
    free(order.v);
    for (int d = 0; d < res->ndims; d++) {
        bool used = has_period && d == 0;
        for (size_t r = 0; !used && r < res->nrows; r++)
            used =
                (all || keep_ind[ind[r]]) && !rt_dim_is_total(&res->rows[r], d);
        map[d] = used ? 0 : -1;
    }
    for (int d = 0; d < res->ndims; d++)
        if (map[d] >= 0) {
            for (int e = 0; e < res->ndims; e++)
                if (map[e] >= 0 && rank[e] < rank[d])
                    map[d]++;
            nkept++;
        }
    const char **names =
        rt_arena_alloc(a, sizeof(char *) * (size_t)(nkept + 1));
    for (int d = 0; d < res->ndims; d++)
        if (map[d] >= 0)
            names[map[d]] = res->dim_names[d];

    /* The rank and interval columns go with the indicators that have
     * them. */
    bool ranked = false, ci = false;
    for (size_t r = 0; s->nonly && r < res->nrows; r++)
        if (keep_ind[ind[r]]) {
            ranked = ranked || res->rows[r].rank;
            ci = ci || res->rows[r].has_ci;
        }
    /* In place (a row moves only towards the front), and with every
     * dimension kept in its place the rows keep their dimension arrays,
     * which finish.c shares between indicators: no copy per row. */
    bool same = nkept == res->ndims;
    for (int d = 0; d < res->ndims && same; d++)
        same = map[d] == d;
    rt_outrow *rows = res->rows; /* the arena's (rt_finish made them) */
    size_t n = all && same ? res->nrows : 0;
    for (size_t r = 0; !(all && same) && r < res->nrows; r++) {
        if (!all && !keep[r])
            continue;
        rt_outrow row = res->rows[r];
        const rt_outrow *src = &row;
        rt_outrow *dst = &rows[n++];
        *dst = *src;
        if (same)
            continue;
        const char **dims =
            rt_arena_alloc(a, sizeof(char *) * (size_t)(nkept + 1));
        for (int d = 0; d < res->ndims; d++)
            if (map[d] >= 0)
                dims[map[d]] = src->dims[d];
        dst->dims = dims;
        dst->total = project_bits(a, src->total, map, res->ndims, nkept);
        dst->unknown = project_bits(a, src->unknown, map, res->ndims, nkept);
    }
    if (s->nonly) {
        res->has_rank = res->has_rank && ranked;
        res->has_ci = res->has_ci && ci;
    }
    res->rows = rows;
    res->nrows = n;
    res->ndims = nkept;
    res->dim_names = names;
out:
    for (int i = 0; i < nwh; i++)
        free(wh[i].values);
    free(ids.v);
    return rc;
}
