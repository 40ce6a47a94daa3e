/* diff_catalogue.c — the catalogue side of `sicalc diff`: each declaration
 * in a canonical text per clause (as `sicalc fmt` prints it), paired by
 * name, then renames, then the indicators a changed let, const or fn
 * reaches (compiler/deps.h). */
#include "diff_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deps.h"
#include "print.h"
#include "strbuf.h"

const char *const diff_ent_words[] = {"indicator", "let",     "const",
                                      "fn",        "dataset", "policy",
                                      "use",       "domain",  "index"};

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
            FILE *f = strbuf_open(&b);
            if (v[i]->kind == CL_SE) /* a clause without a body */
                fputs("yes", f);
            print_clause_body(f, v[i]);
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

/* An index's method and its weights, one item each: `scale`, `area
 * economy` (its weight), `member economy.x` (its weight), so a changed
 * weight or a moved member reads as one line. */
static void index_items(rt_arena *a, entity *e, size_t *cap)
{
    const ast_index *x = e->decl->index;
    strbuf b;
    const char *words[][2] = {
        {"across", x->across},
        {"combine", x->combine ? x->combine : "mean"},
        {"missing", x->missing ? x->missing : "reweight"}};
    for (int i = 0; i < 3; i++)
        if (words[i][1])
            add_item(a, e, cap, words[i][0], words[i][1], false);
    FILE *f = strbuf_open(&b);
    fputs(x->scale ? x->scale : "minmax", f);
    if (x->has_range || !x->scale)
        fprintf(f, " %.17g..%.17g", x->has_range ? x->lo : 1,
                x->has_range ? x->hi : 100);
    if (x->ref)
        fprintf(f, x->ref_is_string ? " \"%s\"" : " %s", x->ref);
    add_item(a, e, cap, "scale", sb_take(&b, a), false);
    for (int i = 0; i < x->nareas; i++) {
        const ast_area *ar = &x->areas[i];
        char *key = rt_arena_alloc(a, strlen(ar->name) + 8);
        sprintf(key, "area %s", ar->name);
        f = strbuf_open(&b);
        fprintf(f, "weight %.17g", ar->weight < 0 ? 1 : ar->weight);
        add_item(a, e, cap, key, sb_take(&b, a), false);
        for (int k = 0; k < ar->nmembers; k++) {
            const ast_member *m = &ar->members[k];
            key = rt_arena_alloc(a, strlen(ar->name) + strlen(m->name) + 10);
            sprintf(key, "member %s", m->name);
            f = strbuf_open(&b);
            fprintf(f, "in %s, weight %.17g", ar->name,
                    m->weight < 0 ? 1 : m->weight);
            add_item(a, e, cap, key, sb_take(&b, a), false);
        }
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
    if (d->design) { /* the standard errors depend on it */
        const ast_design *g = d->design;
        strbuf b;
        FILE *f = strbuf_open(&b);
        const char *const words[] = {"strata", "cluster", "fpc", "lonely"};
        const char *const vals[] = {g->strata, g->cluster, g->fpc, g->lonely};
        for (int k = 0, n = 0; k < 4; k++)
            if (vals[k])
                fprintf(f, "%s%s %s", n++ ? "  " : "", words[k], vals[k]);
        add_item(a, e, cap, "design", sb_take(&b, a), false);
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

/* The lets, consts and fns indicator e reads (compiler/deps.h), by name. */
static void indicator_deps(entity *e, const ast_program *p)
{
    bool *used = rt_xcalloc((size_t)p->ndecls + 1, sizeof *used);
    deps_mark(p, e->decl, used);
    e->deps = rt_xcalloc((size_t)p->ndecls + 1, sizeof *e->deps);
    for (int i = 0; i < p->ndecls; i++)
        if (used[i])
            e->deps[e->ndeps++] = p->decls[i]->name;
    free(used);
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
    case DECL_DOMAIN: *k = ENT_DOMAIN; return true;
    case DECL_INDEX: *k = ENT_INDEX; return true;
    case DECL_TEST: return false; /* tests are not part of what changes */
    case DECL_HIERARCHY:
    case DECL_CODELIST: return false; /* geography, not indicators' values */
    }
    return false;
}

void diff_build_side(side *s)
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
        if (k == ENT_INDEX) {
            clause_items(a, e, &cap);
            index_items(a, e, &cap);
        } else if (k == ENT_INDICATOR || k == ENT_POLICY || k == ENT_DOMAIN)
            clause_items(a, e, &cap);
        else if (k == ENT_DATASET)
            dataset_items(a, e, &cap);
        else if (k != ENT_USE)
            definition_item(a, e, &cap);
        if (k == ENT_INDICATOR)
            indicator_deps(e, p);
    }
}

void diff_free_side(side *s)
{
    for (int i = 0; i < s->nents; i++) {
        free(s->ents[i].items);
        free(s->ents[i].deps);
    }
    free(s->ents);
    free(s->rows);
    if (s->exec)
        rt_exec_free(s->exec);
    compile_free(s->prog);
    if (s->res_arena)
        rt_arena_free(s->res_arena);
    catsrc_free(&s->src);
}

/* ---- comparing ---- */

const char *diff_item_text(const entity *e, const char *key)
{
    for (int i = 0; e && i < e->nitems; i++)
        if (strcmp(e->items[i].key, key) == 0)
            return e->items[i].text;
    return NULL;
}

bool diff_same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether every item (or every non-metadata item) of a and b agree. */
static bool same_items(const entity *a, const entity *b, bool meta_too)
{
    for (int i = 0; i < a->nitems; i++)
        if ((meta_too || !a->items[i].meta) &&
            !diff_same_text(a->items[i].text,
                            diff_item_text(b, a->items[i].key)))
            return false;
    for (int i = 0; i < b->nitems; i++)
        if ((meta_too || !b->items[i].meta) &&
            !diff_item_text(a, b->items[i].key))
            return false;
    return true;
}

entity *diff_find_ent(side *s, ent_kind k, const char *name)
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

bool diff_is_def(ent_kind k)
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
        entity *o = diff_find_ent(c->old, n->kind, n->name);
        if (!o || o->matched)
            continue;
        o->matched = n->matched = true;
        if (!same_items(o, n, true)) {
            add_change(c, CH_CHANGED, o, n);
            if (diff_is_def(n->kind))
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
            if (diff_is_def(c->new->ents[i].kind))
                note_def(c, c->new->ents[i].name);
        }
    for (int i = 0; i < c->old->nents; i++)
        if (!c->old->ents[i].matched) {
            add_change(c, CH_REMOVED, &c->old->ents[i], NULL);
            if (diff_is_def(c->old->ents[i].kind))
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

void diff_compare(cmp *c)
{
    pair_by_name(c);
    pair_renames(c);
    pair_rest(c);
    propagate(c);
}
