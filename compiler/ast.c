/* ast.c — syntax tree constructors (one per parser action) and the
 * stable s-expression dump that the parser's unit tests and
 * `sicalc fmt --dump` read. */
#include "ast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ---- arrays that grow inside the arena ---- */

/* Makes room for element n of an array of n elements. The capacity is
 * implied by n (a power of two, at least 4), so nodes need no capacity
 * field; the old block stays in the arena, which wastes at most as much
 * as the array itself. */
static void *grow(rt_arena *a, void *v, int n, size_t elem)
{
    if (n > 0 && (n < 4 || (n & (n - 1))))
        return v;
    size_t cap = n < 4 ? 4 : (size_t)n * 2;
    void *w = rt_arena_alloc(a, cap * elem);
    if (n > 0)
        memcpy(w, v, (size_t)n * elem);
    return w;
}

ast_list *ast_list_add(rt_arena *a, ast_list *l, ast_expr *e)
{
    if (!l)
        l = rt_arena_alloc(a, sizeof *l);
    l->items = grow(a, l->items, l->n, sizeof *l->items);
    l->items[l->n++] = e;
    return l;
}

/* ---- expressions ---- */

static ast_expr *node(rt_arena *a, ast_kind k, loc at)
{
    ast_expr *e = rt_arena_alloc(a, sizeof *e);
    e->kind = k;
    e->at = at;
    return e;
}

ast_expr *ast_num(rt_arena *a, loc at, double v)
{
    ast_expr *e = node(a, AST_NUM, at);
    e->num = v;
    return e;
}

ast_expr *ast_str(rt_arena *a, loc at, const char *s)
{
    ast_expr *e = node(a, AST_STR, at);
    e->str = s;
    return e;
}

ast_expr *ast_bool(rt_arena *a, loc at, bool v)
{
    ast_expr *e = node(a, AST_BOOL, at);
    e->boolean = v;
    return e;
}

ast_expr *ast_name(rt_arena *a, loc at, const char *name)
{
    ast_expr *e = node(a, AST_NAME, at);
    e->str = name;
    return e;
}

ast_expr *ast_qualified(rt_arena *a, loc at, const char *ds, const char *name)
{
    ast_expr *e = ast_name(a, at, name);
    e->qual = ds;
    return e;
}

ast_expr *ast_unary(rt_arena *a, loc at, ast_op op, ast_expr *x)
{
    ast_expr *e = node(a, AST_UNARY, at);
    e->op = op;
    e->lhs = x;
    return e;
}

ast_expr *ast_binary(rt_arena *a, loc at, ast_op op, ast_expr *l, ast_expr *r)
{
    ast_expr *e = node(a, AST_BINARY, at);
    e->op = op;
    e->lhs = l;
    e->rhs = r;
    return e;
}

ast_expr *ast_if(rt_arena *a, loc at, ast_expr *c, ast_expr *t, ast_expr *f)
{
    ast_expr *e = node(a, AST_IF, at);
    e->cond = c;
    e->then = t;
    e->els = f;
    return e;
}

ast_expr *ast_in_list(rt_arena *a, loc at, ast_list *items)
{
    ast_expr *e = node(a, AST_IN_LIST, at);
    e->items = items->items;
    e->nitems = items->n;
    return e;
}

ast_expr *ast_in_range(rt_arena *a, loc at, ast_expr *lo, ast_expr *hi)
{
    ast_expr *e = node(a, AST_IN_RANGE, at);
    e->lo = lo;
    e->hi = hi;
    return e;
}

ast_expr *ast_in(loc at, ast_expr *lhs, ast_expr *rhs, bool negated)
{
    rhs->at = at;
    rhs->lhs = lhs;
    rhs->negated = negated;
    return rhs;
}

ast_expr *ast_is_missing(rt_arena *a, loc at, ast_expr *x, bool negated)
{
    ast_expr *e = node(a, AST_IS_MISSING, at);
    e->lhs = x;
    e->negated = negated;
    return e;
}

ast_arg ast_arg_make(ast_expr *key, ast_expr *value)
{
    return (ast_arg){key, value};
}

ast_expr *ast_call_arg(rt_arena *a, ast_expr *call, ast_arg arg)
{
    if (!call)
        call = node(a, AST_CALL, arg.value->at);
    call->args = grow(a, call->args, call->nargs, sizeof *call->args);
    call->args[call->nargs++] = arg;
    return call;
}

ast_expr *ast_call(rt_arena *a, loc at, const char *name, loc name_at,
                   ast_expr *args, ast_expr *where, ast_expr *weight,
                   ast_expr *per)
{
    ast_expr *e = args ? args : node(a, AST_CALL, at);
    e->at = at;
    e->str = name;
    e->name_at = name_at;
    e->where = where;
    e->weight = weight;
    e->per = per;
    return e;
}

/* ---- indicator clauses ---- */

static ast_clause *clause(rt_arena *a, clause_kind k, loc at)
{
    ast_clause *c = rt_arena_alloc(a, sizeof *c);
    c->kind = k;
    c->at = at;
    return c;
}

ast_band *ast_band_make(rt_arena *a, loc at, const char *label, ast_op op,
                        ast_expr *bound)
{
    ast_band *b = rt_arena_alloc(a, sizeof *b);
    b->label = label;
    b->at = at;
    b->has_cond = bound != NULL;
    b->op = op;
    b->bound = bound;
    return b;
}

ast_clause *ast_band_add(rt_arena *a, ast_clause *c, ast_band *b)
{
    if (!c)
        c = clause(a, CL_THRESHOLDS, b->at);
    c->bands = grow(a, c->bands, c->nbands, sizeof *c->bands);
    c->bands[c->nbands++] = *b;
    return c;
}

ast_clause *ast_clause_text(rt_arena *a, clause_kind k, loc at,
                            const char *lang, const char *text, loc text_at)
{
    ast_clause *c = clause(a, k, at);
    c->lang = lang;
    c->text = text;
    c->text_at = text_at;
    return c;
}

ast_clause *ast_clause_unit(rt_arena *a, loc at, const char *text, loc text_at,
                            bool is_string, bool has_num, double num)
{
    ast_clause *c = ast_clause_text(a, CL_UNIT, at, NULL, text, text_at);
    c->unit_is_string = is_string;
    c->has_unit_num = has_num;
    c->unit_num = num;
    return c;
}

ast_clause *ast_clause_expr(rt_arena *a, clause_kind k, loc at, ast_expr *e)
{
    ast_clause *c = clause(a, k, at);
    c->expr = e;
    return c;
}

ast_clause *ast_clause_by(rt_arena *a, loc at, ast_list *items)
{
    ast_clause *c = clause(a, CL_BY, at);
    c->items = items->items;
    c->nitems = items->n;
    return c;
}

ast_clause *ast_clause_target(rt_arena *a, loc at, ast_expr *value,
                              ast_expr *year)
{
    ast_clause *c = ast_clause_expr(a, CL_TARGET, at, value);
    c->year = year;
    return c;
}

ast_clause *ast_clause_at(ast_clause *c, clause_kind k, loc at)
{
    c->kind = k;
    c->at = at;
    return c;
}

/* ---- datasets ---- */

ast_column *ast_column_make(rt_arena *a, const char *name, loc at,
                            const char *type, loc type_at)
{
    ast_column *c = rt_arena_alloc(a, sizeof *c);
    c->name = name;
    c->at = at;
    c->type = type;
    c->type_at = type_at;
    return c;
}

ast_column *ast_column_in(struct diag *d, ast_column *c, ast_expr *rhs)
{
    bool range = rhs->kind == AST_IN_RANGE;
    if (range ? c->lo != NULL : c->allowed != NULL)
        diag_error(d, rhs->at, "column '%s' already has %s", c->name,
                   range ? "a range" : "a list of allowed values");
    if (range) {
        c->lo = rhs->lo;
        c->hi = rhs->hi;
    } else {
        c->allowed = rhs->items;
        c->nallowed = rhs->nitems;
    }
    return c;
}

ast_column *ast_column_missing(struct diag *d, ast_column *c, loc at,
                               ast_list *values)
{
    if (c->missing)
        diag_error(d, at, "column '%s' already has a list of missing values",
                   c->name);
    c->missing = values->items;
    c->nmissing = values->n;
    return c;
}

/* ---- declarations ---- */

ast_decl *ast_decl_new(rt_arena *a, decl_kind k)
{
    ast_decl *d = rt_arena_alloc(a, sizeof *d);
    d->kind = k;
    return d;
}

ast_decl *ast_decl_use(rt_arena *a, loc at, const char *name, loc name_at,
                       bool is_path)
{
    ast_decl *d = ast_decl_finish(ast_decl_new(a, DECL_USE), at, name, name_at,
                                  name_at, NULL);
    d->use_is_path = is_path;
    return d;
}

ast_decl *ast_decl_expr(rt_arena *a, decl_kind k, loc at, const char *name,
                        loc name_at, ast_expr *e)
{
    return ast_decl_finish(ast_decl_new(a, k), at, name, name_at, e->at, e);
}

ast_param ast_param_make(const char *name, loc at, ast_expr *def)
{
    return (ast_param){name, at, def};
}

ast_decl *ast_fn_param(rt_arena *a, ast_decl *fn, ast_param p)
{
    if (!fn)
        fn = ast_decl_new(a, DECL_FN);
    fn->params = grow(a, fn->params, fn->nparams, sizeof *fn->params);
    fn->params[fn->nparams++] = p;
    return fn;
}

/* A dataset names one period and one weight; a second is an error here
 * because the tree has room for one only. */
static void set_once(struct diag *d, const char *what, const char **field,
                     loc *field_at, const char *name, loc at)
{
    if (*field) {
        diag_error(d, at, "the dataset already has a %s ('%s')", what, *field);
        diag_note(d, *field_at, "%s declared here", what);
    }
    *field = name;
    *field_at = at;
}

ast_decl *ast_dataset_period(struct diag *d, ast_decl *ds, const char *name,
                             loc at)
{
    set_once(d, "period", &ds->period, &ds->period_at, name, at);
    return ds;
}

ast_decl *ast_dataset_weight(struct diag *d, ast_decl *ds, const char *name,
                             loc at)
{
    set_once(d, "weight", &ds->weight, &ds->weight_at, name, at);
    return ds;
}

/* Why two plain words and not keywords: "allow" and "negative" stay
 * usable as column names everywhere else. */
ast_decl *ast_dataset_weight_signed(struct diag *d, ast_decl *ds,
                                    const char *name, loc at, const char *word1,
                                    loc at1, const char *word2, loc at2)
{
    set_once(d, "weight", &ds->weight, &ds->weight_at, name, at);
    if (strcmp(word1, "allow") != 0)
        diag_error(d, at1,
                   "unexpected '%s' after the weight column: only 'allow "
                   "negative' may follow it",
                   word1);
    else if (strcmp(word2, "negative") != 0)
        diag_error(d, at2, "expected 'negative' after 'allow', not '%s'",
                   word2);
    ds->weight_negative = true;
    return ds;
}

ast_decl *ast_dataset_design(struct diag *d, rt_arena *a, ast_decl *ds, loc at)
{
    if (ds->design) {
        diag_error(d, at, "the dataset already has a design");
        diag_note(d, ds->design->at, "design declared here");
    }
    ds->design = rt_arena_alloc(a, sizeof *ds->design);
    memset(ds->design, 0, sizeof *ds->design);
    ds->design->at = at;
    return ds;
}

/* Why plain words and not keywords: strata, cluster, fpc and lonely stay
 * usable as column names everywhere else. */
ast_decl *ast_design_item(struct diag *d, ast_decl *ds, const char *word,
                          loc word_at, const char *value, loc value_at)
{
    ast_design *g = ds->design;
    static const char *const words[] = {"strata", "cluster", "fpc", "lonely"};
    const char **field[] = {&g->strata, &g->cluster, &g->fpc, &g->lonely};
    loc *at[] = {&g->strata_at, &g->cluster_at, &g->fpc_at, &g->lonely_at};
    for (int i = 0; i < 4; i++) {
        if (strcmp(word, words[i]) != 0)
            continue;
        if (*field[i]) {
            diag_error(d, word_at, "the design already has %s ('%s')", word,
                       *field[i]);
            diag_note(d, *at[i], "%s declared here", word);
        }
        *field[i] = value;
        *at[i] = value_at;
        return ds;
    }
    diag_error(d, word_at,
               "unknown design item '%s': strata, cluster, fpc or lonely",
               word);
    return ds;
}

ast_decl *ast_dataset_column(rt_arena *a, ast_decl *ds, ast_column *c)
{
    ds->columns = grow(a, ds->columns, ds->ncolumns, sizeof *ds->columns);
    ds->columns[ds->ncolumns++] = *c;
    return ds;
}

ast_decl *ast_add_clause(rt_arena *a, ast_decl *ind, ast_clause *c)
{
    ind->clauses = grow(a, ind->clauses, ind->nclauses, sizeof *ind->clauses);
    ind->clauses[ind->nclauses++] = *c;
    return ind;
}

ast_decl *ast_decl_broken(ast_decl *d)
{
    d->broken = true;
    return d;
}

ast_clause *ast_clause_ci(rt_arena *a, loc at, const char *method,
                          loc method_at, double level)
{
    ast_clause *c = clause(a, CL_CI, at);
    c->text = method;
    c->text_at = method_at;
    c->unit_num = level;
    c->has_unit_num = true;
    return c;
}

ast_clause *ast_clause_decimals(rt_arena *a, loc at, double places)
{
    ast_clause *c = clause(a, CL_DECIMALS, at);
    c->unit_num = places;
    c->has_unit_num = true;
    return c;
}

ast_clause *ast_clause_flag(rt_arena *a, loc at, const char *flag,
                            ast_expr *cond)
{
    ast_clause *c = clause(a, CL_FLAG, at);
    c->text = flag;
    c->text_at = at;
    c->expr = cond;
    return c;
}

const char *ast_lines(rt_arena *a, const char *prev, const char *line)
{
    if (!prev)
        return line;
    size_t n = strlen(prev), m = strlen(line);
    char *s = rt_arena_alloc(a, n + m + 2);
    memcpy(s, prev, n);
    s[n] = '\n';
    memcpy(s + n + 1, line, m + 1);
    return s;
}

ast_list *ast_cell(rt_arena *a, ast_list *l, const char *name, ast_expr *v)
{
    ast_expr *dim = ast_name(a, v->at, name);
    return ast_list_add(a, l, ast_binary(a, v->at, OP_EQ, dim, v));
}

ast_decl *ast_test_data(rt_arena *a, ast_decl *t, loc at, const char *dataset,
                        const char *text)
{
    t->data = grow(a, t->data, t->ndata, sizeof *t->data);
    t->data[t->ndata++] = (ast_testdata){dataset, at, text};
    return t;
}

ast_decl *ast_test_expect(rt_arena *a, ast_decl *t, loc at, const char *ind,
                          ast_list *cells, ast_expr *value, ast_expr *within,
                          ast_expr *ci)
{
    t->expects = grow(a, t->expects, t->nexpects, sizeof *t->expects);
    t->expects[t->nexpects++] = (ast_expect){
        ind,    at, cells ? cells->items : NULL, cells ? cells->n : 0, value,
        within, ci};
    return t;
}

ast_decl *ast_decl_policy(ast_decl *clauses, loc at, loc end_at)
{
    clauses->kind = DECL_POLICY;
    return ast_decl_finish(clauses, at, "policy", at, end_at, NULL);
}

ast_decl *ast_decl_domain(ast_decl *clauses, loc at, const char *name,
                          loc name_at, loc end_at)
{
    clauses->kind = DECL_DOMAIN;
    return ast_decl_finish(clauses, at, name, name_at, end_at, NULL);
}

ast_decl *ast_decl_finish(ast_decl *d, loc at, const char *name, loc name_at,
                          loc end_at, ast_expr *e)
{
    d->at = at;
    d->name = name;
    d->name_at = name_at;
    d->end_at = end_at;
    d->expr = e;
    return d;
}

/* ---- hierarchy and codelist ---- */

ast_decl *ast_hier_level(rt_arena *a, ast_decl *d, const char *name, loc at)
{
    if (!d)
        d = ast_decl_new(a, DECL_HIERARCHY);
    d->levels = grow(a, d->levels, d->nlevels, sizeof *d->levels);
    d->levels[d->nlevels++] = (ast_level){name, at};
    return d;
}

ast_decl *ast_codelist_entry(rt_arena *a, ast_decl *d, const char *level,
                             loc level_at, const char *code, loc code_at)
{
    if (!d)
        d = ast_decl_new(a, DECL_CODELIST);
    d->codes = grow(a, d->codes, d->ncodes, sizeof *d->codes);
    d->codes[d->ncodes++] = (ast_code){
        .level = level, .code = code, .level_at = level_at, .code_at = code_at};
    return d;
}

/* The entry a codelist's `in` or title belongs to, or NULL (reported). */
static ast_code *last_code(struct diag *dg, ast_decl *d, loc at)
{
    if (d->ncodes)
        return &d->codes[d->ncodes - 1];
    diag_error(dg, at,
               "a codelist entry starts with its level and code "
               "(municipality \"Pirot\" in \"Pirotski\")");
    return NULL;
}

ast_decl *ast_codelist_parent(struct diag *dg, ast_decl *d, const char *parent,
                              loc at)
{
    ast_code *c = last_code(dg, d, at);
    if (!c)
        return d;
    if (c->parent) {
        diag_error(dg, at, "'%s' already has a parent, '%s'", c->code,
                   c->parent);
        return d;
    }
    c->parent = parent;
    c->parent_at = at;
    return d;
}

ast_decl *ast_codelist_title(struct diag *dg, ast_decl *d, loc at,
                             const char *lang, const char *text)
{
    ast_code *c = last_code(dg, d, at);
    if (!c)
        return d;
    if (lang && strcmp(lang, "sr") != 0) {
        diag_error(dg, at, "a codelist has titles in English and sr, not '%s'",
                   lang);
        return d;
    }
    const char **t = lang ? &c->title_sr : &c->title;
    if (*t)
        diag_error(dg, at, "'%s' already has a %s", c->code,
                   lang ? "title@sr" : "title");
    *t = text;
    return d;
}

/* ---- index ---- */

ast_decl *ast_index_new(rt_arena *a)
{
    ast_decl *d = ast_decl_new(a, DECL_INDEX);
    d->index = rt_arena_alloc(a, sizeof *d->index);
    return d;
}

ast_decl *ast_index_word(struct diag *d, ast_decl *ix, ast_ix_word w, loc at,
                         const char *word)
{
    static const char *const kw[] = {"across", "combine", "missing"};
    ast_index *x = ix->index;
    const char **field = w == AST_IX_ACROSS    ? &x->across
                         : w == AST_IX_COMBINE ? &x->combine
                                               : &x->missing;
    loc *field_at = w == AST_IX_ACROSS    ? &x->across_at
                    : w == AST_IX_COMBINE ? &x->combine_at
                                          : &x->missing_at;
    if (*field) {
        diag_error(d, at, "the index already has '%s %s'", kw[w], *field);
        diag_note(d, *field_at, "'%s' given here", kw[w]);
    }
    *field = word;
    *field_at = at;
    return ix;
}

ast_decl *ast_index_scale(struct diag *d, ast_decl *ix, loc at,
                          const char *kind, bool has_range, double lo,
                          double hi, const char *ref, bool ref_is_string,
                          loc ref_at)
{
    ast_index *x = ix->index;
    if (x->scale) {
        diag_error(d, at, "the index already has 'scale %s'", x->scale);
        diag_note(d, x->scale_at, "'scale' given here");
    }
    x->scale = kind;
    x->scale_at = at;
    x->has_range = has_range;
    x->lo = lo;
    x->hi = hi;
    x->ref = ref;
    x->ref_is_string = ref_is_string;
    x->ref_at = ref_at;
    return ix;
}

ast_area *ast_area_member(rt_arena *a, ast_area *area, const char *name, loc at,
                          double weight, loc weight_at)
{
    if (!area)
        area = rt_arena_alloc(a, sizeof *area);
    area->members =
        grow(a, area->members, area->nmembers, sizeof *area->members);
    area->members[area->nmembers++] = (ast_member){name, at, weight, weight_at};
    return area;
}

ast_decl *ast_index_area(rt_arena *a, ast_decl *ix, const char *name, loc at,
                         double weight, loc weight_at, ast_area *members)
{
    ast_index *x = ix->index;
    x->areas = grow(a, x->areas, x->nareas, sizeof *x->areas);
    ast_area *ar = &x->areas[x->nareas++];
    *ar = *members;
    ar->name = name;
    ar->at = at;
    ar->weight = weight;
    ar->weight_at = weight_at;
    return ix;
}

void ast_push_decl(ast_decl ***v, int *n, size_t *cap, ast_decl *d)
{
    if (!d)
        return; /* a declaration lost to a syntax error */
    rt_grow((void **)v, cap, (size_t)*n + 1, sizeof **v);
    (*v)[(*n)++] = d;
}

/* ---- names for messages and the dump ---- */

int ast_children(const ast_expr *e, const ast_expr **out, int max)
{
    int n = 0;
    const ast_expr *fixed[] = {e->lhs, e->rhs, e->cond,  e->then,   e->els,
                               e->lo,  e->hi,  e->where, e->weight, e->per};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (fixed[i] && n < max)
            out[n++] = fixed[i];
    for (int i = 0; i < e->nargs; i++) {
        if (e->args[i].key && n < max)
            out[n++] = e->args[i].key;
        if (n < max)
            out[n++] = e->args[i].value;
    }
    for (int i = 0; i < e->nitems && n < max; i++)
        out[n++] = e->items[i];
    return n;
}

const char *ast_op_name(ast_op op)
{
    static const char *const names[] = {
#define LEVEL(k, assoc, tokens)
#define OP(k, level, src, formula, ir) src,
#include "prec.def"
#undef OP
#undef LEVEL
    };
    return (unsigned)op < sizeof names / sizeof *names ? names[op] : "?";
}

const char *ast_kind_name(ast_kind k)
{
    static const char *const names[] = {
#define X(kind, name) name,
#include "ast.def"
#undef X
    };
    return (unsigned)k < AST__COUNT ? names[k] : "?";
}

const char *ast_clause_keyword(clause_kind k)
{
    static const char *const names[] = {
#define X(kind, kw) kw,
#include "clauses.def"
#undef X
    };
    return (unsigned)k < CL__COUNT ? names[k] : "?";
}

const char *ast_decl_keyword(decl_kind k)
{
    static const char *const w[] = {
        "use",    "const", "let",    "fn",    "dataset",   "indicator",
        "policy", "test",  "domain", "index", "hierarchy", "codelist"};
    return w[k];
}

const ast_clause *ast_clause_find(const ast_decl *d, clause_kind k,
                                  const char *lang)
{
    const ast_clause *plain = NULL;
    for (int i = 0; i < d->nclauses; i++) {
        const ast_clause *c = &d->clauses[i];
        if (c->kind != k)
            continue;
        if (lang && c->lang && strcmp(c->lang, lang) == 0)
            return c;
        if (!c->lang && !plain)
            plain = c;
    }
    return plain;
}

/* ---- the dump ---- */

/* Shortest form that reads back as the same double, so dumps are stable
 * and exact. */
static void dump_num(FILE *out, double v)
{
    char buf[40];
    if (v == floor(v) && fabs(v) < 1e15) {
        fprintf(out, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, out);
}

static void dump_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(out, "\\x%02X", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* A plain identifier prints bare; anything else as a backtick name. */
static void dump_name(FILE *out, const char *s)
{
    bool plain = *s && !(*s >= '0' && *s <= '9');
    for (const char *p = s; *p; p++)
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            plain = false;
    fprintf(out, plain ? "%s" : "`%s`", s);
}

static void dump_expr(FILE *out, const ast_expr *e);

static void dump_exprs(FILE *out, ast_expr *const *v, int n)
{
    fputc('(', out);
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(' ', out);
        dump_expr(out, v[i]);
    }
    fputc(')', out);
}

static void dump_call(FILE *out, const ast_expr *e)
{
    fputs("(call ", out);
    dump_name(out, e->str);
    for (int i = 0; i < e->nargs; i++) {
        fputc(' ', out);
        if (e->args[i].key) {
            fputs("(: ", out);
            dump_expr(out, e->args[i].key);
            fputc(' ', out);
        }
        dump_expr(out, e->args[i].value);
        if (e->args[i].key)
            fputc(')', out);
    }
    if (e->where) {
        fputs(" (where ", out);
        dump_expr(out, e->where);
        fputc(')', out);
    }
    if (e->weight) {
        fputs(" (weighted ", out);
        dump_expr(out, e->weight);
        fputc(')', out);
    }
    if (e->per) {
        fputs(" (per ", out);
        dump_expr(out, e->per);
        fputc(')', out);
    }
    fputc(')', out);
}

static void dump_expr(FILE *out, const ast_expr *e)
{
    if (!e) {
        fputs("<null>", out);
        return;
    }
    switch (e->kind) {
    case AST_NUM: dump_num(out, e->num); break;
    case AST_STR: dump_str(out, e->str); break;
    case AST_BOOL: fputs(e->boolean ? "true" : "false", out); break;
    case AST_NAME:
        if (e->qual) {
            dump_name(out, e->qual);
            fputc('.', out);
        }
        dump_name(out, e->str);
        break;
    case AST_CALL: dump_call(out, e); break;
    case AST_UNARY:
        fprintf(out, "(%s ", ast_op_name(e->op));
        dump_expr(out, e->lhs);
        fputc(')', out);
        break;
    case AST_BINARY:
        fprintf(out, "(%s ", ast_op_name(e->op));
        dump_expr(out, e->lhs);
        fputc(' ', out);
        dump_expr(out, e->rhs);
        fputc(')', out);
        break;
    case AST_IN_LIST:
        fputs(e->negated ? "(not-in " : "(in ", out);
        dump_expr(out, e->lhs);
        fputc(' ', out);
        dump_exprs(out, e->items, e->nitems);
        fputc(')', out);
        break;
    case AST_IN_RANGE:
        fputs(e->negated ? "(not-in " : "(in ", out);
        dump_expr(out, e->lhs);
        fputs(" (.. ", out);
        dump_expr(out, e->lo);
        fputc(' ', out);
        dump_expr(out, e->hi);
        fputs("))", out);
        break;
    case AST_IS_MISSING:
        fputs(e->negated ? "(is-not-missing " : "(is-missing ", out);
        dump_expr(out, e->lhs);
        fputc(')', out);
        break;
    case AST_IF:
        fputs("(if ", out);
        dump_expr(out, e->cond);
        fputc(' ', out);
        dump_expr(out, e->then);
        fputc(' ', out);
        dump_expr(out, e->els);
        fputc(')', out);
        break;
    case AST__COUNT: fputs("<?>", out); break;
    }
}

static void dump_band(FILE *out, const ast_band *b)
{
    fputc('(', out);
    dump_name(out, b->label);
    if (b->has_cond) {
        fprintf(out, " %s ", ast_op_name(b->op));
        dump_expr(out, b->bound);
    }
    fputc(')', out);
}

static void dump_clause(FILE *out, const ast_clause *c)
{
    fprintf(out, "\n  (%s", ast_clause_keyword(c->kind));
    if (c->lang)
        fprintf(out, "@%s", c->lang);
    if (c->text) {
        fputc(' ', out);
        bool quoted = c->kind == CL_UNIT
                          ? c->unit_is_string
                          : c->kind == CL_TITLE || c->kind == CL_DEFINITION ||
                                c->kind == CL_NOTE || c->kind == CL_SOURCE;
        if (quoted)
            dump_str(out, c->text);
        else
            dump_name(out, c->text);
    }
    if (c->has_unit_num) {
        fputc(' ', out);
        dump_num(out, c->unit_num);
    }
    for (int i = 0; i < c->nitems; i++) {
        fputc(' ', out);
        dump_expr(out, c->items[i]);
    }
    for (int i = 0; i < c->nbands; i++) {
        fputc(' ', out);
        dump_band(out, &c->bands[i]);
    }
    if (c->expr) {
        fputc(' ', out);
        dump_expr(out, c->expr);
    }
    if (c->year) {
        fputc(' ', out);
        dump_expr(out, c->year);
    }
    fputc(')', out);
}

static void dump_column(FILE *out, const ast_column *c)
{
    fputs("\n  (column ", out);
    dump_name(out, c->name);
    fputc(' ', out);
    dump_name(out, c->type);
    if (c->allowed) {
        fputs(" (in ", out);
        dump_exprs(out, c->allowed, c->nallowed);
        fputc(')', out);
    }
    if (c->lo) {
        fputs(" (in (.. ", out);
        dump_expr(out, c->lo);
        fputc(' ', out);
        dump_expr(out, c->hi);
        fputs("))", out);
    }
    if (c->missing) {
        fputs(" (missing ", out);
        dump_exprs(out, c->missing, c->nmissing);
        fputc(')', out);
    }
    fputc(')', out);
}

static void dump_dataset(FILE *out, const ast_decl *d)
{
    if (d->period) {
        fputs("\n  (period ", out);
        dump_name(out, d->period);
        fputc(')', out);
    }
    if (d->weight) {
        fputs("\n  (weight ", out);
        dump_name(out, d->weight);
        if (d->weight_negative)
            fputs(" allow negative", out);
        fputc(')', out);
    }
    for (int i = 0; i < d->ncolumns; i++)
        dump_column(out, &d->columns[i]);
}

static void dump_index(FILE *out, const ast_index *x)
{
    const char *words[][2] = {{"across", x->across},
                              {"scale", x->scale},
                              {"combine", x->combine},
                              {"missing", x->missing}};
    for (int i = 0; i < 4; i++)
        if (words[i][1]) {
            fprintf(out, "\n  (%s ", words[i][0]);
            dump_name(out, words[i][1]);
            if (i == 1 && x->has_range) {
                fputc(' ', out);
                dump_num(out, x->lo);
                fputc(' ', out);
                dump_num(out, x->hi);
            }
            if (i == 1 && x->ref) {
                fputc(' ', out);
                dump_str(out, x->ref);
            }
            fputc(')', out);
        }
    for (int i = 0; i < x->nareas; i++) {
        const ast_area *ar = &x->areas[i];
        fputs("\n  (area ", out);
        dump_name(out, ar->name);
        fputc(' ', out);
        dump_num(out, ar->weight < 0 ? 1 : ar->weight);
        for (int k = 0; k < ar->nmembers; k++) {
            fputs(" (", out);
            dump_name(out, ar->members[k].name);
            fputc(' ', out);
            dump_num(out,
                     ar->members[k].weight < 0 ? 1 : ar->members[k].weight);
            fputc(')', out);
        }
        fputc(')', out);
    }
}

static void dump_decl(FILE *out, const ast_decl *d)
{
    fprintf(out, "(%s ", ast_decl_keyword(d->kind));
    if (d->kind == DECL_USE && d->use_is_path)
        dump_str(out, d->name);
    else
        dump_name(out, d->name);
    if (d->kind == DECL_FN) {
        fputs(" (", out);
        for (int i = 0; i < d->nparams; i++) {
            if (i)
                fputc(' ', out);
            dump_name(out, d->params[i].name);
            if (d->params[i].def) {
                fputs(" = ", out);
                dump_expr(out, d->params[i].def);
            }
        }
        fputc(')', out);
    }
    if (d->expr) {
        fputc(' ', out);
        dump_expr(out, d->expr);
    }
    if (d->kind == DECL_DATASET)
        dump_dataset(out, d);
    if (d->kind == DECL_INDEX)
        dump_index(out, d->index);
    for (int i = 0; i < d->nlevels; i++) {
        fputc(' ', out);
        dump_name(out, d->levels[i].name);
    }
    for (int i = 0; i < d->ncodes; i++) {
        const ast_code *c = &d->codes[i];
        fputs("\n  (", out);
        dump_name(out, c->level);
        fputc(' ', out);
        dump_str(out, c->code);
        const char *kw[] = {" (in ", " (title ", " (title@sr "};
        const char *v[] = {c->parent, c->title, c->title_sr};
        for (int k = 0; k < 3; k++)
            if (v[k]) {
                fputs(kw[k], out);
                dump_str(out, v[k]);
                fputc(')', out);
            }
        fputc(')', out);
    }
    for (int i = 0; i < d->nclauses; i++)
        dump_clause(out, &d->clauses[i]);
    for (int i = 0; i < d->ndata; i++) {
        fputs("\n  (data ", out);
        dump_name(out, d->data[i].dataset ? d->data[i].dataset : "_");
        fputc(' ', out);
        dump_str(out, d->data[i].text);
        fputc(')', out);
    }
    for (int i = 0; i < d->nexpects; i++) {
        const ast_expect *e = &d->expects[i];
        fputs("\n  (expect ", out);
        dump_name(out, e->indicator);
        for (int k = 0; k < e->ncells; k++) {
            fputc(' ', out);
            dump_expr(out, e->cells[k]);
        }
        fputc(' ', out);
        dump_expr(out, e->value);
        if (e->within) {
            fputs(" (within ", out);
            dump_expr(out, e->within);
            fputc(')', out);
        }
        fputc(')', out);
    }
    fputs(")\n", out);
}

void ast_dump(FILE *out, const ast_program *p)
{
    for (int i = 0; i < p->ndecls; i++)
        dump_decl(out, p->decls[i]);
}
