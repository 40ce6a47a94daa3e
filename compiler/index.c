/* index.c — composite indices (`index sdi { ... }`): checks each index
 * against the catalogue's indicators and lowers it into the program's
 * rt_index (runtime/index.c computes it from the finished rows). */
#include "index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

/* The indicator declaration called name, or NULL. */
static const ast_decl *find_indicator(const ast_program *prog, const char *name)
{
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if (d->kind == DECL_INDICATOR && d->name && strcmp(d->name, name) == 0)
            return d;
    }
    return NULL;
}

static void unknown_member(diag *d, const ast_program *prog,
                           const ast_member *m)
{
    const char **names = rt_xcalloc((size_t)prog->ndecls + 1, sizeof *names);
    int n = 0;
    for (int i = 0; i < prog->ndecls; i++)
        if (prog->decls[i]->kind == DECL_INDICATOR && prog->decls[i]->name)
            names[n++] = prog->decls[i]->name;
    const char *best = suggest_best(m->name, names, n);
    diag_error(d, m->at, "index member '%s' is no indicator%s%s%s", m->name,
               best ? " (did you mean '" : "", best ? best : "",
               best ? "'?)" : "");
    free(names);
}

/* Whether the indicator's `by` has `across` as an item of its own. */
static bool broken_down_by(const ast_decl *ind, const char *across)
{
    const ast_clause *by = ast_clause_find(ind, CL_BY, NULL);
    for (int i = 0; by && i < by->nitems; i++)
        if (by->items[i]->kind == AST_NAME && !by->items[i]->qual &&
            strcmp(by->items[i]->str, across) == 0)
            return true;
    return false;
}

/* A member: in the catalogue, with `better`, broken down by the units. */
static bool check_member(diag *d, const ast_program *prog, const ast_index *x,
                         const ast_member *m, bool *lower)
{
    const ast_decl *ind = find_indicator(prog, m->name);
    if (!ind) {
        unknown_member(d, prog, m);
        return false;
    }
    const ast_clause *better = ast_clause_find(ind, CL_BETTER, NULL);
    if (!better) {
        diag_error(d, m->at,
                   "index member '%s' declares no 'better': an index must "
                   "know which way is better (add 'better higher' or "
                   "'better lower' to the indicator)",
                   m->name);
        diag_note(d, ind->name_at, "'%s' declared here", m->name);
        return false;
    }
    *lower = better->text && strcmp(better->text, "lower") == 0;
    if (x->across && !broken_down_by(ind, x->across)) {
        diag_error(d, m->at,
                   "index member '%s' is not broken down by '%s' (its 'by' "
                   "has no item '%s')",
                   m->name, x->across, x->across);
        diag_note(d, ind->name_at, "'%s' declared here", m->name);
        return false;
    }
    if (m->weight == 0) {
        diag_error(d, m->weight_at, "a weight is a positive number");
        return false;
    }
    return true;
}

/* `scale minmax 1..100 | zscore | rank | ratio_to UNIT` */
static bool check_scale(diag *d, const ast_decl *decl, rt_index *ix)
{
    const ast_index *x = decl->index;
    ix->lo = 1;
    ix->hi = 100;
    if (!x->scale)
        return true;
    static const char *const kinds[] = {"minmax", "zscore", "rank", "ratio_to"};
    int k = 0;
    while (k < 4 && strcmp(kinds[k], x->scale) != 0)
        k++;
    if (k == 4) {
        const char *best = suggest_best(x->scale, kinds, 4);
        diag_error(d, x->scale_at,
                   "unknown scale '%s' (minmax LO..HI, zscore, rank or "
                   "ratio_to UNIT)%s%s%s",
                   x->scale, best ? "; did you mean '" : "", best ? best : "",
                   best ? "'?" : "");
        return false;
    }
    ix->scale = (rt_scale)k;
    if (x->has_range && ix->scale != RT_SCALE_MINMAX &&
        ix->scale != RT_SCALE_RANK) {
        diag_error(d, x->scale_at,
                   "only minmax and rank take a range "
                   "LO..HI");
        return false;
    }
    if ((x->ref != NULL) != (ix->scale == RT_SCALE_RATIO)) {
        diag_error(d, x->scale_at,
                   x->ref ? "only ratio_to names a reference unit"
                          : "ratio_to needs the reference unit: ratio_to "
                            "Pirot, or ratio_to \"Bela Palanka\"");
        return false;
    }
    if (x->has_range) {
        if (!(x->lo < x->hi)) {
            diag_error(d, x->scale_at, "the range of %s must go up: %s 1..100",
                       x->scale, x->scale);
            return false;
        }
        ix->lo = x->lo;
        ix->hi = x->hi;
    }
    ix->ref = x->ref;
    return true;
}

/* A word among two: combine mean|geomean, missing reweight|none. */
static int pick(diag *d, const char *word, loc at, const char *what,
                const char *a, const char *b)
{
    if (!word || strcmp(word, a) == 0)
        return 0;
    if (strcmp(word, b) == 0)
        return 1;
    diag_error(d, at, "%s takes %s or %s, not '%s'", what, a, b, word);
    return -1;
}

/* `thresholds good >= 60, bad` on the index's value; bounds are numbers. */
static bool lower_bands(rt_arena *pa, diag *d, const ast_clause *t,
                        rt_index *ix)
{
    static const rt_cmp cmps[] = {
        [OP_LT] = RT_CMP_LT, [OP_LE] = RT_CMP_LE, [OP_GT] = RT_CMP_GT,
        [OP_GE] = RT_CMP_GE, [OP_EQ] = RT_CMP_EQ, [OP_NE] = RT_CMP_NE};
    ix->bands = rt_arena_alloc(pa, sizeof(rt_band) * (t->nbands + 1));
    ix->nbands = t->nbands;
    for (int i = 0; i < t->nbands; i++) {
        const ast_band *b = &t->bands[i];
        rt_band *r = &ix->bands[i];
        r->label = rt_arena_strdup(pa, b->label);
        r->has_cond = b->has_cond;
        if (!b->has_cond) {
            if (i != t->nbands - 1) {
                diag_error(d, b->at,
                           "band '%s' has no condition, so only the last "
                           "band may omit it",
                           b->label);
                return false;
            }
            continue;
        }
        const ast_expr *e = b->bound;
        double sign = 1;
        if (e->kind == AST_UNARY && e->op == OP_NEG) {
            sign = -1;
            e = e->lhs;
        }
        if (e->kind != AST_NUM) {
            diag_error(d, b->bound->at, "an index's threshold is a number");
            return false;
        }
        r->cmp = cmps[b->op];
        r->bound = sign * e->num;
    }
    return true;
}

/* An index takes its titles and metadata, better and thresholds; the
 * other clauses are an indicator's. */
static bool check_clauses(diag *d, const ast_decl *decl)
{
    bool ok = true;
    for (int i = 0; i < decl->nclauses; i++) {
        const ast_clause *c = &decl->clauses[i];
        switch (c->kind) {
        case CL_TITLE:
        case CL_DEFINITION:
        case CL_NOTE:
        case CL_SOURCE:
        case CL_THRESHOLDS: break;
        case CL_BETTER:
            if (strcmp(c->text, "higher") != 0 &&
                strcmp(c->text, "lower") != 0) {
                diag_error(d, c->text_at,
                           "'better' is 'higher' or 'lower', not '%s'",
                           c->text);
                ok = false;
            }
            break;
        default:
            diag_error(d, c->at,
                       "an index takes title, definition, note, source, "
                       "better, thresholds, across, scale, combine, missing "
                       "and areas; '%s' belongs to an indicator",
                       ast_clause_keyword(c->kind));
            ok = false;
        }
    }
    return ok;
}

/* Members and areas: each named once in the index, weights positive. */
static bool check_areas(diag *d, const ast_program *prog, const ast_decl *decl,
                        rt_index *ix, rt_arena *pa)
{
    const ast_index *x = decl->index;
    bool ok = true;
    int nmembers = 0;
    for (int i = 0; i < x->nareas; i++)
        nmembers += x->areas[i].nmembers;
    ix->areas = rt_arena_alloc(pa, sizeof *ix->areas * (x->nareas + 1));
    ix->members = rt_arena_alloc(pa, sizeof *ix->members * (nmembers + 1));
    for (int i = 0; i < x->nareas; i++) {
        const ast_area *ar = &x->areas[i];
        for (int j = 0; j < i; j++)
            if (strcmp(x->areas[j].name, ar->name) == 0) {
                diag_error(d, ar->at, "area '%s' is declared twice", ar->name);
                diag_note(d, x->areas[j].at, "first declared here");
                ok = false;
            }
        if (ar->weight == 0) {
            diag_error(d, ar->weight_at, "a weight is a positive number");
            ok = false;
        }
        rt_index_area *ra = &ix->areas[ix->nareas++];
        ra->name = rt_arena_strdup(pa, ar->name);
        char *id =
            rt_arena_alloc(pa, strlen(decl->name) + strlen(ar->name) + 2);
        sprintf(id, "%s.%s", decl->name, ar->name);
        ra->id = id;
        ra->weight = ar->weight < 0 ? 1 : ar->weight;
        for (int k = 0; k < ar->nmembers; k++) {
            const ast_member *m = &ar->members[k];
            for (int j = 0; j < ix->nmembers; j++)
                if (strcmp(ix->members[j].id, m->name) == 0) {
                    diag_error(d, m->at, "'%s' is a member of the index twice",
                               m->name);
                    ok = false;
                }
            bool lower = false;
            if (!check_member(d, prog, x, m, &lower)) {
                ok = false;
                continue;
            }
            rt_index_member *rm = &ix->members[ix->nmembers++];
            rm->id = rt_arena_strdup(pa, m->name);
            rm->area = ix->nareas - 1;
            rm->weight = m->weight < 0 ? 1 : m->weight;
            rm->lower = lower;
        }
        if (ar->nmembers == 0) {
            diag_error(d, ar->at, "area '%s' has no member", ar->name);
            ok = false;
        }
    }
    if (x->nareas == 0) {
        diag_error(d, decl->name_at,
                   "index '%s' has no area: area NAME { INDICATOR, ... }",
                   decl->name);
        ok = false;
    }
    return ok;
}

static bool check_index(diag *d, const ast_program *prog, const ast_decl *decl,
                        rt_program *p)
{
    const ast_index *x = decl->index;
    rt_index *ix = &p->indexes[p->nindexes];
    memset(ix, 0, sizeof *ix);
    rt_arena *pa = p->arena;
    bool ok = check_clauses(d, decl);
    if (find_indicator(prog, decl->name)) {
        diag_error(d, decl->name_at,
                   "'%s' is already an indicator; an index needs a name "
                   "of its own",
                   decl->name);
        ok = false;
    }
    if (!x->across) {
        diag_error(d, decl->name_at,
                   "index '%s' needs 'across DIMENSION': the units it "
                   "scores and ranks, e.g. across municipality",
                   decl->name);
        ok = false;
    }
    ok = check_scale(d, decl, ix) && ok;
    int geo = pick(d, x->combine, x->combine_at, "combine", "mean", "geomean");
    int none =
        pick(d, x->missing, x->missing_at, "missing", "reweight", "none");
    ok = ok && geo >= 0 && none >= 0;
    if (geo == 1 && ix->scale == RT_SCALE_ZSCORE) {
        diag_error(d, x->combine_at,
                   "combine geomean needs positive scores, and zscore "
                   "gives negative ones (use minmax or rank)");
        ok = false;
    }
    ok = check_areas(d, prog, decl, ix, pa) && ok;
    const ast_clause *th = ast_clause_find(decl, CL_THRESHOLDS, NULL);
    if (ok && th)
        ok = lower_bands(pa, d, th, ix);
    if (!ok)
        return false;
    ix->id = rt_arena_strdup(pa, decl->name);
    ix->across = rt_arena_strdup(pa, x->across);
    ix->geomean = geo == 1;
    ix->all_or_none = none == 1;
    ix->across_dim = -1;
    for (int k = 0; k < p->ndims; k++)
        if (strcmp(p->dim_names[k], x->across) == 0 &&
            !(k == 0 && p->has_period))
            ix->across_dim = k;
    p->nindexes++;
    return true;
}

bool index_compile(diag *d, const ast_program *prog, rt_program *p)
{
    int n = 0, errors = d->errors;
    for (int i = 0; i < prog->ndecls; i++)
        n += prog->decls[i]->kind == DECL_INDEX;
    if (!n)
        return true;
    p->indexes = rt_arena_alloc(p->arena, sizeof *p->indexes * (size_t)n);
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *decl = prog->decls[i];
        if (decl->kind != DECL_INDEX || decl->broken)
            continue;
        for (int j = 0; j < i; j++)
            if (prog->decls[j]->kind == DECL_INDEX &&
                strcmp(prog->decls[j]->name, decl->name) == 0) {
                diag_error(d, decl->name_at, "index '%s' is declared twice",
                           decl->name);
                diag_note(d, prog->decls[j]->name_at, "first declared here");
            }
        check_index(d, prog, decl, p);
    }
    return d->errors == errors;
}
