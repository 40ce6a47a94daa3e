/* check_column.c — the columns expressions read: a column reference
 * checked and lowered (context, data file, declaration, type), allowed
 * values in comparisons, the closest column for messages. */
#include <stdio.h>
#include <string.h>

#include "../runtime/numfmt.h"
#include "checker.h"
#include "suggest.h"

/* The declared column a value is read from (through a let that is only
 * the column), if its contract lists allowed values. */
static const ast_column *allowed_column(checker *c, const rt_expr *e)
{
    if (e && e->op == RT_LET && e->nkids == 1)
        e = e->kids[0];
    if (!e || (e->op != RT_COLSTR && e->op != RT_COLNUM))
        return NULL;
    const ast_column *col = c->st.cols[e->slot].decl;
    return col && col->nallowed > 0 ? col : NULL;
}

/* A constant as a column's allowed values are written: text as it is,
 * numbers in their shortest form; false for any other value. */
static bool value_text(const rt_value *v, char *buf, size_t size)
{
    if (v->tag == RT_STR) {
        snprintf(buf, size, "%s", v->str);
        return true;
    }
    if (v->tag == RT_NUM) {
        rt_fmt_number(buf, size, v->num);
        return true;
    }
    return false;
}

/* Why here, at the comparison: `sex == "Z"` where the dataset says
 * `column sex text in ("M", "F")` is never true, so almost surely a typo,
 * and only the comparison knows both sides. */
bool check_allowed(checker *c, const lowered *col, const lowered *v,
                   const ast_expr *at)
{
    const ast_column *d = allowed_column(c, col->e);
    char want[256];
    if (!d || !v->e || v->e->op != RT_CONST ||
        !value_text(&v->e->k, want, sizeof want))
        return true;
    const char **names = rt_arena_alloc(c->a, sizeof(char *) * d->nallowed);
    char list[256] = "";
    for (int i = 0; i < d->nallowed; i++) {
        const ast_expr *a = d->allowed[i];
        char buf[256];
        if (a->kind == AST_STR)
            snprintf(buf, sizeof buf, "%s", a->str);
        else if (a->kind == AST_NUM)
            rt_fmt_number(buf, sizeof buf, a->num);
        else
            return true; /* a const: folded later, not checked here */
        if (strcmp(buf, want) == 0)
            return true;
        names[i] = rt_arena_strdup(c->a, buf);
        size_t len = strlen(list);
        if (len < sizeof list - 40)
            snprintf(list + len, sizeof list - len, "%s%s%.60s%s",
                     i ? ", " : "", a->kind == AST_STR ? "\"" : "", buf,
                     a->kind == AST_STR ? "\"" : "");
        else if (!strstr(list, "..."))
            strcat(list, ", ...");
    }
    const char *best = suggest_best(want, names, d->nallowed);
    if (best)
        diag_error(c->d, at->at,
                   "'%s' is not an allowed value of column '%s' (did you "
                   "mean '%s'?)",
                   want, d->name, best);
    else
        diag_error(c->d, at->at,
                   "'%s' is not an allowed value of column '%s' (allowed: "
                   "%s)",
                   want, d->name, list);
    return false;
}

/* Why a function of its own: a name that is no parameter, let, const
 * or result name is a column, and every rule about reading one (context,
 * data file, declaration, type) is here. */
lowered check_column_ref(checker *c, const ast_expr *e, ctx cx)
{
    if (!c->in_agg && cx == CTX_GROUP) {
        diag_error(c->d, e->at,
                   "column '%s' is read per row, but this expression gives "
                   "one value per group: put it inside an aggregate, e.g. "
                   "sum(%s)",
                   e->str, e->str);
        return (lowered){.t = TY_ERR};
    }
    if (!c->in_agg && cx == CTX_CONST) {
        diag_error(c->d, e->at,
                   "a const cannot read column '%s' outside an aggregate",
                   e->str);
        return (lowered){.t = TY_ERR};
    }
    const dsinfo *ds = &c->ds[c->cur_ds];
    if (e->qual && ds->name && strcmp(e->qual, ds->name) != 0) {
        diag_error(c->d, e->at,
                   "'%s.%s' is read here from data file '%s'; one "
                   "expression reads one file",
                   e->qual, e->str, ds->name);
        return (lowered){.t = TY_ERR};
    }
    if (!datasets_declared(c, e))
        return (lowered){.t = TY_ERR};
    if (ds->header && !datasets_has_column(c, c->cur_ds, e->str)) {
        diag_error(c->d, e->at, "no column '%s' in data file '%s'", e->str,
                   ds->name);
        return (lowered){.t = TY_ERR};
    }
    colinfo *ci = datasets_column(c, e->str, e->at);
    rt_expr *n = lower_node(&c->t, RT_COLSTR, 0);
    n->slot = (int)(ci - c->st.cols);
    ty t = TY_ANY;
    if (ci->decl) {
        const char *dt = ci->decl->type;
        if (strcmp(dt, "int") == 0 || strcmp(dt, "number") == 0)
            t = TY_NUM, n->op = RT_COLNUM, ci->as_num = true;
        else if (strcmp(dt, "bool") == 0)
            t = TY_BOOL, n->op = RT_COLNUM, ci->as_num = true;
        else
            t = TY_TEXT, ci->as_str = true;
    }
    return (lowered){.e = n, .t = t, .reads_row = true};
}

/* Why lets too: a breakdown may name a let as well as a column. */
const char *check_near_column(checker *c, int ds, const char *name)
{
    const dsinfo *d = &c->ds[ds];
    const char **cands =
        rt_arena_alloc(c->a, sizeof(char *) * (d->nheader + c->st.nsyms + 1));
    int n = 0;
    for (int i = 0; i < d->nheader; i++)
        cands[n++] = d->header[i];
    for (size_t i = 0; i < c->st.nsyms; i++)
        if (c->st.syms[i].kind == SYM_LET)
            cands[n++] = c->st.syms[i].name;
    return suggest_best(name, cands, n);
}
