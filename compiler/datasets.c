/* datasets.c — which data file each part of the catalogue reads. Every
 * data file is a dataset named by its stem; an aggregate reads the one
 * whose header has every column it reads (through lets and functions), a
 * qualified name (nsz.unemployed) or the indicator's `from` deciding when
 * several could. Without data, the `dataset` declarations stand in for the
 * headers, and nothing is an error for lack of a column. */
#include <string.h>

#include "builtins.h"
#include "checker.h"
#include "suggest.h"

/* How deeply lets and functions are followed when collecting names; a
 * deeper chain is a cycle, reported when it is lowered. */
#define MAX_NAME_DEPTH 64

typedef struct names {
    const ast_expr **v;
    int n, cap;
} names;

colinfo *datasets_column(checker *c, const char *name, loc at)
{
    return symtab_column(&c->st, name, c->cur_ds, c->ds[c->cur_ds].decl, at);
}

int datasets_find(const checker *c, const char *name)
{
    for (int i = 0; i < c->nds; i++)
        if (c->ds[i].name && strcmp(c->ds[i].name, name) == 0)
            return i;
    return -1;
}

static bool declares(const ast_decl *d, const char *name)
{
    for (int i = 0; d && i < d->ncolumns; i++)
        if (strcmp(d->columns[i].name, name) == 0)
            return true;
    return d && ((d->period && strcmp(d->period, name) == 0) ||
                 (d->weight && strcmp(d->weight, name) == 0));
}

bool datasets_has_column(const checker *c, int ds, const char *name)
{
    const dsinfo *d = &c->ds[ds];
    if (d->header) {
        for (int i = 0; i < d->nheader; i++)
            if (strcmp(d->header[i], name) == 0)
                return true;
        return false;
    }
    return !d->decl || declares(d->decl, name);
}

static void add_name(checker *c, names *out, const ast_expr *e)
{
    if (out->n == out->cap) {
        int cap = out->cap ? out->cap * 2 : 8;
        const ast_expr **v = rt_arena_alloc(c->a, sizeof(*v) * (size_t)cap);
        if (out->n)
            memcpy(v, out->v, sizeof(*v) * (size_t)out->n);
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n++] = e;
}

static void collect(checker *c, const ast_expr *e, names *out,
                    const binding *env, int nenv, int depth);

static void collect_name(checker *c, const ast_expr *e, names *out,
                         const binding *env, int nenv, int depth)
{
    for (int i = nenv - 1; !e->qual && i >= 0; i--)
        if (strcmp(env[i].name, e->str) == 0) {
            collect(c, env[i].arg, out, env[i].outer, env[i].nouter, depth + 1);
            return;
        }
    sym *s = e->qual ? NULL : symtab_find(&c->st, e->str);
    if (!s) {
        add_name(c, out, e);
        return;
    }
    if (s->kind == SYM_LET && depth < MAX_NAME_DEPTH)
        collect(c, s->decl->expr, out, NULL, 0, depth + 1);
}

static void collect_call(checker *c, const ast_expr *e, names *out,
                         const binding *env, int nenv, int depth)
{
    bool per_key = e->per && builtins_agg(e->str) >= 0;
    if (builtins_reads_period(e->str) && !per_key)
        return;    /* it reads its own dataset, per period */
    if (per_key) { /* read back in each row: the row's own dataset */
        collect(c, e->where, out, env, nenv, depth);
        collect(c, e->weight, out, env, nenv, depth);
        collect(c, e->per, out, env, nenv, depth);
    }
    sym *s = symtab_find(&c->st, e->str);
    if (s && s->kind == SYM_FN && s->decl->nparams >= e->nargs &&
        depth < MAX_NAME_DEPTH) {
        int np = s->decl->nparams;
        binding *b = rt_arena_alloc(c->a, sizeof(binding) * (np + 1));
        for (int i = 0; i < np; i++)
            b[i] = i < e->nargs ? (binding){s->decl->params[i].name,
                                            e->args[i].value, env, nenv, 0}
                                : (binding){s->decl->params[i].name,
                                            s->decl->params[i].def, NULL, 0, 0};
        collect(c, s->decl->expr, out, b, np, depth + 1);
        return;
    }
    for (int i = 0; i < e->nargs; i++) {
        if (e->args[i].key)
            collect(c, e->args[i].key, out, env, nenv, depth);
        collect(c, e->args[i].value, out, env, nenv, depth);
    }
}

static void collect(checker *c, const ast_expr *e, names *out,
                    const binding *env, int nenv, int depth)
{
    if (!e)
        return;
    switch (e->kind) {
    case AST_NAME: collect_name(c, e, out, env, nenv, depth); return;
    case AST_CALL: collect_call(c, e, out, env, nenv, depth); return;
    default: break;
    }
    const ast_expr *kids[] = {e->lhs, e->rhs, e->cond, e->then,
                              e->els, e->lo,  e->hi};
    for (size_t i = 0; i < sizeof kids / sizeof *kids; i++)
        collect(c, kids[i], out, env, nenv, depth);
    for (int i = 0; i < e->nitems; i++)
        collect(c, e->items[i], out, env, nenv, depth);
}

/* The columns an aggregate call reads itself (not its nested aggregates),
 * under the checker's current function bindings. */
static names agg_names(checker *c, const ast_expr *e)
{
    names out = {0};
    for (int i = 0; i < e->nargs; i++)
        collect(c, e->args[i].value, &out, c->env, c->nenv, 0);
    collect(c, e->where, &out, c->env, c->nenv, 0);
    collect(c, e->weight, &out, c->env, c->nenv, 0);
    collect(c, e->per, &out, c->env, c->nenv, 0);
    return out;
}

/* A dataset declared in the catalogue whose file was not given. */
static const char *declared_elsewhere(const checker *c, const char *column)
{
    for (int i = 0; i < c->ndsdecls; i++) {
        const ast_decl *d = c->dsdecls[i];
        if (datasets_find(c, d->name) < 0 && declares(d, column))
            return d->name;
    }
    return NULL;
}

/* Which given datasets have every name; qualified names pin one. */
static int candidates(checker *c, const names *ns, int pinned, bool *ok)
{
    int n = 0;
    for (int d = 0; d < c->nds; d++) {
        ok[d] = pinned < 0 || d == pinned;
        for (int i = 0; ok[d] && i < ns->n; i++)
            ok[d] = datasets_has_column(c, d, ns->v[i]->str);
        n += ok[d];
    }
    return n;
}

/* The dataset named by qualified names, -1 for none, -2 on error. */
static int pinned_dataset(checker *c, const names *ns)
{
    int pinned = -1;
    for (int i = 0; i < ns->n; i++) {
        const ast_expr *e = ns->v[i];
        if (!e->qual)
            continue;
        int d = datasets_find(c, e->qual);
        if (d < 0 && c->have_data) {
            for (int k = 0; k < c->ndsdecls; k++)
                if (strcmp(c->dsdecls[k]->name, e->qual) == 0) {
                    c->skip_ds = c->dsdecls[k]->name;
                    return -2;
                }
            diag_error(c->d, e->at, "no data file is named '%s'", e->qual);
            return -2;
        }
        if (d >= 0 && pinned >= 0 && d != pinned) {
            diag_error(c->d, e->at,
                       "one aggregate reads one data file, but this one "
                       "names '%s' and '%s'",
                       c->ds[pinned].name, e->qual);
            return -2;
        }
        if (d >= 0)
            pinned = d;
    }
    return pinned;
}

static void unknown_column(checker *c, const ast_expr *e)
{
    int n = c->st.nsyms;
    for (int d = 0; d < c->nds; d++)
        n += c->ds[d].nheader;
    const char **cands = rt_arena_alloc(c->a, sizeof(char *) * (n + 1));
    int k = 0;
    for (int d = 0; d < c->nds; d++)
        for (int i = 0; i < c->ds[d].nheader; i++)
            cands[k++] = c->ds[d].header[i];
    for (size_t i = 0; i < c->st.nsyms; i++)
        if (c->st.syms[i].kind != SYM_FN)
            cands[k++] = c->st.syms[i].name;
    const char *best = suggest_best(e->str, cands, k);
    if (best)
        diag_error(c->d, e->at, "unknown column '%s' (did you mean '%s'?)",
                   e->str, best);
    else
        diag_error(c->d, e->at,
                   "unknown column '%s': it is in no data file's header, "
                   "nor a let or const",
                   e->str);
}

/* Without data: the declared columns of every dataset (of dataset ds
 * alone when ds >= 0), and the lets and consts, as did-you-mean
 * candidates. */
static const char *nearest_declared(checker *c, const char *name, int ds)
{
    int n = (int)c->st.nsyms + 2 * c->ndsdecls;
    for (int i = 0; i < c->ndsdecls; i++)
        n += c->dsdecls[i]->ncolumns;
    const char **cands = rt_arena_alloc(c->a, sizeof(char *) * (n + 1));
    int k = 0;
    for (int i = 0; i < c->nds; i++) {
        const ast_decl *d = c->ds[i].decl;
        if (!d || (ds >= 0 && i != ds))
            continue;
        for (int j = 0; j < d->ncolumns; j++)
            cands[k++] = d->columns[j].name;
        cands[k++] = d->period;
        cands[k++] = d->weight;
    }
    for (size_t i = 0; ds < 0 && i < c->st.nsyms; i++)
        if (c->st.syms[i].kind != SYM_FN)
            cands[k++] = c->st.syms[i].name;
    return suggest_best(name, cands, k);
}

/* Without data: whether dataset ds may have the column. Only a dataset
 * that declares columns promises that it has no others. */
static bool may_have(const checker *c, int ds, const char *name)
{
    const ast_decl *d = c->ds[ds].decl;
    return !d || d->ncolumns == 0 || declares(d, name);
}

bool datasets_declared(checker *c, const ast_expr *e)
{
    if (c->have_data)
        return true;
    int pinned = e->qual ? datasets_find(c, e->qual) : -1;
    if (pinned < 0 && c->ds_sure && c->ds[c->cur_ds].name)
        pinned = c->cur_ds;
    if (pinned >= 0) {
        if (may_have(c, pinned, e->str))
            return true;
    } else {
        for (int d = 0; d < c->nds; d++)
            if (may_have(c, d, e->str))
                return true;
    }
    const char *best = nearest_declared(c, e->str, pinned);
    if (pinned >= 0)
        diag_error(c->d, e->at, "dataset '%s' declares no column '%s'%s%s%s",
                   c->ds[pinned].name, e->str, best ? " (did you mean '" : "",
                   best ? best : "", best ? "'?)" : "");
    else
        diag_error(c->d, e->at,
                   "unknown column '%s'%s%s%s: no dataset declares it, and "
                   "it is no let or const",
                   e->str, best ? " (did you mean '" : "", best ? best : "",
                   best ? "'?)" : "");
    return false;
}

/* Nothing fits: a column of a data file that was not given (skip the
 * indicator), a typo, or columns spread over several files. */
static int explain_none(checker *c, const names *ns, const ast_expr *at)
{
    for (int i = 0; i < ns->n; i++) {
        const ast_expr *e = ns->v[i];
        bool anywhere = false;
        for (int d = 0; d < c->nds && !anywhere; d++)
            anywhere = datasets_has_column(c, d, e->str);
        if (anywhere)
            continue;
        const char *other = declared_elsewhere(c, e->str);
        if (other) {
            c->skip_ds = other;
            return -1;
        }
        unknown_column(c, e);
        return -1;
    }
    diag_error(c->d, at->at,
               "no data file has every column this aggregate reads (its "
               "columns come from different files); split it, or qualify "
               "them as dataset.column");
    return -1;
}

static int explain_many(checker *c, const names *ns, const bool *ok,
                        const ast_expr *at)
{
    char files[256] = "";
    for (int d = 0; d < c->nds; d++)
        if (ok[d]) {
            if (*files)
                strncat(files, ", ", sizeof files - strlen(files) - 1);
            strncat(files, c->ds[d].name, sizeof files - strlen(files) - 1);
        }
    if (ns->n == 0)
        diag_error(c->d, at->at,
                   "this aggregate reads no column and several data files "
                   "are given (%s): add `from DATASET` to indicator '%s'",
                   files, c->ind_name ? c->ind_name : "?");
    else
        diag_error(c->d, ns->v[0]->at,
                   "'%s' is in several data files (%s): write "
                   "DATASET.%s, or add `from DATASET` to indicator '%s'",
                   ns->v[0]->str, files, ns->v[0]->str,
                   c->ind_name ? c->ind_name : "?");
    return -1;
}

static int choose(checker *c, const names *ns, const ast_expr *at)
{
    int pinned = pinned_dataset(c, ns);
    if (pinned == -2)
        return -1;
    bool *ok = rt_arena_alloc(c->a, sizeof(bool) * (c->nds + 1));
    int n = candidates(c, ns, pinned, ok);
    int from = c->from ? datasets_find(c, c->from) : -1;
    c->ds_sure = true;
    if (n == 1 || (n > 1 && from >= 0 && ok[from]))
        for (int d = 0; d < c->nds; d++)
            if (ok[d] && (n == 1 || d == from))
                return d;
    if (!c->have_data) { /* without data nothing is known for sure */
        c->ds_sure = pinned >= 0 || from >= 0;
        return pinned >= 0 ? pinned : from >= 0 ? from : 0;
    }
    return n == 0 ? explain_none(c, ns, at) : explain_many(c, ns, ok, at);
}

int datasets_for_agg(checker *c, const ast_expr *e)
{
    names ns = agg_names(c, e);
    return choose(c, &ns, e);
}

int datasets_for_expr(checker *c, const ast_expr *e)
{
    names ns = {0};
    collect(c, e, &ns, NULL, 0, 0);
    int pinned = pinned_dataset(c, &ns);
    if (pinned == -2)
        return -1;
    bool *ok = rt_arena_alloc(c->a, sizeof(bool) * (c->nds + 1));
    if (candidates(c, &ns, pinned, ok) == 0)
        return c->have_data ? explain_none(c, &ns, e) : 0;
    for (int d = 0; d < c->nds; d++)
        if (ok[d])
            return d;
    return 0;
}

bool datasets_can_compute(checker *c, int ds, const ast_expr *e,
                          const char **missing)
{
    names ns = {0};
    collect(c, e, &ns, NULL, 0, 0);
    if (ds < 0) { /* no dataset: only expressions without columns */
        *missing = ns.n ? ns.v[0]->str : NULL;
        return ns.n == 0;
    }
    if (!c->have_data) /* declarations list some columns, not all */
        return true;
    for (int i = 0; i < ns.n; i++) {
        const ast_expr *n = ns.v[i];
        bool here = (!n->qual || strcmp(n->qual, c->ds[ds].name) == 0) &&
                    datasets_has_column(c, ds, n->str);
        if (!here) {
            *missing = n->str;
            return false;
        }
    }
    return true;
}

static const ast_decl *declared(const checker *c, const char *name)
{
    for (int i = 0; i < c->ndsdecls; i++)
        if (name && strcmp(c->dsdecls[i]->name, name) == 0)
            return c->dsdecls[i];
    return NULL;
}

static void gather_decls(checker *c, const ast_program *prog)
{
    c->dsdecls = rt_arena_alloc(c->a, sizeof(ast_decl *) * (prog->ndecls + 1));
    for (int i = 0; i < prog->ndecls; i++)
        if (prog->decls[i]->kind == DECL_DATASET)
            c->dsdecls[c->ndsdecls++] = prog->decls[i];
}

/* Standard input ("-") has no name to bind by: it is the catalogue's
 * only dataset that no other file is named after; with several left, an
 * error names them. A catalogue that declares none reads it as an
 * anonymous dataset. */
static void bind_stdin(checker *c, int i)
{
    const check_opts *o = c->o;
    const ast_decl *only = NULL;
    int left = 0;
    char list[512] = "";
    for (int k = 0; k < c->ndsdecls; k++) {
        bool named = false;
        for (int j = 0; j < o->ndata; j++)
            named = named || strcmp(o->data[j].stem, c->dsdecls[k]->name) == 0;
        if (named)
            continue;
        only = c->dsdecls[k];
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", left ? ", " : "",
                 only->name);
        left++;
    }
    if (left == 1) {
        c->ds[i].decl = only;
        c->ds[i].name = only->name;
    } else if (left > 1)
        diag_plain(c->d,
                   "'-' (standard input) is read as the one dataset that "
                   "no data file is named after, but %d are: %s; save the "
                   "data as a file named after its dataset",
                   left, list);
}

/* One dataset per data file; without data, one per declaration (or one
 * anonymous dataset). */
static void make_datasets(checker *c)
{
    const check_opts *o = c->o;
    c->have_data = o->ndata > 0;
    int n = c->have_data ? o->ndata : (c->ndsdecls ? c->ndsdecls : 1);
    c->ds = rt_arena_alloc(c->a, sizeof(dsinfo) * (n + 1));
    c->nds = n;
    for (int i = 0; i < n; i++) {
        dsinfo *d = &c->ds[i];
        d->period_col = -1;
        if (c->have_data) {
            d->name = o->data[i].stem;
            d->header = o->data[i].header;
            d->nheader = o->data[i].nheader;
            d->decl = declared(c, d->name);
            /* One file and one declaration: they go together whatever
             * their names (the quick start of DESIGN.md). */
            if (!d->decl && n == 1 && c->ndsdecls == 1)
                d->decl = c->dsdecls[0];
            if (!d->decl && strcmp(d->name, "-") == 0)
                bind_stdin(c, i);
        } else if (c->ndsdecls) {
            d->decl = c->dsdecls[i];
            d->name = d->decl->name;
        }
    }
}

static void bind_period(checker *c, int i)
{
    dsinfo *d = &c->ds[i];
    const char *period =
        c->o->period ? c->o->period : (d->decl ? d->decl->period : NULL);
    if (!period)
        return;
    if (d->header && !datasets_has_column(c, i, period)) {
        if (c->o->period)
            diag_plain(c->d, "--period: no column '%s' in '%s'", period,
                       d->name);
        else
            diag_error(c->d, d->decl->period_at,
                       "period column '%s' is not in the header of '%s'",
                       period, d->name);
        return;
    }
    loc at = d->decl && d->decl->period ? d->decl->period_at : (loc){0};
    d->period = period;
    c->cur_ds = i;
    colinfo *ci = datasets_column(c, period, at);
    ci->as_str = true;
    d->period_col = (int)(ci - c->st.cols);
    if (!c->period)
        c->period = period;
}

void datasets_bind_columns(checker *c, int i)
{
    dsinfo *d = &c->ds[i];
    const ast_decl *decl = d->decl;
    if (!decl)
        return;
    c->cur_ds = i;
    /* Declared columns are read (and their contracts checked) even when
     * no indicator uses them. */
    for (int k = 0; d->header && k < decl->ncolumns; k++)
        if (datasets_has_column(c, i, decl->columns[k].name))
            datasets_column(c, decl->columns[k].name, decl->columns[k].at)
                ->uses--;
}

void datasets_bind(checker *c, const ast_program *prog)
{
    gather_decls(c, prog);
    make_datasets(c);
    for (int i = 0; i < c->nds; i++)
        bind_period(c, i);
    c->cur_ds = 0;
}
