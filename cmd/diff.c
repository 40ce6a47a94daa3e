/* diff.c — `sicalc diff OLD NEW [DATA...]`: a reviewer's diff of two
 * catalogues. Declarations are compared by name, each clause by its
 * canonical text (the source as `sicalc fmt` prints it, so layout
 * and comments never count as changes); an indicator that vanished while
 * another with the same definition appeared was renamed; a changed let,
 * const or fn marks the indicators that read it. With data both
 * catalogues run and their rows are matched by indicator and group. */
#include "diff.h"
#include "cli.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../runtime/numfmt.h"
#include "catsrc.h"
#include "print.h"
#include "runner.h"

enum { EXIT_SAME = 0, EXIT_CHANGED = 1, EXIT_USAGE = 2 };

#define COUNT(a) (sizeof a / sizeof *a)

/* ---- the canonical form of declarations ---- */

typedef enum {
    ENT_INDICATOR,
    ENT_LET,
    ENT_CONST,
    ENT_FN,
    ENT_DATASET,
    ENT_POLICY,
    ENT_USE
} ent_kind;

static const char *const ent_words[] = {"indicator", "let",    "const", "fn",
                                        "dataset",   "policy", "use"};

/* One clause (or dataset item) as text; key is what the output calls
 * it: "numerator", "title@sr", "column age", "=". */
typedef struct item {
    const char *key;
    const char *text;
    bool meta; /* metadata: may differ in a rename */
} item;

typedef struct entity {
    ent_kind kind;
    const char *name;
    const ast_decl *decl;
    item *items;
    int nitems;
    const char **deps; /* indicators: let/const/fn read, transitively */
    int ndeps;
    bool matched;
} entity;

typedef struct side {
    catsrc src;
    entity *ents;
    int nents;
    /* with data */
    rt_program *prog;
    rt_exec *exec;
    rt_arena *res_arena;
    rt_result res;
    struct vrow *rows; /* res.rows keyed, sorted by (indicator, key) */
} side;

/* Renders into the side's arena: open, write, then take. */
static const char *sb_take(strbuf *b, rt_arena *a)
{
    fclose(b->f);
    const char *s = rt_arena_strdup(a, b->s ? b->s : "");
    free(b->s);
    return s;
}

static void exprs(FILE *out, ast_expr *const *v, int n, const char *sep)
{
    for (int i = 0; i < n; i++) {
        fputs(i ? sep : "", out);
        print_expr(out, v[i]);
    }
}

static bool is_meta(clause_kind k)
{
    return k == CL_TITLE || k == CL_DEFINITION || k == CL_NOTE ||
           k == CL_SOURCE || k == CL_DOMAIN || k == CL_PERIODICITY;
}

static int cmp_lang(const void *a, const void *b)
{
    const ast_clause *x = *(const ast_clause *const *)a;
    const ast_clause *y = *(const ast_clause *const *)b;
    if (!x->lang || !y->lang)
        return (x->lang != NULL) - (y->lang != NULL);
    return strcmp(x->lang, y->lang);
}

static void add_item(rt_arena *a, entity *e, size_t *cap, const char *key,
                     const char *text, bool meta)
{
    rt_grow((void **)&e->items, cap, (size_t)e->nitems + 1, sizeof *e->items);
    e->items[e->nitems++] = (item){key, text, meta};
}

/* The clauses in keyword order (clauses.def), each language after the
 * plain one, so that both sides list them alike. */
static void clause_items(rt_arena *a, entity *e, size_t *cap)
{
    const ast_decl *d = e->decl;
    const ast_clause **v = rt_xcalloc((size_t)d->nclauses + 1, sizeof *v);
    for (int k = 0; k < CL__COUNT; k++) {
        int n = 0;
        for (int i = 0; i < d->nclauses; i++)
            if ((int)d->clauses[i].kind == k)
                v[n++] = &d->clauses[i];
        qsort(v, (size_t)n, sizeof *v, cmp_lang);
        for (int i = 0; i < n; i++) {
            const char *kw = ast_clause_keyword(v[i]->kind);
            const char *key = kw;
            if (v[i]->lang) {
                char *s =
                    rt_arena_alloc(a, strlen(kw) + strlen(v[i]->lang) + 2);
                sprintf(s, "%s@%s", kw, v[i]->lang);
                key = s;
            }
            strbuf b;
            print_clause_body(strbuf_open(&b), v[i]);
            add_item(a, e, cap, key, sb_take(&b, a), is_meta(v[i]->kind));
        }
    }
    free(v);
}

/* `int in 0..120 missing ("", ".")`, as the column is declared. */
static void column_body(FILE *out, const ast_column *c)
{
    fputs(c->type ? c->type : "", out);
    if (c->nallowed) {
        fputs(" in (", out);
        exprs(out, c->allowed, c->nallowed, ", ");
        fputc(')', out);
    }
    if (c->lo && c->hi) {
        fputs(" in ", out);
        print_expr(out, c->lo);
        fputs("..", out);
        print_expr(out, c->hi);
    }
    if (c->nmissing) {
        fputs(" missing (", out);
        exprs(out, c->missing, c->nmissing, ", ");
        fputc(')', out);
    }
}

static void dataset_items(rt_arena *a, entity *e, size_t *cap)
{
    const ast_decl *d = e->decl;
    if (d->period)
        add_item(a, e, cap, "period", d->period, false);
    if (d->weight) {
        char *w = rt_arena_alloc(a, strlen(d->weight) + 16);
        sprintf(w, "%s%s", d->weight,
                d->weight_negative ? " allow negative" : "");
        add_item(a, e, cap, "weight", w, false);
    }
    for (int i = 0; i < d->ncolumns; i++) {
        const ast_column *c = &d->columns[i];
        char *key = rt_arena_alloc(a, strlen(c->name) + 8);
        sprintf(key, "column %s", c->name);
        strbuf b;
        column_body(strbuf_open(&b), c);
        add_item(a, e, cap, key, sb_take(&b, a), false);
    }
}

static void definition_item(rt_arena *a, entity *e, size_t *cap)
{
    const ast_decl *d = e->decl;
    strbuf b;
    FILE *f = strbuf_open(&b);
    if (d->kind == DECL_FN) {
        fputc('(', f);
        for (int i = 0; i < d->nparams; i++) {
            fputs(i ? ", " : "", f);
            print_name(f, d->params[i].name);
            if (d->params[i].def) {
                fputs(" = ", f);
                print_expr(f, d->params[i].def);
            }
        }
        fputs(") = ", f);
    }
    if (d->expr)
        print_expr(f, d->expr);
    add_item(a, e, cap, "=", sb_take(&b, a), false);
}

/* ---- what indicators read ---- */

static const ast_decl *find_def(const ast_program *p, const char *name)
{
    for (int i = 0; i < p->ndecls; i++) {
        const ast_decl *x = p->decls[i];
        if ((x->kind == DECL_LET || x->kind == DECL_CONST ||
             x->kind == DECL_FN) &&
            strcmp(x->name, name) == 0)
            return x;
    }
    return NULL;
}

typedef struct deps {
    const ast_program *p;
    const char **names;
    int n;
    size_t cap;
} deps;

static void deps_expr(deps *d, const ast_expr *e, const ast_decl *scope);

static void deps_name(deps *d, const char *name, const ast_decl *scope)
{
    for (int i = 0; scope && i < scope->nparams; i++)
        if (strcmp(scope->params[i].name, name) == 0)
            return;
    const ast_decl *x = find_def(d->p, name);
    if (!x)
        return;
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->names[i], name) == 0)
            return;
    rt_grow((void **)&d->names, &d->cap, (size_t)d->n + 1, sizeof *d->names);
    d->names[d->n++] = x->name;
    for (int i = 0; i < x->nparams; i++)
        deps_expr(d, x->params[i].def, NULL);
    deps_expr(d, x->expr, x->kind == DECL_FN ? x : NULL);
}

/* Every let, const and fn e reads; scope is the fn whose body e is. */
static void deps_expr(deps *d, const ast_expr *e, const ast_decl *scope)
{
    if (!e)
        return;
    if ((e->kind == AST_NAME && !e->qual) || e->kind == AST_CALL)
        deps_name(d, e->str, scope);
    const ast_expr *kids[256];
    int n = ast_children(e, kids, 256);
    for (int i = 0; i < n; i++)
        deps_expr(d, kids[i], scope);
}

static void indicator_deps(entity *e, const ast_program *p)
{
    deps d = {.p = p};
    const ast_decl *x = e->decl;
    for (int j = 0; j < x->nclauses; j++) {
        const ast_clause *c = &x->clauses[j];
        deps_expr(&d, c->expr, NULL);
        deps_expr(&d, c->year, NULL);
        for (int k = 0; k < c->nitems; k++)
            deps_expr(&d, c->items[k], NULL);
        for (int k = 0; k < c->nbands; k++)
            deps_expr(&d, c->bands[k].bound, NULL);
    }
    e->deps = d.names;
    e->ndeps = d.n;
}

/* ---- building a side ---- */

/* Declarations of an embedded module (`use laeken`): the same on both
 * sides whenever both use it, so never reported one by one. */
static bool from_module(const ast_program *p, const ast_decl *d)
{
    const char *path = d->at.file ? d->at.file->path : NULL;
    if (!path || strncmp(path, "stdlib/", 7) != 0)
        return false;
    for (int i = 0; i < p->ndecls; i++) {
        const ast_decl *u = p->decls[i];
        size_t n = strlen(u->name ? u->name : "");
        if (u->kind == DECL_USE && !u->use_is_path &&
            strncmp(path + 7, u->name, n) == 0 &&
            strcmp(path + 7 + n, ".si") == 0)
            return true;
    }
    return false;
}

static bool to_kind(const ast_decl *d, ent_kind *k)
{
    switch (d->kind) {
    case DECL_INDICATOR: *k = ENT_INDICATOR; return true;
    case DECL_LET: *k = ENT_LET; return true;
    case DECL_CONST: *k = ENT_CONST; return true;
    case DECL_FN: *k = ENT_FN; return true;
    case DECL_DATASET: *k = ENT_DATASET; return true;
    case DECL_POLICY: *k = ENT_POLICY; return true;
    case DECL_USE: *k = ENT_USE; return !d->use_is_path;
    case DECL_TEST: return false; /* tests are not part of what changes */
    }
    return false;
}

static void build_side(side *s)
{
    const ast_program *p = s->src.prog;
    rt_arena *a = s->src.arena;
    s->ents = rt_xcalloc((size_t)p->ndecls + 1, sizeof *s->ents);
    for (int i = 0; i < p->ndecls; i++) {
        const ast_decl *d = p->decls[i];
        ent_kind k;
        if (!to_kind(d, &k) || from_module(p, d))
            continue;
        entity *e = &s->ents[s->nents++];
        *e = (entity){.kind = k, .name = d->name ? d->name : "", .decl = d};
        size_t cap = 0;
        if (k == ENT_INDICATOR || k == ENT_POLICY)
            clause_items(a, e, &cap);
        else if (k == ENT_DATASET)
            dataset_items(a, e, &cap);
        else if (k != ENT_USE)
            definition_item(a, e, &cap);
        if (k == ENT_INDICATOR)
            indicator_deps(e, p);
    }
}

static void free_side(side *s)
{
    for (int i = 0; i < s->nents; i++) {
        free(s->ents[i].items);
        free(s->ents[i].deps);
    }
    free(s->ents);
    free(s->rows);
    if (s->exec)
        rt_exec_free(s->exec);
    check_free(s->prog);
    if (s->res_arena)
        rt_arena_free(s->res_arena);
    catsrc_free(&s->src);
}

/* ---- comparing ---- */

typedef enum { CH_ADDED, CH_REMOVED, CH_RENAMED, CH_CHANGED } ch_kind;

typedef struct change {
    ch_kind kind;
    const entity *old, *new;
    const char **through; /* changed definitions it reads */
    int nthrough;
} change;

typedef struct cmp {
    side *old, *new;
    change *ch;
    int nch;
    size_t cap;
    const char **changed_defs; /* let/const/fn names changed, added or
                                  removed */
    int ndefs;
    size_t capdefs;
} cmp;

static const char *item_text(const entity *e, const char *key)
{
    for (int i = 0; e && i < e->nitems; i++)
        if (strcmp(e->items[i].key, key) == 0)
            return e->items[i].text;
    return NULL;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether every item (or every non-metadata item) of a and b agree. */
static bool same_items(const entity *a, const entity *b, bool meta_too)
{
    for (int i = 0; i < a->nitems; i++)
        if ((meta_too || !a->items[i].meta) &&
            !same_text(a->items[i].text, item_text(b, a->items[i].key)))
            return false;
    for (int i = 0; i < b->nitems; i++)
        if ((meta_too || !b->items[i].meta) && !item_text(a, b->items[i].key))
            return false;
    return true;
}

static entity *find_ent(side *s, ent_kind k, const char *name)
{
    for (int i = 0; i < s->nents; i++)
        if (s->ents[i].kind == k && strcmp(s->ents[i].name, name) == 0)
            return &s->ents[i];
    return NULL;
}

static void add_change(cmp *c, ch_kind k, const entity *o, const entity *n)
{
    rt_grow((void **)&c->ch, &c->cap, (size_t)c->nch + 1, sizeof *c->ch);
    c->ch[c->nch++] = (change){.kind = k, .old = o, .new = n};
}

static bool is_def(ent_kind k)
{
    return k == ENT_LET || k == ENT_CONST || k == ENT_FN;
}

static void note_def(cmp *c, const char *name)
{
    rt_grow((void **)&c->changed_defs, &c->capdefs, (size_t)c->ndefs + 1,
            sizeof *c->changed_defs);
    c->changed_defs[c->ndefs++] = name;
}

/* Pairs declarations by kind and name. */
static void pair_by_name(cmp *c)
{
    for (int i = 0; i < c->new->nents; i++) {
        entity *n = &c->new->ents[i];
        entity *o = find_ent(c->old, n->kind, n->name);
        if (!o || o->matched)
            continue;
        o->matched = n->matched = true;
        if (!same_items(o, n, true)) {
            add_change(c, CH_CHANGED, o, n);
            if (is_def(n->kind))
                note_def(c, n->name);
        } else if (n->kind == ENT_INDICATOR) {
            add_change(c, CH_CHANGED, o, n); /* kept if it reads a change */
        }
    }
}

/* The one unmatched indicator of s whose definition equals e's, or NULL
 * when none or several do. */
static entity *unique_twin(side *s, const entity *e, bool meta_too)
{
    entity *found = NULL;
    for (int i = 0; i < s->nents; i++) {
        entity *x = &s->ents[i];
        if (x->kind != ENT_INDICATOR || x->matched ||
            !same_items(e, x, meta_too))
            continue;
        if (found)
            return NULL;
        found = x;
    }
    return found;
}

/* Renamed: a removed indicator and an added one with the same clauses;
 * first exact twins, then twins in everything but metadata. */
static void pair_renames(cmp *c)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < c->old->nents; i++) {
            entity *o = &c->old->ents[i];
            if (o->kind != ENT_INDICATOR || o->matched)
                continue;
            entity *n = unique_twin(c->new, o, pass == 0);
            if (!n || unique_twin(c->old, n, pass == 0) != o)
                continue;
            o->matched = n->matched = true;
            add_change(c, CH_RENAMED, o, n);
        }
}

static void pair_rest(cmp *c)
{
    for (int i = 0; i < c->new->nents; i++)
        if (!c->new->ents[i].matched) {
            add_change(c, CH_ADDED, NULL, &c->new->ents[i]);
            if (is_def(c->new->ents[i].kind))
                note_def(c, c->new->ents[i].name);
        }
    for (int i = 0; i < c->old->nents; i++)
        if (!c->old->ents[i].matched) {
            add_change(c, CH_REMOVED, &c->old->ents[i], NULL);
            if (is_def(c->old->ents[i].kind))
                note_def(c, c->old->ents[i].name);
        }
}

static bool reads(const entity *e, const char *name)
{
    for (int i = 0; e && i < e->ndeps; i++)
        if (strcmp(e->deps[i], name) == 0)
            return true;
    return false;
}

/* Marks each indicator with the changed definitions it reads (on either
 * side), and drops the unchanged ones. */
static void propagate(cmp *c)
{
    int kept = 0;
    for (int i = 0; i < c->nch; i++) {
        change *ch = &c->ch[i];
        if (ch->kind == CH_CHANGED || ch->kind == CH_RENAMED) {
            const entity *e = ch->new ? ch->new : ch->old;
            if (e->kind == ENT_INDICATOR) {
                ch->through = rt_xcalloc((size_t)c->ndefs + 1, sizeof(char *));
                for (int k = 0; k < c->ndefs; k++)
                    if (reads(ch->old, c->changed_defs[k]) ||
                        reads(ch->new, c->changed_defs[k]))
                        ch->through[ch->nthrough++] = c->changed_defs[k];
            }
            if (ch->kind == CH_CHANGED && ch->nthrough == 0 &&
                same_items(ch->old, ch->new, true)) {
                free(ch->through);
                continue;
            }
        }
        c->ch[kept++] = *ch;
    }
    c->nch = kept;
}

static void compare(cmp *c)
{
    pair_by_name(c);
    pair_renames(c);
    pair_rest(c);
    propagate(c);
}

/* ---- values ---- */

typedef struct vrow {
    const char *ind;
    char *key;   /* "dim=value\x1f..." of the dims broken down, sorted */
    char *label; /* "Pirot × F 2022", "total 2022" */
    const rt_outrow *row;
    size_t order;
} vrow;

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

static void index_rows(side *s)
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

static void free_rows(side *s)
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

/* One group whose value or status differs. */
typedef struct vchange {
    const vrow *o, *n; /* either may be NULL: the group (dis)appeared */
    double delta;
} vchange;

typedef struct vdiff {
    const char *id, *old_id;
    size_t ngroups;
    vchange *values; /* both present, value differs (numbers or not) */
    size_t nvalues;
    vchange *status;
    size_t nstatus;
    size_t parts; /* same value, other numerator or denominator */
    size_t appeared, gone;
    const vrow *first_appeared, *first_gone;
} vdiff;

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

static void diff_values(const side *o, const side *n, const char *old_id,
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
    return v->nvalues || v->nstatus || v->parts || v->appeared || v->gone;
}

/* ---- output ---- */

typedef struct rep {
    FILE *f;
    bool md;
    int top;
    const char *old_label, *new_label;
    const char *const *data;
    int ndata;
} rep;

/* A number for reading: 2 decimals from 1 up, 4 significant digits
 * below (as the table format); a typographic minus. */
static void readable(char *buf, size_t size, double v)
{
    char tmp[64];
    double a = fabs(v);
    if (a == 0 || a >= 1e15)
        rt_fmt_number(tmp, sizeof tmp, a);
    else if (a < 1)
        snprintf(tmp, sizeof tmp, "%.4g", a);
    else {
        snprintf(tmp, sizeof tmp, "%.2f", a);
        size_t n = strlen(tmp);
        while (tmp[n - 1] == '0')
            tmp[--n] = '\0';
        if (tmp[n - 1] == '.')
            tmp[--n] = '\0';
    }
    snprintf(buf, size, "%s%s", v < 0 && strcmp(tmp, "0") ? "−" : "", tmp);
}

static void value_text(char *buf, size_t size, const rt_outrow *r)
{
    if (!r->has_value) {
        snprintf(buf, size, "(none%s%s)", *r->flags ? ": " : "", r->flags);
        return;
    }
    readable(buf, size, r->value);
}

static void delta_text(char *buf, size_t size, const vchange *c)
{
    if (!(c->o->row->has_value && c->n->row->has_value)) {
        snprintf(buf, size, "%s", "");
        return;
    }
    char d[64];
    readable(d, sizeof d, c->delta);
    snprintf(buf, size, "%s%s", c->delta > 0 ? "+" : "", d);
}

/* Inline code in Markdown: a fence longer than any backtick run inside;
 * '|' escaped for tables. */
static void md_code(FILE *f, const char *s)
{
    int longest = 0, run = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    size_t n = strlen(s);
    bool pad = n && (s[0] == '`' || s[n - 1] == '`');
    for (int i = 0; i <= longest; i++)
        fputc('`', f);
    fputs(pad ? " " : "", f);
    for (const char *p = s; *p; p++) {
        if (*p == '|')
            fputc('\\', f);
        fputc(*p == '\n' ? ' ' : *p, f);
    }
    fputs(pad ? " " : "", f);
    for (int i = 0; i <= longest; i++)
        fputc('`', f);
}

/* Plain text in Markdown, the characters that start markup escaped. */
static void md_text(FILE *f, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (strchr("\\`*_[]|#<>~", *p))
            fputc('\\', f);
        fputc(*p == '\n' ? ' ' : *p, f);
    }
}

static void name_out(const rep *o, const char *s)
{
    if (o->md)
        md_code(o->f, s);
    else
        fputs(s, o->f);
}

static const char *title_of(const entity *e)
{
    if (!e || e->kind != ENT_INDICATOR)
        return NULL;
    for (int i = 0; i < e->decl->nclauses; i++)
        if (e->decl->clauses[i].kind == CL_TITLE && !e->decl->clauses[i].lang)
            return e->decl->clauses[i].text;
    return NULL;
}

/* "indicators: 1 added, 2 changed; other declarations: 1 changed;
 * values: 3 indicators changed", or "no changes". */
static void summary(const rep *o, const cmp *c, int nvalue_inds)
{
    static const char *const words[] = {"added", "removed", "renamed",
                                        "changed"};
    int n[2][4] = {{0}};
    for (int i = 0; i < c->nch; i++) {
        const entity *e = c->ch[i].new ? c->ch[i].new : c->ch[i].old;
        n[e->kind != ENT_INDICATOR][c->ch[i].kind]++;
    }
    strbuf b;
    FILE *f = strbuf_open(&b);
    const char *part = "";
    for (int defs = 0; defs < 2; defs++) {
        const char *sep = defs ? "other declarations: " : "indicators: ";
        for (int k = 0; k < 4; k++)
            if (n[defs][k]) {
                fprintf(f, "%s%s%d %s", part, sep, n[defs][k], words[k]);
                sep = ", ";
                part = "";
            }
        if (strcmp(sep, ", ") == 0)
            part = "; ";
    }
    if (nvalue_inds)
        fprintf(f, "%svalues: %d indicator%s changed", part, nvalue_inds,
                nvalue_inds == 1 ? "" : "s");
    else if (!c->nch)
        fputs("no changes", f);
    fclose(f);
    if (o->md) {
        fputs("**", o->f);
        md_text(o->f, b.s);
        fputs("**\n\n", o->f);
    } else {
        fprintf(o->f, "%s\n", b.s);
    }
    free(b.s);
}

static void header(const rep *o)
{
    if (o->md) {
        fputs("### sicalc diff: ", o->f);
        md_code(o->f, o->old_label);
        fputs(" → ", o->f);
        md_code(o->f, o->new_label);
        fputs("\n\n", o->f);
    } else {
        fprintf(o->f, "sicalc diff: %s → %s\n", o->old_label, o->new_label);
    }
}

/* `kind name "title"` (old → new for a rename) as a heading line. */
static void ent_heading(const rep *o, const change *ch)
{
    static const char *const verbs[] = {"added", "removed", "renamed",
                                        "changed"};
    const entity *e = ch->new ? ch->new : ch->old;
    const char *title = title_of(e);
    if (o->md) {
        if (e->kind != ENT_INDICATOR)
            fprintf(o->f, "%s ", ent_words[e->kind]);
        if (e->kind != ENT_POLICY) {
            fputs("**", o->f);
            if (ch->kind == CH_RENAMED) {
                md_code(o->f, ch->old->name);
                fputs(" → ", o->f);
            }
            md_code(o->f, e->name);
            fputs("**", o->f);
        }
        if (title) {
            fputs(" — ", o->f);
            md_text(o->f, title);
        }
        fputs("\n\n", o->f);
        return;
    }
    fprintf(o->f, "\n%s %s", verbs[ch->kind], ent_words[e->kind]);
    if (e->kind != ENT_POLICY) {
        if (ch->kind == CH_RENAMED)
            fprintf(o->f, " %s →", ch->old->name);
        fprintf(o->f, " %s", e->name);
    }
    if (title)
        fprintf(o->f, "  %s", title);
    fputc('\n', o->f);
}

static const char *shown_key(const entity *e, const char *key)
{
    if (strcmp(key, "=") == 0)
        return "definition";
    return key;
}

/* The items that differ, old and new side by side (a table in
 * Markdown). */
static void item_rows(const rep *o, const entity *a, const entity *b)
{
    bool any = false;
    const entity *sides[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        const entity *e = sides[s];
        for (int i = 0; e && i < e->nitems; i++) {
            const char *key = e->items[i].key;
            if (s == 1 && item_text(a, key))
                continue;
            const char *x = item_text(a, key), *y = item_text(b, key);
            if (same_text(x, y))
                continue;
            if (o->md) {
                if (!any)
                    fputs("| | old | new |\n| --- | --- | --- |\n", o->f);
                fputs("| ", o->f);
                md_text(o->f, shown_key(e, key));
                fputs(" | ", o->f);
                if (x)
                    md_code(o->f, x);
                else
                    fputs("*(none)*", o->f);
                fputs(" | ", o->f);
                if (y)
                    md_code(o->f, y);
                else
                    fputs("*(none)*", o->f);
                fputs(" |\n", o->f);
            } else {
                const char *ind = strcmp(key, "=") ? "    " : "  ";
                if (*ind == ' ' && strcmp(key, "=") != 0)
                    fprintf(o->f, "  %s\n", shown_key(e, key));
                fprintf(o->f, "%sold  %s\n%snew  %s\n", ind, x ? x : "(none)",
                        ind, y ? y : "(none)");
            }
            any = true;
        }
    }
    if (any && o->md)
        fputc('\n', o->f);
}

/* An added indicator's computation (its non-metadata clauses and its
 * title), or any other added declaration's items. */
static void item_list(const rep *o, const entity *e)
{
    bool any = false;
    for (int i = 0; i < e->nitems; i++) {
        const item *it = &e->items[i];
        if (e->kind == ENT_INDICATOR && it->meta)
            continue;
        if (o->md) {
            if (!any)
                fputs("| | definition |\n| --- | --- |\n", o->f);
            fputs("| ", o->f);
            md_text(o->f, shown_key(e, it->key));
            fputs(" | ", o->f);
            md_code(o->f, it->text);
            fputs(" |\n", o->f);
        } else {
            fprintf(o->f, "  %-12s %s\n", shown_key(e, it->key), it->text);
        }
        any = true;
    }
    if (any && o->md)
        fputc('\n', o->f);
}

/* "let", "const" or "fn": what the changed definition name is. */
static const char *def_word(const cmp *c, const char *name)
{
    const side *sides[] = {c->new, c->old};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < sides[s]->nents; i++)
            if (is_def(sides[s]->ents[i].kind) &&
                strcmp(sides[s]->ents[i].name, name) == 0)
                return ent_words[sides[s]->ents[i].kind];
    return "";
}

static void through(const rep *o, const cmp *c, const change *ch)
{
    if (!ch->nthrough)
        return;
    fputs(o->md ? "Changed through " : "  through ", o->f);
    for (int i = 0; i < ch->nthrough; i++) {
        fprintf(o->f, "%s%s ", i ? ", " : "", def_word(c, ch->through[i]));
        name_out(o, ch->through[i]);
    }
    fputs(o->md ? ".\n\n" : "\n", o->f);
}

static void used_by(const rep *o, const cmp *c, const change *ch)
{
    const entity *e = ch->new ? ch->new : ch->old;
    if (!is_def(e->kind))
        return;
    int n = 0;
    for (int i = 0; i < c->nch; i++)
        for (int k = 0; k < c->ch[i].nthrough; k++)
            if (strcmp(c->ch[i].through[k], e->name) == 0) {
                const entity *u = c->ch[i].new ? c->ch[i].new : c->ch[i].old;
                fputs(n++ ? ", " : (o->md ? "Used by " : "  used by "), o->f);
                name_out(o, u->name);
            }
    if (n)
        fputs(o->md ? ".\n\n" : "\n", o->f);
}

static void print_change(const rep *o, const cmp *c, const change *ch)
{
    ent_heading(o, ch);
    if (ch->kind == CH_ADDED)
        item_list(o, ch->new);
    else if (ch->kind != CH_REMOVED)
        item_rows(o, ch->old, ch->new);
    through(o, c, ch);
    used_by(o, c, ch);
}

static void section(const rep *o, const char *title)
{
    if (o->md)
        fprintf(o->f, "#### %s\n\n", title);
}

static void print_changes(const rep *o, const cmp *c)
{
    static const char *const titles[] = {"Added", "Removed", "Renamed",
                                         "Changed"};
    for (int defs = 0; defs < 2; defs++)
        for (int k = 0; k < 4; k++) {
            bool first = true;
            for (int i = 0; i < c->nch; i++) {
                const change *ch = &c->ch[i];
                const entity *e = ch->new ? ch->new : ch->old;
                if ((int)ch->kind != k || (e->kind != ENT_INDICATOR) != defs)
                    continue;
                if (first) {
                    char t[64];
                    snprintf(t, sizeof t, "%s %s", titles[k],
                             defs ? "declarations" : "indicators");
                    section(o, t);
                }
                first = false;
                print_change(o, c, ch);
            }
        }
}

static void group_line(const rep *o, const vchange *c)
{
    char a[96], b[96], d[96];
    value_text(a, sizeof a, c->o->row);
    value_text(b, sizeof b, c->n->row);
    delta_text(d, sizeof d, c);
    if (strcmp(a, b) == 0 && c->o->row->has_value) {
        /* equal once rounded for reading: show them exactly */
        rt_fmt_number(a, sizeof a, c->o->row->value);
        rt_fmt_number(b, sizeof b, c->n->row->value);
    }
    if (o->md) {
        fputs("| ", o->f);
        md_text(o->f, c->n->label);
        fprintf(o->f, " | %s | %s | %s |\n", a, b, d);
    } else {
        fprintf(o->f, "    %s: %s → %s%s%s%s\n", c->n->label, a, b,
                *d ? " (" : "", d, *d ? ")" : "");
    }
}

static void status_line(const rep *o, const vchange *c)
{
    const char *a = *c->o->row->status ? c->o->row->status : "(none)";
    const char *b = *c->n->row->status ? c->n->row->status : "(none)";
    if (o->md) {
        fputs("| ", o->f);
        md_text(o->f, c->n->label);
        fprintf(o->f, " | %s | %s |\n", a, b);
    } else {
        fprintf(o->f, "    %s: %s → %s\n", c->n->label, a, b);
    }
}

static void more_line(const rep *o, size_t more)
{
    if (!more)
        return;
    if (o->md)
        fprintf(o->f, "\n… and %zu more\n", more);
    else
        fprintf(o->f, "    … and %zu more\n", more);
}

static void vdiff_summary(const rep *o, const vdiff *v)
{
    strbuf b;
    FILE *f = strbuf_open(&b);
    const char *sep = "";
    if (v->nvalues) {
        fprintf(f, "%zu of %zu group%s changed value", v->nvalues, v->ngroups,
                v->ngroups == 1 ? "" : "s");
        sep = ", ";
    }
    if (v->parts) {
        fprintf(f,
                "%s%zu %s the same value from another numerator or "
                "denominator",
                sep, v->parts, v->parts == 1 ? "keeps" : "keep");
        sep = ", ";
    }
    if (v->nstatus) {
        fprintf(f, "%s%zu changed status", sep, v->nstatus);
        sep = ", ";
    }
    if (v->appeared) {
        fprintf(f, "%s%zu new group%s (%s%s)", sep, v->appeared,
                v->appeared == 1 ? "" : "s", v->first_appeared->label,
                v->appeared > 1 ? ", …" : "");
        sep = ", ";
    }
    if (v->gone)
        fprintf(f, "%s%zu group%s gone (%s%s)", sep, v->gone,
                v->gone == 1 ? "" : "s", v->first_gone->label,
                v->gone > 1 ? ", …" : "");
    fclose(f);
    if (o->md) {
        fputs("**", o->f);
        if (strcmp(v->id, v->old_id) != 0) {
            md_code(o->f, v->old_id);
            fputs(" → ", o->f);
        }
        md_code(o->f, v->id);
        fputs("**: ", o->f);
        md_text(o->f, b.s);
        fputs("\n\n", o->f);
    } else {
        fprintf(o->f, "  %s%s%s: %s\n",
                strcmp(v->id, v->old_id) ? v->old_id : "",
                strcmp(v->id, v->old_id) ? " → " : "", v->id, b.s);
    }
    free(b.s);
}

static void print_vdiff(const rep *o, const vdiff *v)
{
    vdiff_summary(o, v);
    size_t n = v->nvalues < (size_t)o->top ? v->nvalues : (size_t)o->top;
    if (n && o->md)
        fputs("| group | old | new | change |\n| --- | ---: | ---: | ---: |\n",
              o->f);
    for (size_t i = 0; i < n; i++)
        group_line(o, &v->values[i]);
    more_line(o, v->nvalues - n);
    if (n && o->md)
        fputc('\n', o->f);
    size_t m = v->nstatus < (size_t)o->top ? v->nstatus : (size_t)o->top;
    if (m && o->md)
        fputs("| group | old status | new status |\n| --- | --- | --- |\n",
              o->f);
    else if (m)
        fputs("    status:\n", o->f);
    for (size_t i = 0; i < m; i++) {
        if (!o->md)
            fputs("  ", o->f);
        status_line(o, &v->status[i]);
    }
    more_line(o, v->nstatus - m);
    if (m && o->md)
        fputc('\n', o->f);
}

static void values_heading(const rep *o)
{
    if (o->md) {
        fputs("#### Values (", o->f);
        for (int i = 0; i < o->ndata && o->ndata <= 3; i++) {
            fputs(i ? ", " : "", o->f);
            md_code(o->f, o->data[i]);
        }
        if (o->ndata > 3)
            fprintf(o->f, "%d data files", o->ndata);
        fputs(")\n\n", o->f);
        return;
    }
    fputs("\nvalues over", o->f);
    for (int i = 0; i < o->ndata && o->ndata <= 3; i++)
        fprintf(o->f, " %s", o->data[i]);
    if (o->ndata > 3)
        fprintf(o->f, " %d data files", o->ndata);
    fputc('\n', o->f);
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
    return find_ent(c->old, ENT_INDICATOR, e->name) ? e->name : NULL;
}

/* Compares the values of every indicator on both sides; prints them
 * when print, and returns how many indicators' values changed. */
static int values(const rep *o, const cmp *c, bool print)
{
    int changed = 0;
    for (int i = 0; i < c->new->nents; i++) {
        const entity *e = &c->new->ents[i];
        if (e->kind != ENT_INDICATOR)
            continue;
        const char *old_id = old_id_of(c, e);
        if (!old_id)
            continue;
        vdiff v;
        diff_values(c->old, c->new, old_id, e->name, &v);
        if (vdiff_any(&v)) {
            if (print && !changed)
                values_heading(o);
            if (print)
                print_vdiff(o, &v);
            changed++;
        }
        free(v.values);
        free(v.status);
    }
    return changed;
}

/* ---- command line ---- */

typedef struct options {
    const char *old, *new;
    const char **data;
    int ndata;
    bool md;
    int top;
    char delimiter, decimal;
    bool lenient;
    const char *period;
} options;

static void usage(FILE *f)
{
    fputs("usage: sicalc diff OLD NEW [DATA.csv...] [--format text|md] "
          "[--top N]\n"
          "                [--delimiter C] [--decimal C] [--lenient] "
          "[--period COLUMN]\n"
          "  OLD and NEW: a .si file, a folder (every .si file under it), "
          "a git\n"
          "  revision (HEAD~1, main: the same files as the other side, "
          "else every\n"
          "  .si file under the current folder) or REV:PATH\n"
          "exit status: 0 nothing changed, 1 something changed, 2 usage, "
          "compile\n"
          "or data error\n",
          f);
}

static int bad_usage(const char *fmt, const char *arg)
{
    fputs("sicalc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    usage(stderr);
    return EXIT_USAGE;
}

static int value_option(options *o, const char *name, const char *v)
{
    if (strcmp(name, "--format") == 0) {
        if (strcmp(v, "md") != 0 && strcmp(v, "text") != 0)
            return bad_usage("unknown format '%s' (text, md)", v);
        o->md = strcmp(v, "md") == 0;
    } else if (strcmp(name, "--top") == 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 1000)
            return bad_usage("--top takes a number from 1 to 1000, not '%s'",
                             v);
        o->top = (int)n;
    } else if (strcmp(name, "--delimiter") == 0) {
        if (!cli_char_option(v, &o->delimiter))
            return bad_usage("--delimiter takes one character, not '%s'", v);
    } else if (strcmp(name, "--decimal") == 0) {
        if (!cli_char_option(v, &o->decimal) ||
            (o->decimal != '.' && o->decimal != ','))
            return bad_usage("--decimal is '.' or ',', not '%s'", v);
    } else if (strcmp(name, "--period") == 0) {
        o->period = v;
    } else {
        return bad_usage("unknown option '%s'", name);
    }
    return 0;
}

static int parse_args(int argc, char **argv, options *o)
{
    o->data = rt_xcalloc((size_t)argc + 1, sizeof(char *));
    o->top = 5;
    o->decimal = '.';
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return -1;
        }
        if (strcmp(a, "--lenient") == 0) {
            o->lenient = true;
        } else if (a[0] == '-' && a[1]) {
            if (i + 1 >= argc)
                return bad_usage("option %s needs a value (or is unknown)", a);
            int rc = value_option(o, a, argv[++i]);
            if (rc)
                return rc;
        } else if (!o->old) {
            o->old = a;
        } else if (!o->new) {
            o->new = a;
        } else {
            o->data[o->ndata++] = a;
        }
    }
    if (!o->new)
        return bad_usage("%s", "diff needs OLD and NEW");
    return 0;
}

/* Compiles and runs one side over the data, indexing its rows. */
static int run_side(side *s, runner_data *in)
{
    rt_arena *ca = rt_arena_new();
    s->prog = runner_compile(ca, &s->src.diag, s->src.prog, in);
    rt_arena_free(ca);
    if (!s->prog) {
        fprintf(stderr,
                "sicalc: error: the catalogue of %s does not "
                "compile with this data\n",
                s->src.label);
        return EXIT_USAGE;
    }
    s->res_arena = rt_arena_new();
    if (runner_result(s->prog, in, s->res_arena, &s->res, &s->exec))
        return EXIT_USAGE;
    index_rows(s);
    return 0;
}

/* Compares two loaded sides and prints the report; the exit status. */
static int report(const rep *o, side *old, side *new, bool with_data)
{
    build_side(old);
    build_side(new);
    cmp c = {.old = old, .new = new};
    compare(&c);
    int nv = with_data ? values(o, &c, false) : 0;
    header(o);
    summary(o, &c, nv);
    print_changes(o, &c);
    if (nv)
        values(o, &c, true);
    for (int i = 0; i < c.nch; i++)
        free(c.ch[i].through);
    free(c.ch);
    free(c.changed_defs);
    return c.nch || nv ? EXIT_CHANGED : EXIT_SAME;
}

static int load_specs(const options *o, side *old, side *new)
{
    catsrc_spec so, sn;
    bool ok = catsrc_parse(&so, o->old);
    ok = catsrc_parse(&sn, o->new) && ok;
    int rc = EXIT_USAGE;
    if (ok) {
        catsrc_inherit_path(&so, &sn);
        catsrc_inherit_path(&sn, &so);
        rc = catsrc_load(&old->src, &so);
        int rn = catsrc_load(&new->src, &sn);
        rc = rc ? rc : rn;
    }
    catsrc_spec_free(&so);
    catsrc_spec_free(&sn);
    return rc;
}

int diff_main(int argc, char **argv)
{
    options o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        free(o.data);
        return rc < 0 ? 0 : rc;
    }
    side old = {0}, new = {0};
    runner_data in = {
        .decimal = o.decimal, .lenient = o.lenient, .period = o.period};
    rc = load_specs(&o, &old, &new);
    if (rc == 0 && o.ndata) {
        rc = runner_open(&in, o.data, o.ndata, o.delimiter) ? EXIT_USAGE : 0;
        if (rc == 0)
            rc = run_side(&old, &in);
        if (rc == 0)
            rc = run_side(&new, &in);
    }
    if (rc == 0) {
        rep w = {.f = stdout,
                 .md = o.md,
                 .top = o.top,
                 .old_label = o.old,
                 .new_label = o.new,
                 .data = o.data,
                 .ndata = o.ndata};
        rc = report(&w, &old, &new, o.ndata > 0);
        if (fflush(stdout) != 0)
            rc = EXIT_USAGE;
    }
    free_rows(&old);
    free_rows(&new);
    runner_close(&in);
    free_side(&old);
    free_side(&new);
    free(o.data);
    return rc;
}

/* Git's external diff: `path old-file old-hex old-mode new-file new-hex
 * new-mode`. A side that does not load falls back to a line diff. */
int diff_driver_main(int argc, char **argv)
{
    if (argc == 2) { /* an unmerged path: git passes only its name */
        printf("* Unmerged path %s\n", argv[1]);
        return 0;
    }
    if (argc != 8) {
        fputs("usage: sicalc diff-driver PATH OLD-FILE OLD-HEX OLD-MODE "
              "NEW-FILE NEW-HEX NEW-MODE\n"
              "  git's external diff command (docs/REVIEW.md):\n"
              "  git config diff.sicalc.command 'sicalc diff-driver'\n",
              stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[1];
    char *la = rt_xmalloc(strlen(path) + 3), *lb = rt_xmalloc(strlen(path) + 3);
    sprintf(la, "a/%s", path);
    sprintf(lb, "b/%s", path);
    side old = {0}, new = {0};
    int rc = catsrc_load_as(&old.src, la, path, argv[2]);
    int rn = catsrc_load_as(&new.src, lb, path, argv[5]);
    fflush(stdout);
    if (rc == 0 && rn == 0) {
        rep w = {.f = stdout, .top = 5, .old_label = la, .new_label = lb};
        report(&w, &old, &new, false);
        fflush(stdout);
    } else {
        fprintf(stderr, "sicalc: %s: showing a line diff instead\n", path);
        fflush(stderr);
        const char *args[] = {"diff", "-u",    "--label", la,  "--label",
                              lb,     argv[2], argv[5],   NULL};
        pid_t pid = fork();
        if (pid == 0) {
            execvp("diff", (char *const *)args);
            _exit(127);
        }
        int st;
        if (pid > 0)
            waitpid(pid, &st, 0);
    }
    free_side(&old);
    free_side(&new);
    free(la);
    free(lb);
    return 0;
}
