/* focus.c — the hierarchy's part of a run (focus.h): levels, coverage,
 * rows equal to the total, reference rows, --focus and ranks. Works on
 * the finished table, before the selection. */
#include "focus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/suggest.h"
#include "../runtime/arena.h"
#include "../runtime/labels.h"
#include "cli.h"
#include "reference.h"

#define COUNTRY (-1) /* every geographic dimension a total */
#define NOLEVEL (-2) /* a geographic value unknown (_U) */

/* Where each row of a result stands in the hierarchy. */
typedef struct places {
    const geo_model *g;
    const rt_result *res;
    int *dim;           /* dim[l]: the result's dimension of level l, or -1 */
    int *lev;           /* per row: a level, COUNTRY or NOLEVEL */
    int *unit;          /* per row: its codelist unit, or -1 */
    const char **code;  /* per row: its unit's code (NULL: country) */
    const char **group; /* per row: indicator and every other dimension */
    const char **ip;    /* per row: indicator and period */
} places;

static bool is_geo(const places *p, int d)
{
    for (int l = 0; l < p->g->nlevels; l++)
        if (p->dim[l] == d)
            return true;
    return false;
}

/* A key of the row's indicator and its dimensions: the period only, or
 * every dimension but the hierarchy's. */
static const char *key(const places *p, const rt_outrow *row, rt_arena *a,
                       bool period_only)
{
    size_t n = strlen(row->indicator) + 2;
    for (int d = 0; d < p->res->ndims; d++) {
        rt_dimtext t = rt_dim_text(row, d);
        n += strlen(t.escape) + strlen(t.text) + 1;
    }
    char *k = rt_arena_alloc(a, n), *q = k;
    q += sprintf(q, "%s\x1f", row->indicator);
    for (int d = 0; d < p->res->ndims; d++) {
        if (period_only ? d != 0 : is_geo(p, d))
            continue;
        rt_dimtext t = rt_dim_text(row, d);
        q += sprintf(q, "%s%s\x1f", t.escape, t.text);
    }
    return k;
}

static void place_row(places *p, size_t r, rt_arena *a, bool has_period)
{
    const rt_outrow *row = &p->res->rows[r];
    p->lev[r] = COUNTRY;
    p->unit[r] = -1;
    p->code[r] = NULL;
    for (int l = p->g->nlevels - 1; l >= 0; l--) {
        int d = p->dim[l];
        if (d < 0 || rt_dim_is_total(row, d))
            continue;
        if (rt_dim_is_unknown(row, d)) {
            p->lev[r] = NOLEVEL;
            break;
        }
        p->lev[r] = l;
        p->code[r] = row->dims[d];
        p->unit[r] = geo_find(p->g, l, row->dims[d]);
        break;
    }
    p->group[r] = key(p, row, a, false);
    p->ip[r] = has_period ? key(p, row, a, true) : row->indicator;
}

static void places_init(places *p, const geo_model *g, const rt_result *res,
                        rt_arena *a, bool has_period)
{
    p->g = g;
    p->res = res;
    p->dim = rt_arena_alloc(a, sizeof(int) * (size_t)(g->nlevels + 1));
    for (int l = 0; l < g->nlevels; l++) {
        p->dim[l] = -1;
        for (int d = 0; d < res->ndims; d++)
            if (strcmp(res->dim_names[d], g->levels[l]) == 0)
                p->dim[l] = d;
    }
    size_t n = res->nrows + 1;
    p->lev = rt_arena_alloc(a, sizeof(int) * n);
    p->unit = rt_arena_alloc(a, sizeof(int) * n);
    p->code = rt_arena_alloc(a, sizeof(char *) * n);
    p->group = rt_arena_alloc(a, sizeof(char *) * n);
    p->ip = rt_arena_alloc(a, sizeof(char *) * n);
    for (size_t r = 0; r < res->nrows; r++)
        place_row(p, r, a, has_period);
}

/* Row indices sorted by a key (then by index): blocks of equal keys. */
typedef struct keyed {
    const char *key;
    size_t row;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

static keyed *sorted(const char **keys, size_t n, rt_arena *a)
{
    keyed *o = rt_arena_alloc(a, sizeof(keyed) * (n + 1));
    for (size_t i = 0; i < n; i++)
        o[i] = (keyed){keys[i], i};
    qsort(o, n, sizeof *o, cmp_keyed);
    return o;
}

/* The end of the block of equal keys that starts at i. */
static size_t block_end(const keyed *o, size_t i, size_t n)
{
    size_t j = i + 1;
    while (j < n && strcmp(o[j].key, o[i].key) == 0)
        j++;
    return j;
}

/* Appends flag f to a row's ';'-separated flags. */
static void add_flag(rt_outrow *row, const char *f, rt_arena *a)
{
    const char *old = row->flags ? row->flags : "";
    size_t n = strlen(old) + strlen(f) + 2;
    char *s = rt_arena_alloc(a, n);
    snprintf(s, n, "%s%s%s", old, *old ? ";" : "", f);
    row->flags = s;
}

/* Per indicator and period, the units of the lowest level that have data;
 * each row of a unit above them gets how many it has (n_members) and how
 * many have data (n_present), and `partial` when some lack it. Without
 * rows at the lowest level the coverage is not known and nothing is
 * said. */
static void coverage(const places *p, rt_outrow *rows, rt_arena *a)
{
    const geo_model *g = p->g;
    int low = g->nlevels - 1;
    size_t n = p->res->nrows;
    keyed *o = sorted(p->ip, n, a);
    bool *seen = rt_xcalloc((size_t)g->nunits + 1, sizeof *seen);
    for (size_t i = 0, end; i < n; i = end) {
        end = block_end(o, i, n);
        memset(seen, 0, sizeof *seen * ((size_t)g->nunits + 1));
        bool any = false;
        for (size_t k = i; k < end; k++) {
            size_t r = o[k].row;
            if (p->lev[r] == low && p->unit[r] >= 0 && rows[r].n > 0 &&
                !rows[r].source)
                seen[p->unit[r]] = any = true;
        }
        for (size_t k = i; any && k < end; k++) {
            size_t r = o[k].row;
            if (rows[r].source || p->lev[r] == NOLEVEL || p->lev[r] >= low ||
                (p->lev[r] >= 0 && p->unit[r] < 0))
                continue;
            unsigned m = 0, present = 0;
            for (int u = 0; u < g->nunits; u++)
                if (g->units[u].level == low &&
                    (p->lev[r] == COUNTRY || geo_within(g, u, p->unit[r]))) {
                    m++;
                    present += seen[u];
                }
            rows[r].n_members = m;
            rows[r].n_present = present;
            if (present < m)
                add_flag(&rows[r], "partial", a);
        }
    }
    free(seen);
}

/* A district or region row counting the same data rows as the total of
 * its group (one region, or one district, loaded) says nothing the
 * total does not: left out. */
static void drop_equal_to_total(const places *p, const rt_outrow *rows,
                                bool *keep, rt_arena *a)
{
    size_t n = p->res->nrows;
    keyed *o = sorted(p->group, n, a);
    for (size_t i = 0, end; i < n; i = end) {
        end = block_end(o, i, n);
        const rt_outrow *total = NULL;
        for (size_t k = i; k < end && !total; k++)
            if (p->lev[o[k].row] == COUNTRY && !rows[o[k].row].source)
                total = &rows[o[k].row];
        for (size_t k = i; total && k < end; k++) {
            size_t r = o[k].row;
            if (!rows[r].source && p->lev[r] >= 0 &&
                p->lev[r] < p->g->nlevels - 1 && rows[r].n > 0 &&
                rows[r].n == total->n)
                keep[r] = false;
        }
    }
}

/* The unit --focus names (focus.h). */
typedef focus_unit target;

static bool target_at(const places *p, int l, const char *name, target *t)
{
    int u = geo_find(p->g, l, name);
    bool found = u >= 0;
    for (size_t r = 0; !found && r < p->res->nrows; r++)
        found = p->lev[r] == l && strcmp(p->code[r], name) == 0;
    if (found)
        *t = (target){l, name, u};
    return found;
}

static int find_target(const places *p, const char *arg, target *t)
{
    const char *colon = strchr(arg, ':'), *name = arg;
    int only = -1;
    if (colon) {
        for (int l = 0; l < p->g->nlevels; l++)
            if (strlen(p->g->levels[l]) == (size_t)(colon - arg) &&
                strncmp(p->g->levels[l], arg, (size_t)(colon - arg)) == 0)
                only = l;
        if (only >= 0)
            name = colon + 1;
    }
    for (int l = p->g->nlevels - 1; l >= 0; l--)
        if ((only < 0 || l == only) && target_at(p, l, name, t))
            return 0;
    size_t n = (size_t)p->g->nunits + p->res->nrows;
    const char **cands = rt_xcalloc(n + 1, sizeof *cands);
    int nc = 0;
    for (int u = 0; u < p->g->nunits; u++)
        if (only < 0 || p->g->units[u].level == only)
            cands[nc++] = p->g->units[u].code;
    for (size_t r = 0; r < p->res->nrows; r++)
        if (p->lev[r] >= 0 && (only < 0 || p->lev[r] == only))
            cands[nc++] = p->code[r];
    fprintf(stderr, "sicalc: error: --focus: unknown %s '%s'",
            only >= 0 ? p->g->levels[only] : "unit", name);
    suggest_hint(stderr, name, cands, nc);
    fprintf(stderr, "\n");
    free(cands);
    return EXIT_USAGE;
}

int focus_find(const geo_model *g, const rt_result *res, bool has_period,
               rt_arena *a, const char *name, focus_unit *u,
               focus_unit *parents, int *nparents)
{
    places p;
    places_init(&p, g, res, a, has_period);
    *nparents = 0;
    int rc = find_target(&p, name, u);
    for (int x = u->unit >= 0 ? g->units[u->unit].parent : -1;
         rc == 0 && x >= 0; x = g->units[x].parent)
        parents[(*nparents)++] =
            (focus_unit){g->units[x].level, g->units[x].code, x};
    return rc;
}

/* Whether row r is the focus, a unit above it, the total or (peers) a
 * unit of the focus's level. */
static bool in_focus(const places *p, const target *t, bool peers, size_t r)
{
    int l = p->lev[r];
    if (l == COUNTRY)
        return true;
    if (l == t->level)
        return peers || strcmp(p->code[r], t->code) == 0;
    return l >= 0 && l < t->level && t->unit >= 0 && p->unit[r] >= 0 &&
           geo_within(p->g, t->unit, p->unit[r]);
}

/* +1: higher is better, -1: lower, 0: no `better` clause. An index's
 * area score (`sdi.economy`) goes the index's way: its members are
 * scored so that higher is better. */
static int better_of(const ast_program *prog, const char *id)
{
    size_t n = strcspn(id, ".");
    for (int i = 0; prog && i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if ((d->kind != DECL_INDICATOR && d->kind != DECL_INDEX) || !d->name ||
            strncmp(d->name, id, n) != 0 || d->name[n] ||
            (id[n] && d->kind != DECL_INDEX))
            continue;
        const ast_clause *c = ast_clause_find(d, CL_BETTER, NULL);
        return !c || !c->text                   ? 0
               : strcmp(c->text, "higher") == 0 ? 1
               : strcmp(c->text, "lower") == 0  ? -1
                                                : 0;
    }
    return 0;
}

static bool rankable(const rt_outrow *row)
{
    return !row->source && row->has_value && isfinite(row->value);
}

/* Each kept row of the focus's level gets its rank among all the units
 * of that level in its group (indicator, period, other dimensions):
 * 1 + how many are strictly better, so ties share a rank. */
static void rank_rows(const places *p, const target *t, rt_outrow *rows,
                      const bool *keep, const ast_program *prog, rt_arena *a)
{
    size_t n = p->res->nrows;
    keyed *o = sorted(p->group, n, a);
    for (size_t i = 0, end; i < n; i = end) {
        end = block_end(o, i, n);
        int better = better_of(prog, rows[o[i].row].indicator);
        for (size_t k = i; k < end; k++) {
            size_t r = o[k].row;
            rows[r].rank = 0;
            if (!better || !keep[r] || p->lev[r] != t->level ||
                !rankable(&rows[r]))
                continue;
            unsigned ahead = 0;
            for (size_t j = i; j < end; j++) {
                size_t q = o[j].row;
                if (p->lev[q] == t->level && rankable(&rows[q]) &&
                    better * (rows[q].value - rows[r].value) > 0)
                    ahead++;
            }
            rows[r].rank = ahead + 1;
        }
    }
}

/* The reference rows, each after the last computed row of its indicator
 * and period (at the end when there is none). */
static int add_reference(const focus_opts *o, const geo_model *g,
                         const ast_program *prog, bool has_period, rt_arena *a,
                         rt_result *res)
{
    rt_outrow *ref;
    size_t nref;
    int rc =
        reference_read(o->reference, g, prog, has_period, a, res, &ref, &nref);
    if (rc || nref == 0)
        return rc;
    size_t *after = rt_arena_alloc(a, sizeof(size_t) * (nref + 1));
    for (size_t j = 0; j < nref; j++) {
        after[j] = res->nrows ? res->nrows - 1 : 0;
        for (size_t i = 0; i < res->nrows; i++)
            if (strcmp(res->rows[i].indicator, ref[j].indicator) == 0 &&
                (!has_period ||
                 (res->rows[i].dims[0] && ref[j].dims[0] &&
                  strcmp(res->rows[i].dims[0], ref[j].dims[0]) == 0)))
                after[j] = i;
    }
    rt_outrow *rows =
        rt_arena_alloc(a, sizeof(rt_outrow) * (res->nrows + nref + 1));
    size_t n = 0;
    for (size_t i = 0; i < res->nrows; i++) {
        rows[n++] = res->rows[i];
        for (size_t j = 0; j < nref; j++)
            if (after[j] == i)
                rows[n++] = ref[j];
    }
    for (size_t j = 0; res->nrows == 0 && j < nref; j++)
        rows[n++] = ref[j];
    res->rows = rows;
    res->nrows = n;
    res->has_source = true;
    return 0;
}

/* --focus's reading order: each group (indicator, period, other
 * dimensions) where it first stood, in it the levels from the top, the
 * focus's level by rank (unranked last), then as computed. */
typedef struct order {
    size_t group, row;
    int level;
    unsigned rank;
} order;

static int cmp_order(const void *pa, const void *pb)
{
    const order *a = pa, *b = pb;
    unsigned ra = a->rank ? a->rank : ~0u, rb = b->rank ? b->rank : ~0u;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->level != b->level)
        return a->level < b->level ? -1 : 1;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

static void reading_order(places *p, rt_outrow *rows, bool *keep, rt_arena *a)
{
    size_t n = p->res->nrows, m = 0;
    keyed *o = sorted(p->group, n, a);
    order *ord = rt_arena_alloc(a, sizeof(order) * (n + 1));
    size_t *first = rt_arena_alloc(a, sizeof(size_t) * (n + 1));
    for (size_t i = 0, end; i < n; i = end) {
        end = block_end(o, i, n);
        for (size_t k = i; k < end; k++)
            first[o[k].row] = o[i].row;
    }
    for (size_t r = 0; r < n; r++)
        if (keep[r])
            ord[m++] = (order){first[r], r, p->lev[r], rows[r].rank};
    qsort(ord, m, sizeof *ord, cmp_order);
    rt_outrow *copy = rt_arena_alloc(a, sizeof(rt_outrow) * (n + 1));
    memcpy(copy, rows, sizeof(rt_outrow) * n);
    for (size_t r = 0; r < n; r++)
        keep[r] = r < m;
    for (size_t i = 0; i < m; i++) { /* the row's level travels with it */
        rows[i] = copy[ord[i].row];
        p->lev[i] = ord[i].level;
    }
}

static int no_hierarchy(const focus_opts *o)
{
    const char *opt = o->focus       ? "--focus"
                      : o->peers     ? "--peers"
                      : o->reference ? "--reference"
                                     : "--all-levels";
    fprintf(stderr,
            "sicalc: error: %s: the catalogue declares no hierarchy "
            "(hierarchy NAME { region > district > municipality })\n",
            opt);
    return EXIT_USAGE;
}

int focus_apply(const focus_opts *o, const geo_model *g,
                const ast_program *prog, bool has_period, rt_arena *a,
                rt_result *res)
{
    if (!g)
        return o->focus || o->peers || o->all_levels || o->reference
                   ? no_hierarchy(o)
                   : 0;
    if (o->peers && !o->focus) {
        fprintf(stderr, "sicalc: error: --peers needs --focus NAME\n");
        return EXIT_USAGE;
    }
    int rc = o->reference ? add_reference(o, g, prog, has_period, a, res) : 0;
    if (rc)
        return rc;
    places p;
    places_init(&p, g, res, a, has_period);
    rt_outrow *rows = rt_arena_alloc(a, sizeof(rt_outrow) * (res->nrows + 1));
    bool *keep = rt_arena_alloc(a, sizeof(bool) * (res->nrows + 1));
    for (size_t r = 0; r < res->nrows; r++) {
        rows[r] = res->rows[r];
        keep[r] = true;
    }
    coverage(&p, rows, a);
    if (!o->all_levels)
        drop_equal_to_total(&p, rows, keep, a);
    target t;
    if (o->focus) {
        rc = find_target(&p, o->focus, &t);
        if (rc)
            return rc;
        bool own = false;
        for (size_t r = 0; r < res->nrows; r++) {
            keep[r] = keep[r] && in_focus(&p, &t, o->peers, r);
            own =
                own || (p.lev[r] == t.level && strcmp(p.code[r], t.code) == 0);
        }
        if (!own) /* a codelist member the data do not have */
            fprintf(stderr, "sicalc: warning: --focus: no rows for %s '%s'\n",
                    g->levels[t.level], t.code);
        rank_rows(&p, &t, rows, keep, prog, a);
        reading_order(&p, rows, keep, a);
    }
    size_t n = 0;
    bool members = false, ranked = false, sourced = false;
    for (size_t r = 0; r < res->nrows; r++) {
        if (!keep[r])
            continue;
        rt_outrow *row = &rows[n++];
        *row = rows[r];
        row->level = p.lev[r] >= 0         ? g->levels[p.lev[r]]
                     : p.lev[r] == COUNTRY ? "country"
                                           : NULL;
        members = members || row->n_members;
        ranked = ranked || row->rank;
        sourced = sourced || row->source;
    }
    res->rows = rows;
    res->nrows = n;
    res->has_members = members;
    res->has_source = sourced;
    if (o->focus) {
        res->has_level = true;
        res->headed = true;
        res->has_rank = ranked;
    }
    return 0;
}

void focus_merge(const focus_opts *o, const geo_model *g, rt_arena *a,
                 rt_result *res)
{
    if (!o->focus || !g)
        return;
    int *map = rt_arena_alloc(a, sizeof(int) * (size_t)(res->ndims + 1));
    int nd = 0, area = -1;
    for (int d = 0; d < res->ndims; d++) {
        bool geo = geo_level(g, res->dim_names[d]) >= 0;
        if (geo && area < 0)
            area = nd++;
        map[d] = geo ? -1 : nd++;
    }
    if (area < 0)
        return;
    const char **names = rt_arena_alloc(a, sizeof(char *) * (size_t)(nd + 1));
    for (int d = 0; d < res->ndims; d++)
        if (map[d] >= 0)
            names[map[d]] = res->dim_names[d];
    names[area] = "area";
    rt_outrow *rows = rt_arena_alloc(a, sizeof(rt_outrow) * (res->nrows + 1));
    size_t words = RT_DIMSET_WORDS(nd) + 1;
    for (size_t r = 0; r < res->nrows; r++) {
        const rt_outrow *src = &res->rows[r];
        rt_outrow *dst = &rows[r];
        *dst = *src;
        const char **dims =
            rt_arena_alloc(a, sizeof(char *) * (size_t)(nd + 1));
        uint64_t *bits = rt_arena_alloc(a, sizeof(uint64_t) * 2 * words);
        memset(bits, 0, sizeof(uint64_t) * 2 * words);
        dims[area] = NULL;
        int l = src->level ? geo_level(g, src->level) : -1;
        for (int d = 0; d < res->ndims; d++) {
            if (map[d] < 0) {
                if (l >= 0 && strcmp(res->dim_names[d], g->levels[l]) == 0)
                    dims[area] = src->dims[d];
                continue;
            }
            dims[map[d]] = src->dims[d];
            if (rt_dim_is_total(src, d))
                bits[map[d] / 64] |= (uint64_t)1 << (map[d] % 64);
            if (rt_dim_is_unknown(src, d))
                bits[words + map[d] / 64] |= (uint64_t)1 << (map[d] % 64);
        }
        if (!dims[area])
            bits[area / 64] |= (uint64_t)1 << (area % 64);
        dst->dims = dims;
        dst->total = bits;
        dst->unknown = bits + words;
    }
    res->rows = rows;
    res->ndims = nd;
    res->dim_names = names;
}

const char *focus_dim_label(void *ctx, const char *dim, const char *value,
                            rt_lang lang)
{
    const focus_labels *fl = ctx;
    const geo_model *g = fl->g;
    int u = -1, l = geo_level(g, dim);
    if (l >= 0)
        u = geo_find(g, l, value);
    else if (strcmp(dim, "area") == 0)
        for (l = g->nlevels - 1; l >= 0 && u < 0; l--)
            u = geo_find(g, l, value);
    if (u < 0)
        return NULL;
    const geo_unit *x = &g->units[u];
    const char *sr = x->title_sr ? x->title_sr : x->code;
    if (lang == RT_LANG_EN)
        return x->title ? x->title : sr;
    if (lang == RT_LANG_SR)
        return sr;
    char *t = rt_translit_cyrl(sr);
    const char *kept = rt_arena_strdup(fl->a, t);
    free(t);
    return kept;
}
