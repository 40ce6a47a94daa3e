/* check.c — declaration checks (duplicates, datasets, indicator clauses,
 * units, thresholds, breakdowns) and the driver of the whole check. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/group.h"
#include "../runtime/numfmt.h"
#include "checker.h"
#include "suggest.h"

/* Most dimensions in one cross classification (a * b * ...). */
#define MAX_CROSS 8

static void note_first(checker *c, loc first, const char *name)
{
    diag_note(c->d, first, "'%s' was first defined here", name);
}

static void check_duplicates(checker *c, const ast_program *prog,
                             decl_kind kind)
{
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if (d->kind != kind)
            continue;
        for (int j = 0; j < i; j++) {
            const ast_decl *e = prog->decls[j];
            if (e->kind == kind && strcmp(e->name, d->name) == 0) {
                diag_error(c->d, d->name_at, "duplicate %s '%s'",
                           ast_decl_keyword(kind), d->name);
                note_first(c, e->name_at, d->name);
                break;
            }
        }
    }
}

/* ---- datasets ---- */

static void check_dataset(checker *c, const ast_decl *d)
{
    static const char *const types[] = {"int", "number", "text", "bool"};
    for (int i = 0; i < d->ncolumns; i++) {
        const ast_column *col = &d->columns[i];
        bool known = false;
        for (int t = 0; t < 4; t++)
            known = known || strcmp(col->type, types[t]) == 0;
        if (!known) {
            const char *best = suggest_best(col->type, types, 4);
            diag_error(c->d, col->type_at,
                       "unknown column type '%s'%s%s%s (types: int, number, "
                       "text, bool)",
                       col->type, best ? " (did you mean '" : "",
                       best ? best : "", best ? "'?)" : "");
        }
        bool numeric =
            strcmp(col->type, "int") == 0 || strcmp(col->type, "number") == 0;
        if (col->lo && !numeric)
            diag_error(c->d, col->lo->at,
                       "a range 'in lo..hi' needs a numeric column (int or "
                       "number), not %s",
                       col->type);
        for (int j = 0; j < i; j++)
            if (strcmp(d->columns[j].name, col->name) == 0)
                diag_error(c->d, col->at, "column '%s' is declared twice",
                           col->name);
        for (int k = 0; k < c->nds; k++)
            if (c->ds[k].decl == d && c->ds[k].header &&
                !datasets_has_column(c, k, col->name))
                diag_error(c->d, col->at,
                           "column '%s' is declared but not in the header "
                           "of '%s'",
                           col->name, c->ds[k].name);
    }
}

static bool fold_strings(checker *c, ast_expr **items, int n, const char ***out,
                         const char *what)
{
    *out = rt_arena_alloc(c->t.p->arena, sizeof(char *) * (n + 1));
    for (int i = 0; i < n; i++) {
        rt_value v;
        if (!check_fold(c, items[i], &v))
            return false;
        char num[40];
        if (v.tag == RT_NUM) /* a numeric column's allowed values */
            rt_fmt_number(num, sizeof num, v.num);
        else if (v.tag != RT_STR) {
            diag_error(c->d, items[i]->at, "%s must be a string or a number",
                       what);
            return false;
        }
        (*out)[i] = lower_intern(&c->t, v.tag == RT_NUM ? num : v.str);
    }
    return true;
}

static void bind_contracts(checker *c)
{
    rt_program *p = c->t.p;
    for (int i = 0; i < p->ncols; i++) {
        const ast_column *d = c->st.cols[i].decl;
        rt_column *col = &p->cols[i];
        if (!d)
            continue;
        rt_value lo, hi;
        if (d->lo && check_fold(c, d->lo, &lo) && check_fold(c, d->hi, &hi)) {
            col->has_range = lo.tag == RT_NUM && hi.tag == RT_NUM;
            col->lo = lo.num;
            col->hi = hi.num;
        }
        if (fold_strings(c, d->allowed, d->nallowed, &col->allowed,
                         "an allowed value"))
            col->nallowed = d->nallowed;
        if (fold_strings(c, d->missing, d->nmissing, &col->missing,
                         "a missing-value marker"))
            col->nmissing = d->nmissing;
    }
}

/* ---- indicators ---- */

static void check_clause_set(checker *c, const ast_decl *d)
{
    for (int i = 0; i < d->nclauses; i++) {
        const ast_clause *a = &d->clauses[i];
        for (int j = 0; j < i; j++) {
            const ast_clause *b = &d->clauses[j];
            bool same_lang =
                (!a->lang && !b->lang) ||
                (a->lang && b->lang && strcmp(a->lang, b->lang) == 0);
            if (a->kind == b->kind && same_lang) {
                diag_error(c->d, a->at,
                           "'%s' is given twice in indicator "
                           "'%s'",
                           ast_clause_keyword(a->kind), d->name);
                break;
            }
        }
        if (a->kind == CL_FLAG && strcmp(a->text, "low_count") != 0)
            diag_error(c->d, a->at,
                       "unknown clause '%s' (a flag clause is `low_count "
                       "when CONDITION`)",
                       a->text);
        if (a->lang && a->kind != CL_TITLE && a->kind != CL_DEFINITION &&
            a->kind != CL_NOTE)
            diag_error(c->d, a->at,
                       "only title, definition and note have language "
                       "variants (title@sr)");
    }
}

static const char *unit_text(checker *c, const ast_clause *u, double *scale)
{
    *scale = 1;
    if (!u)
        return NULL;
    if (u->unit_is_string)
        return rt_arena_strdup(c->t.p->arena, u->text);
    if (strcmp(u->text, "per") == 0) {
        if (!u->has_unit_num || u->unit_num <= 0) {
            diag_error(c->d, u->text_at,
                       "'per' needs a positive base, e.g. per 1000");
            return NULL;
        }
        char buf[64];
        snprintf(buf, sizeof buf, "per %.15g", u->unit_num);
        *scale = u->unit_num;
        return rt_arena_strdup(c->t.p->arena, buf);
    }
    static const char *const words[] = {"percent", "ratio", "count",   "years",
                                        "months",  "days",  "persons", "index"};
    int n = sizeof words / sizeof *words;
    for (int i = 0; i < n; i++) {
        if (strcmp(u->text, words[i]) == 0 && !u->has_unit_num) {
            *scale = i == 0 ? 100 : 1;
            return words[i];
        }
    }
    const char *best = suggest_best(u->text, words, n);
    diag_error(c->d, u->text_at,
               "unknown unit '%s'%s%s%s; use percent, per N, ratio, count, "
               "years, or a quoted currency such as \"RSD\"",
               u->text, best ? " (did you mean '" : "", best ? best : "",
               best ? "'?)" : "");
    return NULL;
}

static bool check_thresholds(checker *c, const ast_clause *t, rt_indicator *ind)
{
    static const rt_cmp cmps[] = {
        [OP_LT] = RT_CMP_LT, [OP_LE] = RT_CMP_LE, [OP_GT] = RT_CMP_GT,
        [OP_GE] = RT_CMP_GE, [OP_EQ] = RT_CMP_EQ, [OP_NE] = RT_CMP_NE};
    ind->bands =
        rt_arena_alloc(c->t.p->arena, sizeof(rt_band) * (t->nbands + 1));
    ind->nbands = t->nbands;
    for (int i = 0; i < t->nbands; i++) {
        const ast_band *b = &t->bands[i];
        rt_band *r = &ind->bands[i];
        r->label = rt_arena_strdup(c->t.p->arena, b->label);
        r->has_cond = b->has_cond;
        if (!b->has_cond) {
            if (i != t->nbands - 1)
                diag_error(c->d, b->at,
                           "band '%s' has no condition, so only the last "
                           "band may omit it",
                           b->label);
            continue;
        }
        rt_value v;
        if (!check_fold(c, b->bound, &v))
            return false;
        if (v.tag != RT_NUM) {
            diag_error(c->d, b->bound->at, "a threshold must be a number");
            return false;
        }
        r->cmp = cmps[b->op];
        r->bound = v.num;
    }
    return true;
}

/* A breakdown item: a name, or names crossed with '*'. */
static int flatten_cross(checker *c, const ast_expr *e, const ast_expr **out,
                         int n)
{
    if (e->kind == AST_BINARY && e->op == OP_MUL) {
        n = flatten_cross(c, e->lhs, out, n);
        return n < 0 ? n : flatten_cross(c, e->rhs, out, n);
    }
    if (e->kind != AST_NAME) {
        diag_error(c->d, e->at,
                   "a breakdown is a column or let name, or names crossed "
                   "with '*' (municipality * sex)");
        return -1;
    }
    if (n >= MAX_CROSS) {
        diag_error(c->d, e->at, "at most %d dimensions in one breakdown",
                   MAX_CROSS);
        return -1;
    }
    out[n] = e;
    return n + 1;
}

static bool is_period(const checker *c, const char *name)
{
    for (int i = 0; i < c->nds; i++)
        if (c->ds[i].period && strcmp(c->ds[i].period, name) == 0)
            return true;
    return false;
}

/* A breakdown's names are checked here; their expressions are lowered per
 * data file when an aggregate of that file is attached (check_expr.c). */
static int check_by_item(checker *c, const ast_expr *item)
{
    const ast_expr *names[MAX_CROSS];
    int n = flatten_cross(c, item, names, 0);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++)
            if (strcmp(names[j]->str, names[i]->str) == 0) {
                diag_error(c->d, names[i]->at,
                           "'%s' appears twice in this breakdown",
                           names[i]->str);
                return -1;
            }
        if (is_period(c, names[i]->str)) {
            diag_error(c->d, names[i]->at,
                       "'%s' is the period: every row is already broken "
                       "down by it",
                       names[i]->str);
            return -1;
        }
        sym *s = symtab_find(&c->st, names[i]->str);
        if (s && s->kind != SYM_LET) {
            diag_error(c->d, names[i]->at,
                       "'%s' is a %s; a breakdown is a column or a let",
                       names[i]->str, s->kind == SYM_FN ? "function" : "const");
            return -1;
        }
    }
    return lower_grouping(&c->t, c->d, c->ind_name, names, n);
}

static bool check_ratio_parts(checker *c, const ast_decl *d, rt_indicator *ind,
                              const ast_clause *unit)
{
    const ast_clause *num = ast_clause_find(d, CL_NUMERATOR, NULL);
    const ast_clause *den = ast_clause_find(d, CL_DENOMINATOR, NULL);
    const ast_clause *val = ast_clause_find(d, CL_VALUE, NULL);
    if (val && (num || den)) {
        diag_error(c->d, (num ? num : den)->at,
                   "indicator '%s' has a value, so it takes no numerator "
                   "or denominator",
                   d->name);
        return false;
    }
    if (!val && !num && !den) {
        diag_error(c->d, d->name_at,
                   "indicator '%s' needs a value, or a numerator and a "
                   "denominator",
                   d->name);
        return false;
    }
    if (!val && (!num || !den)) {
        bool scaled = unit && !unit->unit_is_string &&
                      (strcmp(unit->text, "percent") == 0 ||
                       strcmp(unit->text, "per") == 0);
        diag_error(c->d, (num ? num : den)->at,
                   "indicator '%s' has a %s but no %s%s", d->name,
                   num ? "numerator" : "denominator",
                   num ? "denominator" : "numerator",
                   scaled && num ? " (its unit is a rate, which needs a "
                                   "denominator)"
                                 : "");
        return false;
    }
    bool ok = true;
    const ast_clause *parts[3] = {num, den, val};
    rt_expr **dst[3] = {&ind->numerator, &ind->denominator, &ind->value};
    const char *what[3] = {"the numerator", "the denominator", "the value"};
    for (int i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        c->std = NULL;
        lowered l =
            check_expr_as(c, parts[i]->expr, CTX_GROUP, TY_NUM, what[i]);
        ok = ok && l.t != TY_ERR;
        *dst[i] = l.e;
    }
    /* A value that is one dsr() or isr(): its events and population (or
     * expected events) are the numerator and denominator shown. */
    if (ok && val && c->std && ind->value == c->std_value) {
        ind->std = c->std;
        ind->numerator = c->std_num;
        ind->denominator = c->std_den;
        if (c->std->kind == RT_STD_INDIRECT)
            ind->value = NULL;
    }
    c->std = NULL;
    return ok;
}

static void collect_aggs(const rt_expr *e, rt_indicator *ind, rt_arena *a,
                         int *cap)
{
    if (!e)
        return;
    if (e->op == RT_AGG) {
        for (int i = 0; i < ind->naggs; i++)
            if (ind->aggs[i] == e->slot)
                return;
        if (ind->naggs == *cap) {
            int *n = rt_arena_alloc(a, sizeof(int) * (size_t)(*cap * 2 + 4));
            if (ind->naggs)
                memcpy(n, ind->aggs, sizeof(int) * (size_t)ind->naggs);
            ind->aggs = n;
            *cap = *cap * 2 + 4;
        }
        ind->aggs[ind->naggs++] = e->slot;
    }
    for (int i = 0; i < e->nkids; i++)
        collect_aggs(e->kids[i], ind, a, cap);
}

static void check_words(checker *c, const ast_decl *d)
{
    const ast_clause *b = ast_clause_find(d, CL_BETTER, NULL);
    if (b && strcmp(b->text, "higher") != 0 && strcmp(b->text, "lower") != 0)
        diag_error(c->d, b->text_at,
                   "'better' is 'higher' or 'lower', not '%s'", b->text);
    const ast_clause *t = ast_clause_find(d, CL_TARGET, NULL);
    rt_value v, y;
    if (t && check_fold(c, t->expr, &v) && check_fold(c, t->year, &y) &&
        (v.tag != RT_NUM || y.tag != RT_NUM))
        diag_error(c->d, t->at, "a target is a number by a year");
}

/* `from DATASET`: a given file, or a declared one (then the indicator is
 * skipped when its file is not given). */
static void check_from(checker *c, const ast_decl *d)
{
    const ast_clause *f = ast_clause_find(d, CL_FROM, NULL);
    c->from = f ? f->text : NULL;
    if (!f || datasets_find(c, f->text) >= 0)
        return;
    for (int i = 0; i < c->ndsdecls; i++)
        if (strcmp(c->dsdecls[i]->name, f->text) == 0) {
            if (c->have_data)
                c->skip_ds = c->dsdecls[i]->name;
            return;
        }
    if (c->have_data || c->ndsdecls)
        diag_error(c->d, f->text_at, "no dataset is named '%s'", f->text);
}

/* All the files an indicator reads have a period, or none has. */
static void check_periods(checker *c, const ast_decl *d)
{
    int with = -1, without = -1;
    for (int i = 0; i < c->nds && i < 64; i++) {
        if (!c->ind_ds[i])
            continue;
        if (c->ds[i].period)
            with = i;
        else
            without = i;
    }
    if (with >= 0 && without >= 0)
        diag_error(c->d, d->name_at,
                   "indicator '%s' reads '%s', which has a period, and "
                   "'%s', which has none",
                   d->name, c->ds[with].name, c->ds[without].name);
}

/* The clause of the indicator, or else of the catalogue's policy. */
static const ast_clause *own_or_policy(checker *c, const ast_decl *d,
                                       clause_kind k, bool *from_policy)
{
    const ast_clause *cl = ast_clause_find(d, k, NULL);
    *from_policy = !cl && c->policy;
    return cl ? cl : (c->policy ? ast_clause_find(c->policy, k, NULL) : NULL);
}

/* The aggregate that an expression is, or -1. */
static int single_agg(const rt_expr *e)
{
    return e && e->op == RT_AGG ? e->slot : -1;
}

/* What an interval method needs of its indicator. */
typedef enum {
    NEEDS_RATIO, /* a numerator and a denominator, each one aggregate */
    NEEDS_COUNT, /* the same, or an indirectly standardised ratio */
    NEEDS_DSR,   /* a value that is one dsr() */
    NEEDS_MEAN   /* a value that is one unweighted mean() */
} ci_needs;

static const struct {
    const char *name;
    rt_ci method;
    ci_needs needs;
} ci_methods[] = {
    {"wilson", RT_CI_WILSON, NEEDS_RATIO},
    {"wilson_cc", RT_CI_WILSON_CC, NEEDS_RATIO},
    {"clopper_pearson", RT_CI_CLOPPER_PEARSON, NEEDS_RATIO},
    {"jeffreys", RT_CI_JEFFREYS, NEEDS_RATIO},
    {"poisson", RT_CI_POISSON, NEEDS_COUNT},
    {"byar", RT_CI_BYAR, NEEDS_COUNT},
    {"dobson", RT_CI_DOBSON, NEEDS_DSR},
    {"dobson_exact", RT_CI_DOBSON_EXACT, NEEDS_DSR},
    {"t", RT_CI_T, NEEDS_MEAN},
    {"linearised", RT_CI_LINEARISED, NEEDS_RATIO}, /* check_se: a design */
};

/* Whether the standardised rate's events are counts (unweighted sums):
 * Dobson's and the ISR's limits treat them as Poisson counts. */
static bool std_counts(const checker *c, const rt_standard *sd)
{
    for (int i = 0; i < sd->nstrata; i++)
        if (c->t.aggs[sd->events[i]].weight)
            return false;
    return true;
}

/* Why the indicator cannot have an interval that needs this, or NULL. */
static const char *ci_unfit(checker *c, rt_indicator *ind, ci_needs needs)
{
    static const char weighted[] =
        "the interval of a standardised rate treats its events as counts; "
        "here they are weighted";
    switch (needs) {
    case NEEDS_COUNT:
        if (ind->std && ind->std->kind == RT_STD_INDIRECT)
            return std_counts(c, ind->std) ? NULL : weighted;
        /* fall through */
    case NEEDS_RATIO:
        if (ind->std || ind->num_agg < 0 || ind->den_agg < 0)
            return "an interval needs a numerator and a denominator that "
                   "are each one aggregate (a count or a sum)";
        return NULL;
    case NEEDS_DSR:
        if (!ind->std || ind->std->kind != RT_STD_DIRECT)
            return "a Dobson interval needs a value that is one dsr(...)";
        return std_counts(c, ind->std) ? NULL : weighted;
    case NEEDS_MEAN: {
        int m = single_agg(ind->value);
        if (m < 0 || c->t.aggs[m].kind != RT_AGG_MEAN || c->t.aggs[m].weight)
            return "a t interval needs a value that is one unweighted "
                   "mean(...) (a weighted mean needs a sample design)";
        ind->mean_agg = m;
        return NULL;
    }
    }
    return NULL;
}

/* `ci METHOD LEVEL`; from the policy it applies where it can. */
static void check_ci(checker *c, const ast_decl *d, rt_indicator *ind)
{
    bool from_policy;
    const ast_clause *cl = own_or_policy(c, d, CL_CI, &from_policy);
    ind->num_agg = single_agg(ind->numerator);
    ind->den_agg = single_agg(ind->denominator);
    ind->mean_agg = -1;
    if (!cl)
        return;
    size_t k = 0, nm = sizeof ci_methods / sizeof *ci_methods;
    while (k < nm && strcmp(cl->text, ci_methods[k].name) != 0)
        k++;
    if (k == nm) {
        diag_error(c->d, cl->text_at,
                   "unknown interval '%s': wilson, wilson_cc, "
                   "clopper_pearson or jeffreys (a proportion), poisson or "
                   "byar (a rate of events, an isr()), dobson or "
                   "dobson_exact (a dsr()), t (a mean), linearised "
                   "(from the sample design)",
                   cl->text);
        return;
    }
    if (cl->unit_num <= 50 || cl->unit_num >= 100) {
        diag_error(c->d, cl->at,
                   "the confidence level is a percentage above 50 and below "
                   "100, e.g. ci wilson 95");
        return;
    }
    if (ci_methods[k].method == RT_CI_LINEARISED ||
        ci_methods[k].method == RT_CI_T) {
        ind->ci = ci_methods[k].method; /* check_se finds the design */
        ind->ci_level = cl->unit_num / 100;
        c->t.p->has_ci = true;
        return;
    }
    const char *why = ci_unfit(c, ind, ci_methods[k].needs);
    if (why) {
        if (!from_policy)
            diag_error(c->d, cl->at, "%s", why);
        return;
    }
    ind->ci = ci_methods[k].method;
    ind->ci_level = cl->unit_num / 100;
    if (ind->num_agg >= 0 && ind->den_agg >= 0)
        c->t.aggs[ind->num_agg].w2 = c->t.aggs[ind->den_agg].w2 = true;
    if (ind->mean_agg >= 0)
        c->t.aggs[ind->mean_agg].w2 = true; /* Σ w² and Σ w·x² */
    c->t.p->has_ci = true;
}

/* The one data file of the indicator's aggregates, or -1. */
static int single_file(const checker *c, const rt_indicator *ind)
{
    int ds = -1;
    for (int i = 0; i < ind->naggs; i++) {
        int k = c->t.aggs[ind->aggs[i]].ds;
        if (ds >= 0 && k != ds)
            return -1;
        ds = k;
    }
    return ds;
}

/* `ci t` without a design: a value that is one unweighted mean, with
 * n - 1 degrees of freedom (interval.c). */
static void check_plain_t(checker *c, const ast_decl *d, rt_indicator *ind)
{
    bool from_policy;
    const ast_clause *cl = own_or_policy(c, d, CL_CI, &from_policy);
    const char *why = ci_unfit(c, ind, NEEDS_MEAN);
    if (why) {
        if (!from_policy)
            diag_error(c->d, cl->at, "%s", why);
        ind->ci = RT_CI_NONE;
        return;
    }
    c->t.aggs[ind->mean_agg].w2 = true; /* Σ w² and Σ w·x² */
}

/* `se` (or `ci linearised 95`, or `ci t 95` over a data file with a
 * design): the design-based standard error, for an indicator of one data
 * file with a design; from the policy it applies where it can. Its
 * aggregates keep their rows' PSUs. */
static void check_se(checker *c, const ast_decl *d, rt_indicator *ind)
{
    bool from_policy;
    const ast_clause *cl = own_or_policy(c, d, CL_SE, &from_policy);
    bool lin = ind->ci == RT_CI_LINEARISED;
    int ds = single_file(c, ind);
    bool design = ds >= 0 && c->ds[ds].design;
    if (ind->ci == RT_CI_T && !design)
        check_plain_t(c, d, ind);
    if (!cl && !lin && ind->ci != RT_CI_T)
        return;
    if (!design) {
        if (ind->ci == RT_CI_T && !cl)
            return; /* check_plain_t */
        if (!from_policy || lin)
            diag_error(c->d, cl ? cl->at : d->name_at,
                       ds < 0 ? "a standard error needs aggregates of one "
                                "data file"
                              : "a standard error needs the sample design of "
                                "'%s': declare design { strata S  cluster C } "
                                "in its dataset",
                       ds < 0 ? "" : c->ds[ds].name);
        ind->ci = lin ? RT_CI_NONE : ind->ci;
        return;
    }
    ind->se = true;
    c->t.p->has_se = true;
    for (int i = 0; i < ind->naggs; i++)
        c->t.aggs[ind->aggs[i]].design = true;
}

static void check_rules(checker *c, const ast_decl *d, rt_indicator *ind)
{
    bool from_policy;
    const ast_clause *sup = own_or_policy(c, d, CL_SUPPRESS, &from_policy);
    if (sup)
        ind->suppress = check_expr_as(c, sup->expr, CTX_RESULT, TY_BOOL,
                                      "the suppress condition")
                            .e;
    const ast_clause *low = own_or_policy(c, d, CL_FLAG, &from_policy);
    if (low)
        ind->low_count = check_expr_as(c, low->expr, CTX_RESULT, TY_BOOL,
                                       "the low_count condition")
                             .e;
    check_ci(c, d, ind);
}

/* `policy { ... }`: at most one, holding only the clauses that can apply
 * to every indicator. */
static void find_policy(checker *c, const ast_program *prog)
{
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if (d->kind != DECL_POLICY)
            continue;
        if (c->policy) {
            diag_error(c->d, d->at, "a catalogue has one policy");
            continue;
        }
        c->policy = d;
        check_clause_set(c, d);
        for (int k = 0; k < d->nclauses; k++) {
            clause_kind kind = d->clauses[k].kind;
            if (kind != CL_SUPPRESS && kind != CL_FLAG && kind != CL_CI &&
                kind != CL_DECIMALS && kind != CL_SE)
                diag_error(c->d, d->clauses[k].at,
                           "a policy holds suppress, low_count, ci, se and "
                           "decimals; '%s' "
                           "belongs to an indicator",
                           ast_clause_keyword(kind));
        }
    }
}

/* A test's expectations name indicators of the catalogue. */
static void check_tests(checker *c, const ast_program *prog)
{
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *t = prog->decls[i];
        if (t->kind != DECL_TEST)
            continue;
        for (int k = 0; k < t->nexpects; k++) {
            const ast_expect *e = &t->expects[k];
            bool found = false;
            const char *names[1024];
            int n = 0;
            for (int j = 0; j < prog->ndecls && !found; j++) {
                const ast_decl *d = prog->decls[j];
                if (d->kind != DECL_INDICATOR)
                    continue;
                found = strcmp(d->name, e->indicator) == 0;
                if (n < 1024)
                    names[n++] = d->name;
            }
            if (found)
                continue;
            const char *best = suggest_best(e->indicator, names, n);
            diag_error(c->d, e->at,
                       "test '%s' expects '%s', which is no "
                       "indicator%s%s%s",
                       t->name, e->indicator, best ? " (did you mean '" : "",
                       best ? best : "", best ? "'?)" : "");
        }
    }
}

/* Skipped indicators are listed in one line at the end, so a catalogue run
 * on a few files does not drown its output in warnings. */
/* Appends item to the list *list of *n items ("a, b"). */
static void add_name(char **list, int *n, const char *item)
{
    size_t len = *list ? strlen(*list) : 0, more = strlen(item);
    *list = rt_xrealloc(*list, len + more + 3);
    memcpy(*list + len, *n ? ", " : "", *n ? 2 : 0);
    memcpy(*list + len + (*n ? 2 : 0), item, more + 1);
    (*n)++;
}

static void note_skipped(checker *c, const char *ind, const char *ds)
{
    char item[256];
    snprintf(item, sizeof item, "%s (%s)", ind, ds);
    add_name(&c->skipped, &c->nskipped, item);
}

/* Title in English and Serbian, and `decimals` (the indicator's, else the
 * policy's): what --labels, --excel and the readable formats show. */
static void check_labels(checker *c, const ast_decl *d, rt_indicator *ind)
{
    const ast_clause *t = ast_clause_find(d, CL_TITLE, NULL);
    const ast_clause *sr = ast_clause_find(d, CL_TITLE, "sr");
    rt_arena *a = c->t.p->arena;
    ind->title = t && !t->lang ? rt_arena_strdup(a, t->text) : NULL;
    ind->title_sr = sr && sr->lang ? rt_arena_strdup(a, sr->text) : NULL;
    bool from_policy;
    const ast_clause *dec = own_or_policy(c, d, CL_DECIMALS, &from_policy);
    ind->decimals = -1;
    if (!dec)
        return;
    double v = dec->unit_num;
    if (v != (int)v || v < 0 || v > 9)
        diag_error(c->d, dec->at, "decimals takes a whole number from 0 to 9");
    else
        ind->decimals = (int)v;
}

/* Returns false when the indicator is skipped for want of a data file;
 * *ok false when its value could not be lowered (an error, here or in a
 * let it uses). */
static bool check_indicator(checker *c, const ast_decl *d, rt_indicator *ind,
                            bool *ok)
{
    *ok = true;
    /* The slot of a skipped indicator is reused by the next one. */
    memset(ind, 0, sizeof *ind);
    c->ind_name = d->name;
    c->skip_ds = NULL;
    memset(c->ind_ds, 0, sizeof c->ind_ds);
    check_clause_set(c, d);
    check_words(c, d);
    check_from(c, d);
    ind->id = rt_arena_strdup(c->t.p->arena, d->name);
    const ast_clause *unit = ast_clause_find(d, CL_UNIT, NULL);
    ind->unit = unit_text(c, unit, &ind->scale);
    check_labels(c, d, ind);
    const ast_clause *by = ast_clause_find(d, CL_BY, NULL);
    int n = by ? by->nitems : 0;
    int *gs = rt_arena_alloc(c->t.p->arena, sizeof(int) * (n + 1));
    int ng = 1;
    gs[0] = 0;
    for (int i = 0; i < n; i++) {
        int g = check_by_item(c, by->items[i]);
        bool seen = false;
        for (int j = 0; j < ng; j++)
            seen = seen || gs[j] == g;
        if (g > 0 && !seen)
            gs[ng++] = g;
    }
    ind->groupings = gs;
    ind->ngroupings = ng;
    c->cur_groupings = gs;
    c->ncur_groupings = ng;
    if (!c->skip_ds)
        *ok = check_ratio_parts(c, d, ind, unit);
    /* Its conditions may read aggregates per group, as its value does. */
    if (!c->skip_ds)
        check_rules(c, d, ind);
    c->ncur_groupings = 0;
    c->from = NULL;
    c->ind_name = NULL;
    if (c->skip_ds) {
        note_skipped(c, d->name, c->skip_ds);
        return false;
    }
    check_periods(c, d);
    if (!ind->unit)
        ind->unit = ind->value ? "" : "ratio";
    const ast_clause *th = ast_clause_find(d, CL_THRESHOLDS, NULL);
    if (th)
        check_thresholds(c, th, ind);
    int cap = 0;
    collect_aggs(ind->numerator, ind, c->t.p->arena, &cap);
    collect_aggs(ind->denominator, ind, c->t.p->arena, &cap);
    collect_aggs(ind->value, ind, c->t.p->arena, &cap);
    collect_aggs(ind->suppress, ind, c->t.p->arena, &cap);
    collect_aggs(ind->low_count, ind, c->t.p->arena, &cap);
    check_se(c, d, ind); /* marks every aggregate, so after collect_aggs */
    return true;
}

/* Without data, a column name used in one place and close to another
 * one is likely a typo; with data the header decides. */
static void warn_near_misses(checker *c)
{
    if (c->have_data)
        return;
    for (size_t i = 0; i < c->st.ncols; i++) {
        colinfo *a = &c->st.cols[i];
        if (a->decl)
            continue;
        for (size_t j = 0; j < c->st.ncols; j++) {
            colinfo *b = &c->st.cols[j];
            if (i == j || a->uses > b->uses || (a->uses == b->uses && j < i))
                continue;
            const char *pair[1] = {b->name};
            if (suggest_best(a->name, pair, 1)) {
                diag_warning(c->d, a->first,
                             "column '%s' is used here and '%s' elsewhere; "
                             "is one a typo? (did you mean '%s'?)",
                             a->name, b->name, b->name);
                break;
            }
        }
    }
}

static void check_unused_syms(checker *c)
{
    /* Lets and consts are checked even when no indicator uses them, so
     * their errors are not hidden. */
    for (size_t i = 0; i < c->st.nsyms; i++) {
        sym *s = &c->st.syms[i];
        if (s->kind == SYM_FN)
            continue;
        bool done = false;
        for (int k = 0; s->state && k < c->nds; k++)
            done = done || s->state[k] != 0;
        if (done)
            continue;
        ast_expr name = {
            .kind = AST_NAME, .str = s->name, .at = s->decl->name_at};
        c->cur_ds =
            s->kind == SYM_LET ? datasets_for_expr(c, s->decl->expr) : 0;
        if (c->cur_ds < 0)
            continue;
        check_expr(c, &name, s->kind == SYM_LET ? CTX_ROW : CTX_CONST);
    }
}

/* The program's view of the datasets datasets_bind made. */
static void bind_datasets(checker *c)
{
    rt_program *p = c->t.p;
    p->ndatasets = c->nds;
    p->datasets = rt_arena_alloc(p->arena, sizeof(rt_dataset) * (c->nds + 1));
    for (int i = 0; i < c->nds; i++) {
        p->datasets[i].name =
            rt_arena_strdup(p->arena, c->ds[i].name ? c->ds[i].name : "");
        p->datasets[i].period_col = c->ds[i].period_col;
        p->datasets[i].design = c->ds[i].design;
        p->datasets[i].weight = c->ds[i].weight;
    }
    p->has_period = c->period != NULL;
}

/* The program's columns: every column the catalogue reads, with its
 * declared type. */
static void copy_columns(checker *c)
{
    rt_program *p = c->t.p;
    p->ncols = (int)c->st.ncols;
    p->cols = rt_arena_alloc(p->arena, sizeof(rt_column) * (c->st.ncols + 1));
    for (size_t i = 0; i < c->st.ncols; i++) {
        const colinfo *ci = &c->st.cols[i];
        rt_column *col = &p->cols[i];
        col->name = rt_arena_strdup(p->arena, ci->name);
        col->ds = ci->ds;
        col->as_num = ci->as_num;
        col->as_str = ci->as_str;
        col->nonneg = ci->nonneg;
        col->weight_signed = ci->weight_signed;
        col->type = RT_COL_ANY;
        const ast_column *d = ci->decl;
        if (!d)
            continue;
        static const char *const types[] = {"", "int", "number", "text",
                                            "bool"};
        for (int t = 1; t < 5; t++)
            if (strcmp(d->type, types[t]) == 0)
                col->type = (rt_coltype)t;
    }
}

/* A dataset's `weight` column, lowered for its rows: the default weight
 * of its aggregates. */
static void bind_weight(checker *c, int i)
{
    const ast_decl *decl = c->ds[i].decl;
    if (!decl || !decl->weight)
        return;
    c->cur_ds = i;
    ast_expr *name = ast_name(c->a, decl->weight_at, decl->weight);
    rt_expr *w = check_expr_as(c, name, CTX_ROW, TY_NUM, "the weight").e;
    c->ds[i].weight = w;
    if (w && w->op == RT_COLNUM) {
        colinfo *col = &c->st.cols[w->slot];
        col->weight_signed = decl->weight_negative;
        col->nonneg = !decl->weight_negative;
    }
}

/* A design column, lowered for the dataset's rows: text (strata,
 * cluster) or a number (fpc); -1 in *col when not given. */
static rt_expr *design_column(checker *c, const char *name, loc at, bool text,
                              int *col)
{
    *col = -1;
    if (!name)
        return NULL;
    ast_expr *n = ast_name(c->a, at, name);
    lowered l =
        check_expr_as(c, n, CTX_ROW, text ? TY_ANY : TY_NUM, "a design column");
    if (l.t == TY_ERR || !l.e ||
        (l.e->op != RT_COLNUM && l.e->op != RT_COLSTR)) {
        if (l.t != TY_ERR)
            diag_error(c->d, at, "the design names a column, not '%s'", name);
        return NULL;
    }
    *col = l.e->slot;
    if (text) {
        l.e->op = RT_COLSTR;
        c->st.cols[l.e->slot].as_str = true;
    }
    return l.e;
}

/* A dataset's `design { ... }`, lowered for its rows. */
static void bind_design(checker *c, int i)
{
    const ast_decl *decl = c->ds[i].decl;
    if (!decl || !decl->design)
        return;
    const ast_design *g = decl->design;
    c->cur_ds = i;
    rt_design *r = rt_arena_alloc(c->t.p->arena, sizeof *r);
    memset(r, 0, sizeof *r);
    r->strata = design_column(c, g->strata, g->strata_at, true, &r->strata_col);
    r->cluster =
        design_column(c, g->cluster, g->cluster_at, true, &r->cluster_col);
    r->fpc = design_column(c, g->fpc, g->fpc_at, false, &r->fpc_col);
    if (g->lonely && strcmp(g->lonely, "adjust") == 0)
        r->lonely = RT_LONELY_ADJUST;
    else if (g->lonely && strcmp(g->lonely, "fail") != 0)
        diag_error(c->d, g->lonely_at,
                   "lonely is 'fail' (a stratum with one PSU is an error) or "
                   "'adjust' (centred on the grand mean), not '%s'",
                   g->lonely);
    c->ds[i].design = r;
}

bool check_run(rt_arena *a, diag *d, const ast_program *prog,
               const check_opts *o, lower_tables *out)
{
    checker c = {.a = a, .d = d, .o = o};
    int errors0 = d->errors;
    symtab_collect(&c.st, d, prog);
    check_duplicates(&c, prog, DECL_INDICATOR);
    check_duplicates(&c, prog, DECL_DATASET);
    check_duplicates(&c, prog, DECL_TEST);
    check_tests(&c, prog);
    datasets_bind(&c, prog);
    lower_init(&c.t, c.nds);
    if (c.period)
        lower_period(&c.t, c.period);
    for (int i = 0; i < c.nds; i++) {
        datasets_bind_columns(&c, i);
        bind_weight(&c, i);
        bind_design(&c, i);
    }
    c.cur_ds = 0;
    find_policy(&c, prog);
    lower_grouping(&c.t, d, NULL, NULL, 0);
    bind_datasets(&c);
    int ninds = 0, dropped_errors = 0;
    char *dropped = NULL;
    int ndropped = 0;
    for (int i = 0; i < prog->ndecls; i++) {
        if (prog->decls[i]->kind == DECL_DATASET)
            check_dataset(&c, prog->decls[i]);
        ninds += prog->decls[i]->kind == DECL_INDICATOR;
    }
    rt_program *p = c.t.p;
    p->inds = rt_arena_alloc(p->arena, sizeof(rt_indicator) * (ninds + 1));
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *ind = prog->decls[i];
        if (ind->kind != DECL_INDICATOR)
            continue;
        int before = d->errors;
        bool ok, kept = check_indicator(&c, ind, &p->inds[p->ninds], &ok);
        if (o->keep_going && (d->errors > before || !ok)) {
            dropped_errors += d->errors - before;
            add_name(&dropped, &ndropped, ind->name);
        } else if (kept) {
            p->ninds++;
        }
    }
    check_unused_syms(&c);
    if (c.nskipped && !o->quiet_skips)
        diag_warning(d, (loc){0},
                     "%d indicator%s skipped, %s data file was not given: %s",
                     c.nskipped, c.nskipped == 1 ? "" : "s",
                     c.nskipped == 1 ? "its" : "their", c.skipped);
    free(c.skipped);
    warn_near_misses(&c);
    copy_columns(&c);
    bind_contracts(&c);
    symtab_free(&c.st);
    bool failed = d->errors - errors0 > dropped_errors;
    if (ndropped && !failed)
        diag_plain(d, "%d indicator%s not computed, for the errors above: %s",
                   ndropped, ndropped == 1 ? "" : "s", dropped);
    free(dropped);
    if (failed) {
        rt_arena_free(p->arena);
        lower_free(&c.t);
        return false;
    }
    *out = c.t;
    return true;
}

int check_metadata(diag *d, const ast_program *prog, const char *lang)
{
    int n = 0;
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *ind = prog->decls[i];
        if (ind->kind != DECL_INDICATOR)
            continue;
        char title[64], missing[160] = "";
        snprintf(title, sizeof title, "a title@%s", lang);
        const char *what[] = {"a definition", "a source", title};
        int nlack = 0;
        const ast_clause *t = ast_clause_find(ind, CL_TITLE, lang);
        bool lacks[] = {!ast_clause_find(ind, CL_DEFINITION, NULL),
                        !ast_clause_find(ind, CL_SOURCE, NULL),
                        !t || !t->lang || strcmp(t->lang, lang) != 0};
        for (int j = 0; j < 3; j++)
            nlack += lacks[j];
        for (int j = 0, k = 0; j < 3; j++)
            if (lacks[j]) {
                size_t len = strlen(missing);
                k++;
                snprintf(missing + len, sizeof missing - len, "%s%s",
                         k == 1       ? ""
                         : k == nlack ? " and "
                                      : ", ",
                         what[j]);
            }
        if (nlack == 0)
            continue;
        diag_warning(d, ind->name_at, "indicator '%s' lacks %s", ind->name,
                     missing);
        n++;
    }
    return n;
}
