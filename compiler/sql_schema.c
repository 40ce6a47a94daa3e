/* sql_schema.c — `sicalc sql --schema`: the CREATE TABLE each dataset's
 * contract implies. Declared columns get their type and, where the
 * dialect has them, CHECKs for allowed values, ranges and non-negative
 * weights (what the native engine reports as a data error); columns the
 * catalogue reads without declaring them are typed by how it reads them.
 * Missing values ("", NA and the declared markers) load as NULL. */
#include <string.h>

#include "sql_int.h"

static const char *type_of(sql_ctx *c, const char *t)
{
    if (!t)
        return c->dl->t_text;
    if (strcmp(t, "int") == 0)
        return c->dl->t_bigint;
    if (strcmp(t, "number") == 0)
        return c->dl->t_double;
    if (strcmp(t, "bool") == 0)
        return c->dl->t_bool;
    return c->dl->t_text;
}

/* A literal of the contract (a number, possibly negative, a string, a
 * boolean), or NULL. */
static const char *literal(sql_ctx *c, const ast_expr *e)
{
    if (!e)
        return NULL;
    switch (e->kind) {
    case AST_NUM: return sql_double(c, e->num);
    case AST_STR: return sql_quote(c, e->str);
    case AST_BOOL: return e->boolean ? "TRUE" : "FALSE";
    case AST_UNARY:
        if (e->op == OP_NEG && e->lhs && e->lhs->kind == AST_NUM)
            return sql_double(c, -e->lhs->num);
        return NULL;
    default: return NULL;
    }
}

static bool declared(const ast_decl *d, const char *name)
{
    for (int i = 0; i < d->ncolumns; i++)
        if (strcmp(d->columns[i].name, name) == 0)
            return true;
    return false;
}

/* A CHECK on a column: inline, or (table_checks) kept for the end of
 * the table as a constraint that lets NULL through. */
static void check(sql_ctx *c, FILE *f, const char *id, const char *cond,
                  const char **table_checks)
{
    if (!c->dl->table_checks) {
        fprintf(f, " CHECK (%s)", cond);
        return;
    }
    *table_checks = sql_fmt(
        c, "%s,\n  CONSTRAINT %s CHECK %s IS NULL OR (%s)", *table_checks,
        sql_ident(c, sql_fmt(c, "check_%d", ++c->ncte)), id, cond);
}

static void column_line(sql_ctx *c, FILE *f, const ast_column *col,
                        const char *type, bool *first,
                        const char **table_checks)
{
    const char *id = sql_ident(c, col->name);
    fprintf(f, "%s\n  %s %s", *first ? "" : ",", id,
            sql_fmt(c, c->dl->nullable, type));
    *first = false;
    if (!c->dl->checks)
        return;
    if (col->nallowed) {
        const char *list = "";
        for (int i = 0; i < col->nallowed; i++) {
            const char *l = literal(c, col->allowed[i]);
            list = sql_fmt(c, "%s%s%s", list, i ? ", " : "", l ? l : "NULL");
        }
        check(c, f, id, sql_fmt(c, "%s IN (%s)", id, list), table_checks);
    }
    const char *lo = literal(c, col->lo), *hi = literal(c, col->hi);
    if (lo && hi)
        check(c, f, id, sql_fmt(c, "%s BETWEEN %s AND %s", id, lo, hi),
              table_checks);
    /* What the loader must read as NULL besides "" and NA. */
    for (int i = 0; i < col->nmissing; i++) {
        const char *l = literal(c, col->missing[i]);
        fprintf(f, "%s%s%s", i ? ", " : " /* missing: ", l ? l : "?",
                i + 1 == col->nmissing ? " */" : "");
    }
}

static void table(sql_ctx *c, FILE *f, const ast_decl *d, int ds,
                  const sql_opts *o)
{
    const char *name = sql_ident(c, d->name);
    for (int i = 0; i < o->ntables; i++)
        if (strcmp(o->tables[i].dataset, d->name) == 0)
            name = o->tables[i].table;
    fprintf(f, "-- dataset %s\nCREATE TABLE %s (", d->name, name);
    bool first = true;
    const char *checks = "";
    if (d->period && !declared(d, d->period)) {
        ast_column col = {.name = d->period};
        column_line(c, f, &col, c->dl->t_text, &first, &checks);
    }
    if (d->weight && !declared(d, d->weight)) {
        ast_column col = {.name = d->weight};
        column_line(c, f, &col, c->dl->t_double, &first, &checks);
        if (!d->weight_negative && c->dl->checks)
            check(c, f, sql_ident(c, d->weight),
                  sql_fmt(c, "%s >= 0", sql_ident(c, d->weight)), &checks);
    }
    for (int i = 0; i < d->ncolumns; i++)
        column_line(c, f, &d->columns[i], type_of(c, d->columns[i].type),
                    &first, &checks);
    for (int i = 0; c->p && i < c->p->ncols; i++) {
        const rt_column *col = &c->p->cols[i];
        if (col->ds != ds || declared(d, col->name) ||
            (d->period && strcmp(d->period, col->name) == 0) ||
            (d->weight && strcmp(d->weight, col->name) == 0))
            continue;
        ast_column a = {.name = col->name};
        const char *t = col->type == RT_COL_INT    ? c->dl->t_bigint
                        : col->type == RT_COL_BOOL ? c->dl->t_bool
                        : col->as_num || col->type == RT_COL_NUMBER
                            ? c->dl->t_double
                            : c->dl->t_text;
        column_line(c, f, &a, t, &first, &checks);
    }
    fprintf(f, "%s\n)%s;\n", checks, c->dl->engine);
}

void sql_schema(FILE *out, const rt_program *p, const ast_program *prog,
                const sql_opts *o)
{
    sql_ctx c = {.a = rt_arena_new(), .p = p, .dl = o->dialect};
    fprintf(out,
            "-- sicalc sql --schema --dialect %s: one table per dataset; "
            "load \"\", NA and the declared missing markers as NULL\n",
            o->dialect->name);
    int ds = 0, ndecls = 0;
    const ast_decl *only = NULL;
    for (int i = 0; i < prog->ndecls; i++)
        if (prog->decls[i]->kind == DECL_DATASET &&
            (!only || strcmp(only->name, prog->decls[i]->name) != 0)) {
            only = prog->decls[i];
            ndecls++;
        }
    /* One data file and one declaration go together whatever their
     * names (a run's quick start): the table is the file's dataset. */
    if (p && p->ndatasets == 1 && ndecls == 1 &&
        strcmp(p->datasets[0].name, only->name) != 0) {
        ast_decl d = *only;
        d.name = p->datasets[0].name;
        table(&c, out, &d, 0, o);
        rt_arena_free(c.a);
        return;
    }
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        bool again = false;
        for (int k = 0; k < i && !again; k++)
            again = prog->decls[k]->kind == DECL_DATASET &&
                    strcmp(prog->decls[k]->name, d->name) == 0;
        if (d->kind != DECL_DATASET || again)
            continue;
        int pds = -1;
        for (int k = 0; p && k < p->ndatasets; k++)
            if (strcmp(p->datasets[k].name, d->name) == 0)
                pds = k;
        table(&c, out, d, pds, o);
        ds++;
    }
    /* Data files named after no declared dataset: the columns read. */
    for (int k = 0; p && k < p->ndatasets; k++) {
        bool decl = false;
        for (int i = 0; i < prog->ndecls && !decl; i++)
            decl = prog->decls[i]->kind == DECL_DATASET &&
                   strcmp(prog->decls[i]->name, p->datasets[k].name) == 0;
        if (decl)
            continue;
        ast_decl d = {.kind = DECL_DATASET, .name = p->datasets[k].name};
        if (p->datasets[k].period_col >= 0)
            d.period = p->cols[p->datasets[k].period_col].name;
        table(&c, out, &d, k, o);
        ds++;
    }
    if (ds == 0)
        fprintf(out, "-- (the catalogue declares no dataset)\n");
    rt_arena_free(c.a);
}
