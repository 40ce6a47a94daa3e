/* explain.c — `sicalc explain`: runs the catalogue, picks one row of one
 * indicator, and shows how it came about: the definition, the plan, each
 * aggregate with the rows it counted (recorded by the run's own scan,
 * rt_exec_trace), and the arithmetic from aggregates to value and status. */
#include "explain.h"
#include "cli.h"
#include "explain_args.h"
#include "explain_index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/eval.h"
#include "../runtime/finish.h"
#include "../runtime/numfmt.h"
#include "../runtime/numparse.h"
#include "../runtime/trace.h"
#include "load.h"
#include "print.h"
#include "runner.h"
#include "suggest.h"

static const char *const agg_names[] = {
#define X(k, name, nargs) name,
#include "aggs.def"
#undef X
};

/* What is being explained. */
typedef struct ex {
    FILE *f;
    const explain_opts *o;
    const rt_program *p;
    const rt_indicator *ind;
    const ast_decl *decl;
    rt_exec *x;
    const rt_result *res;
    const rt_outrow *row;
    runner_data *in;
    int g;            /* the row's grouping */
    int group;        /* its group in g */
    int period;       /* its period (a group of grouping 0) */
    rt_value *aggval; /* per aggregate: its value in the group */
    rt_trace trace;   /* the rows the scan counted for each aggregate */
} ex;

static void num(FILE *f, double v)
{
    char buf[48];
    rt_fmt_number(buf, sizeof buf, v);
    fputs(buf, f);
}

/* ---- the IR, printed back in the language's own notation ---- */

static void ir(FILE *f, const rt_program *p, const rt_expr *e, bool nested);

static void ir_kids(FILE *f, const rt_program *p, const rt_expr *e, int from)
{
    for (int i = from; i < e->nkids; i++) {
        fputs(i > from ? ", " : "", f);
        ir(f, p, e->kids[i], false);
    }
}

static void ir_const(FILE *f, rt_value v)
{
    switch (v.tag) {
    case RT_NUM: num(f, v.num); break;
    case RT_STR: fprintf(f, "\"%s\"", v.str); break;
    case RT_BOOL: fputs(v.b ? "true" : "false", f); break;
    default: fputs("missing", f); break;
    }
}

/* The binary operator an IR node computes, or -1. */
static int infix_op(rt_opcode op)
{
    int o = prec_ir_op(op);
    return o != OP_NEG && o != OP_NOT ? o : -1;
}

/* Binding strength, from the operator table the grammar's comes from. */
static prec_level prec(const rt_expr *e)
{
    switch (e->op) {
    case RT_IF: return PREC_IF;
    case RT_LET: return prec(e->kids[0]);
    case RT_IN_LIST:
    case RT_IN_RANGE:
    case RT_IS_MISSING: return PREC_CMP;
    default:
        return prec_ir_op(e->op) >= 0 ? prec_of(prec_ir_op(e->op)) : PREC_ATOM;
    }
}

static void ir_at(FILE *f, const rt_program *p, const rt_expr *e, int min);

static void ir(FILE *f, const rt_program *p, const rt_expr *e, bool nested)
{
    ir_at(f, p, e, nested ? PREC_NEG : PREC_TOP);
}

/* Writes e, in parentheses when it binds looser than min. */
static void ir_at(FILE *f, const rt_program *p, const rt_expr *e, int min)
{
    static const char *const results[] = {"numerator", "denominator", "value",
                                          "n"};
    int pe = prec(e);
    bool wrap = pe < min;
    fputs(wrap ? "(" : "", f);
    switch (e->op) {
    case RT_CONST: ir_const(f, e->k); break;
    case RT_COLNUM:
    case RT_COLSTR: fputs(p->cols[e->slot].name, f); break;
    case RT_AGG: fprintf(f, "A%d", e->slot + 1); break;
    case RT_OVERALL: fprintf(f, "overall#%d", e->slot + 1); break;
    case RT_RESULT: fputs(results[e->slot & 3], f); break;
    case RT_PERAGG: fprintf(f, "per-key#%d", e->slot + 1); break;
    case RT_LET: ir_at(f, p, e->kids[0], wrap ? 0 : min); break;
    case RT_NEG:
        fputc('-', f);
        ir_at(f, p, e->kids[0], PREC_NEG);
        break;
    case RT_NOT:
        fputs("not ", f);
        ir_at(f, p, e->kids[0], PREC_NOT);
        break;
    case RT_IN_LIST:
        ir_at(f, p, e->kids[0], PREC_ADD);
        fputs(e->negated ? " not in (" : " in (", f);
        ir_kids(f, p, e, 1);
        fputc(')', f);
        break;
    case RT_IN_RANGE:
        ir_at(f, p, e->kids[0], PREC_ADD);
        fputs(e->negated ? " not in " : " in ", f);
        ir_at(f, p, e->kids[1], PREC_ATOM);
        fputs("..", f);
        ir_at(f, p, e->kids[2], PREC_ATOM);
        break;
    case RT_IS_MISSING:
        ir_at(f, p, e->kids[0], PREC_ADD);
        fputs(e->negated ? " is not missing" : " is missing", f);
        break;
    case RT_IF:
        fputs("if ", f);
        ir_at(f, p, e->kids[0], PREC_OR);
        fputs(" then ", f);
        ir_at(f, p, e->kids[1], PREC_OR);
        fputs(" else ", f);
        ir_at(f, p, e->kids[2], PREC_IF);
        break;
    default:
        if (infix_op(e->op) >= 0) {
            /* left-associative; comparisons do not chain */
            ir_at(f, p, e->kids[0], pe == PREC_CMP ? pe + 1 : pe);
            fprintf(f, " %s ", prec_spelling(infix_op(e->op), PREC_SOURCE));
            ir_at(f, p, e->kids[1], pe + 1);
        } else {
            fprintf(f, "%s(", rt_op_name(e->op));
            ir_kids(f, p, e, 0);
            fputc(')', f);
        }
        break;
    }
    fputs(wrap ? ")" : "", f);
}

static void ir_agg(FILE *f, const rt_program *p, const rt_agg *a)
{
    fprintf(f, "%s(", agg_names[a->kind]);
    const char *sep = "";
    if (a->arg) {
        ir(f, p, a->arg, false);
        sep = " ";
    }
    if (a->kind == RT_AGG_QUANTILE) {
        fputs(", ", f);
        num(f, a->p);
    }
    if (a->where) {
        fprintf(f, "%swhere ", sep);
        ir(f, p, a->where, false);
        sep = " ";
    }
    if (a->weight) {
        fprintf(f, "%sweighted by ", sep);
        ir(f, p, a->weight, false);
    }
    fputc(')', f);
}

/* Whether e reads a per-key aggregate (rows cannot be itemised then). */
static bool reads_per(const rt_expr *e)
{
    if (!e)
        return false;
    if (e->op == RT_PERAGG)
        return true;
    for (int i = 0; i < e->nkids; i++)
        if (reads_per(e->kids[i]))
            return true;
    return false;
}

/* Adds the columns e reads to v (unique, -1 ended, room for ncols). */
static void cols_of(const rt_expr *e, int *v)
{
    if (!e)
        return;
    if (e->op == RT_COLNUM || e->op == RT_COLSTR) {
        int i = 0;
        while (v[i] >= 0 && v[i] != e->slot)
            i++;
        v[i] = e->slot;
    }
    for (int i = 0; i < e->nkids; i++)
        cols_of(e->kids[i], v);
}

/* The aggregates e reads, in order of appearance (unique, -1 ended). */
static void aggs_of(const rt_expr *e, int *v)
{
    if (!e)
        return;
    if (e->op == RT_AGG) {
        int i = 0;
        while (v[i] >= 0 && v[i] != e->slot)
            i++;
        v[i] = e->slot;
    }
    for (int i = 0; i < e->nkids; i++)
        aggs_of(e->kids[i], v);
}

static void breakdown_name(const struct ex *e, int gi);

/* ---- finding the row ---- */

static bool is_period_col(const rt_program *p, int d)
{
    return p->has_period && d == 0;
}

static int dim_index(const rt_result *r, const char *name)
{
    for (int d = 0; d < r->ndims; d++)
        if (strcmp(r->dim_names[d], name) == 0)
            return d;
    return -1;
}

/* Whether row is the group asked for (any period when none is asked). */
static bool row_matches(const ex *e, const rt_outrow *row)
{
    const rt_result *r = e->res;
    for (int d = 0; d < r->ndims; d++) {
        /* unnamed: the total, or any period */
        const char *want = is_period_col(e->p, d) ? e->o->period : NULL;
        for (int k = 0; k < e->o->ngroup; k++)
            if (strcmp(e->o->gnames[k], r->dim_names[d]) == 0)
                want = e->o->gvalues[k];
        if (want ? !rt_dim_shows(row, d, want)
                 : !is_period_col(e->p, d) && !rt_dim_is_total(row, d))
            return false;
    }
    return true;
}

/* `--group municipality=Pirt`: the closest value the indicator's rows
 * have in that dimension, printed as a did-you-mean. */
static void suggest_group(const ex *e)
{
    const rt_result *r = e->res;
    for (int k = 0; k < e->o->ngroup; k++) {
        int d = dim_index(r, e->o->gnames[k]);
        const char **vals = rt_xmalloc(sizeof(char *) * (r->nrows + 1));
        int n = 0;
        for (size_t i = 0; i < r->nrows; i++) {
            const rt_outrow *row = &r->rows[i];
            if (strcmp(row->indicator, e->ind->id) == 0 &&
                !rt_dim_is_total(row, d) && !rt_dim_is_unknown(row, d))
                vals[n++] = rt_dim_text(row, d).text;
        }
        const char *best = suggest_best(e->o->gvalues[k], vals, n);
        if (best)
            fprintf(stderr, "; did you mean %s=%s?", e->o->gnames[k], best);
        free(vals);
        if (best)
            return;
    }
}

static int pick_row(ex *e)
{
    const rt_result *r = e->res;
    for (int k = 0; k < e->o->ngroup; k++)
        if (dim_index(r, e->o->gnames[k]) < 0) {
            fprintf(stderr,
                    "sicalc: error: no breakdown '%s' in this run; the "
                    "dimensions are:",
                    e->o->gnames[k]);
            for (int d = 0; d < r->ndims; d++)
                fprintf(stderr, " %s", r->dim_names[d]);
            fputc('\n', stderr);
            return EXIT_USAGE;
        }
    for (size_t i = 0; i < r->nrows; i++) {
        const rt_outrow *row = &r->rows[i];
        if (strcmp(row->indicator, e->ind->id) != 0 || !row_matches(e, row))
            continue;
        /* the latest period: the last in output order */
        if (!e->row || !e->p->has_period ||
            rt_dim_compare(rt_dim_text(row, 0).text,
                           rt_dim_text(e->row, 0).text) > 0)
            e->row = row;
    }
    if (e->row)
        return 0;
    fprintf(stderr, "sicalc: error: %s has no row for that group", e->ind->id);
    for (int k = 0; k < e->o->ngroup; k++)
        fprintf(stderr, "%s%s=%s", k ? ", " : " (", e->o->gnames[k],
                e->o->gvalues[k]);
    fprintf(stderr, "%s%s%s; its breakdowns: ", e->o->ngroup ? ")" : "",
            e->o->period ? " in period " : "",
            e->o->period ? e->o->period : "");
    ex quiet = *e;
    quiet.f = stderr;
    for (int k = 0; k < e->ind->ngroupings; k++) {
        fputs(k ? "; " : "", stderr);
        breakdown_name(&quiet, e->ind->groupings[k]);
    }
    suggest_group(e);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

/* Whether grouping gi breaks down exactly the row's dimensions. */
static bool grouping_fits(const ex *e, int gi)
{
    const rt_grouping *gr = &e->p->groupings[gi];
    int n = 0;
    for (int d = 0; d < e->res->ndims; d++)
        n += !is_period_col(e->p, d) && !rt_dim_is_total(e->row, d);
    if (gr->ndims != n)
        return false;
    for (int d = 0; d < gr->ndims; d++)
        if (rt_dim_is_total(e->row, gr->outcol[d]))
            return false;
    return true;
}

/* Whether dimension col of row is the group value v (NULL: missing). */
static bool dim_is(const rt_outrow *row, int col, const char *v)
{
    if (!v)
        return rt_dim_is_unknown(row, col);
    return row->dims[col] && strcmp(row->dims[col], v) == 0;
}

/* The grouping, group and period of the chosen row in the run. */
static int find_group(ex *e)
{
    const char *per =
        e->p->has_period && !rt_dim_is_total(e->row, 0) ? e->row->dims[0] : "";
    e->period = -1;
    for (int i = 0; i < rt_exec_ngroups(e->x, 0); i++)
        if (strcmp(rt_exec_period_name(e->x, i), per) == 0)
            e->period = i;
    e->g = e->group = -1;
    for (int k = 0; k < e->ind->ngroupings && e->g < 0; k++)
        if (grouping_fits(e, e->ind->groupings[k]))
            e->g = e->ind->groupings[k];
    const rt_grouping *gr = e->g >= 0 ? &e->p->groupings[e->g] : NULL;
    for (int i = 0; gr && i < rt_exec_ngroups(e->x, e->g); i++) {
        bool same = rt_exec_group_period(e->x, e->g, i) == e->period;
        for (int d = 0; same && d < gr->ndims; d++)
            same = dim_is(e->row, gr->outcol[d],
                          rt_exec_group_dim(e->x, e->g, i, d));
        if (same)
            e->group = i;
    }
    if (e->group >= 0 && e->period >= 0)
        return 0;
    fprintf(stderr, "sicalc: error: cannot find the group of that row\n");
    return EXIT_USAGE;
}

/* ---- what the row is ---- */

static void group_label(const ex *e)
{
    const rt_result *r = e->res;
    const char *sep = "";
    for (int d = 0; d < r->ndims; d++)
        if (!is_period_col(e->p, d) && !rt_dim_is_total(e->row, d)) {
            rt_dimtext t = rt_dim_text(e->row, d);
            fprintf(e->f, "%s%s = %s%s", sep, r->dim_names[d], t.escape,
                    t.text);
            sep = ", ";
        }
    if (!*sep)
        fputs("total", e->f);
    if (e->p->has_period && !rt_dim_is_total(e->row, 0))
        fprintf(e->f, "; %s = %s%s", r->dim_names[0],
                rt_dim_text(e->row, 0).escape, rt_dim_text(e->row, 0).text);
    fputc('\n', e->f);
}

static const ast_clause *clause(const ast_decl *d, clause_kind k)
{
    return ast_clause_find(d, k, NULL);
}

static void expr_clause(const ex *e, clause_kind k, const char *label)
{
    const ast_clause *c = clause(e->decl, k);
    if (!c || !c->expr)
        return;
    fprintf(e->f, "  %-12s ", label);
    print_expr(e->f, c->expr);
    fputc('\n', e->f);
}

static void definition(const ex *e)
{
    fputs("\ndefinition\n", e->f);
    expr_clause(e, CL_NUMERATOR, "numerator");
    expr_clause(e, CL_DENOMINATOR, "denominator");
    expr_clause(e, CL_VALUE, "value");
    fprintf(e->f, "  %-12s %s (× ", "unit", e->ind->unit ? e->ind->unit : "");
    num(e->f, e->ind->scale);
    fputs(")\n", e->f);
    const ast_clause *t = clause(e->decl, CL_THRESHOLDS);
    if (t) {
        fprintf(e->f, "  %-12s ", "thresholds");
        print_clause_body(e->f, t);
        fputc('\n', e->f);
    }
    expr_clause(e, CL_SUPPRESS, "suppress when");
}

static void breakdown_name(const ex *e, int gi)
{
    const rt_grouping *gr = &e->p->groupings[gi];
    if (gr->ndims == 0)
        fputs("total", e->f);
    for (int d = 0; d < gr->ndims; d++)
        fprintf(e->f, "%s%s", d ? " × " : "", e->p->dim_names[gr->outcol[d]]);
}

static void plan(const ex *e)
{
    const rt_program *p = e->p;
    fputs("\nplan\n", e->f);
    bool seen[64] = {false};
    for (int i = 0; i < e->ind->naggs; i++) {
        int ds = p->aggs[e->ind->aggs[i]].ds;
        if (ds < 0 || ds >= 64 || seen[ds])
            continue;
        seen[ds] = true;
        int pc = p->datasets[ds].period_col;
        fprintf(e->f, "  data         %s (dataset %s%s%s)\n", e->in->paths[ds],
                p->datasets[ds].name, pc >= 0 ? ", period " : "",
                pc >= 0 ? p->cols[pc].name : "");
    }
    fprintf(e->f,
            "  passes       %d (each one scan of the data, shared by "
            "every indicator)\n",
            p->npasses);
    fputs("  breakdowns   ", e->f);
    for (int k = 0; k < e->ind->ngroupings; k++) {
        fputs(k ? "; " : "", e->f);
        breakdown_name(e, e->ind->groupings[k]);
    }
    fputc('\n', e->f);
    for (int i = 0; i < e->ind->naggs; i++) {
        const rt_agg *a = &p->aggs[e->ind->aggs[i]];
        fprintf(e->f, "  A%-3d ", e->ind->aggs[i] + 1);
        ir_agg(e->f, p, a);
        fprintf(e->f, "\n       over %s, pass %d%s\n", e->in->paths[a->ds],
                a->pass, a->weight ? "" : ", unweighted");
    }
}

/* ---- itemising an aggregate ---- */

static void list_row(const ex *e, const rt_agg *a, const rt_trace_agg *ta,
                     const rt_trace_row *r)
{
    FILE *f = e->f;
    fprintf(f, "      line %zu:", r->line);
    for (int k = 0; ta->show[k] >= 0; k++)
        fprintf(f, " %s=%s", e->p->cols[ta->show[k]].name,
                r->fields[k] ? r->fields[k] : "(empty)");
    if (a->weight && a->weight->op != RT_COLNUM) {
        fputs("  w=", f);
        num(f, r->w);
    }
    if (a->kind == RT_AGG_SHARE) {
        fputs("  [c]=", f);
        num(f, r->x);
    }
    fputc('\n', f);
}

/* The columns worth showing for a row: the period, the breakdown, then
 * what the aggregate reads. */
static int *shown_columns(const ex *e, const rt_agg *a, int ds)
{
    const rt_program *p = e->p;
    int *v = rt_xmalloc(((size_t)p->ncols + 1) * sizeof *v);
    for (int i = 0; i <= p->ncols; i++)
        v[i] = -1;
    if (p->datasets[ds].period_col >= 0)
        v[0] = p->datasets[ds].period_col;
    const rt_grouping *gr = &p->groupings[e->g];
    for (int d = 0; d < gr->ndims; d++)
        cols_of(gr->dims[ds * gr->ndims + d], v);
    cols_of(a->where, v);
    cols_of(a->arg, v);
    cols_of(a->weight, v);
    return v;
}

/* Σ w and Σ w·x of the run's own (exact) state. */
static void arithmetic_of(const ex *e, const rt_agg *a, const rt_aggstate *st,
                          rt_value v)
{
    FILE *f = e->f;
    bool sums = a->kind == RT_AGG_SUM || a->kind == RT_AGG_MEAN ||
                a->kind == RT_AGG_SHARE; /* else the union is not a sum */
    double w = rt_xsum_value(&st->wsum);
    double wx = sums ? rt_xsum_value(&st->sum) : 0;
    const char *W = a->weight ? "Σ w" : "n";
    fputs("    value      ", f);
    switch (a->kind) {
    case RT_AGG_COUNT:
        if (a->weight)
            fputs("Σ w = ", f);
        break;
    case RT_AGG_SUM: fputs(a->weight ? "Σ w·x = " : "Σ x = ", f); break;
    case RT_AGG_MEAN:
    case RT_AGG_SHARE:
        fprintf(f, "%s ÷ %s = ",
                a->kind == RT_AGG_SHARE ? (a->weight ? "Σ w·[c]" : "Σ [c]")
                : a->weight             ? "Σ w·x"
                                        : "Σ x",
                W);
        num(f, wx);
        fputs(" ÷ ", f);
        num(f, w);
        fputs(" = ", f);
        break;
    default:
        fprintf(f, "%s over %llu values = ", agg_names[a->kind], st->n);
        break;
    }
    if (v.tag == RT_NUM)
        num(f, v.num);
    else
        fputs("(none)", f);
    if (a->kind == RT_AGG_COUNT && !a->weight)
        fputs(" rows", f);
    if (a->kind > RT_AGG_MEAN && a->kind != RT_AGG_SHARE)
        fputs("  (computed from the rows' values, not itemised)", f);
    fputc('\n', f);
}

/* The recording of aggregate ai (it is in the trace: see record_rows). */
static const rt_trace_agg *traced(const ex *e, int ai)
{
    int i = 0;
    while (e->trace.aggs[i].agg != ai)
        i++;
    return &e->trace.aggs[i];
}

static void explain_agg(const ex *e, int ai)
{
    const rt_agg *a = &e->p->aggs[ai];
    FILE *f = e->f;
    fprintf(f, "\nA%d = ", ai + 1);
    ir_agg(f, e->p, a);
    fputc('\n', f);
    rt_aggstate *st = rt_exec_state(e->x, ai, e->g, e->group);
    if (reads_per(a->where) || reads_per(a->arg) || reads_per(a->weight)) {
        fputs("    rows       not itemised: the aggregate reads per-key "
              "values\n",
              f);
    } else {
        fprintf(f, "    rows       first %d counted, from %s:\n", e->o->nrows,
                e->in->paths[a->ds]);
        const rt_trace_agg *ta = traced(e, ai);
        for (size_t r = 0; r < ta->nrows; r++)
            list_row(e, a, ta, &ta->rows[r]);
        if (!ta->counted)
            fputs("      (none)\n", f);
        else if (ta->counted > (unsigned long long)e->o->nrows)
            fprintf(f, "      … and %llu more\n",
                    ta->counted - (unsigned long long)e->o->nrows);
        fprintf(f, "    counted    %llu of the %llu rows of the group",
                ta->counted, ta->in_group);
        if (ta->skipped)
            fprintf(f, " (%llu skipped: value or weight missing)", ta->skipped);
        fputc('\n', f);
    }
    if (st)
        arithmetic_of(e, a, st, e->aggval[ai]);
}

/* ---- from aggregates to the value ---- */

static rt_value eval_group(const ex *e, const rt_expr *x)
{
    rt_env env = {.agg = e->aggval,
                  .overall = rt_exec_overall(e->x, e->period)};
    return rt_eval(x, &env);
}

static void value_or_none(FILE *f, rt_value v)
{
    if (v.tag == RT_NUM)
        num(f, v.num);
    else
        fputs("(none)", f);
}

static void part(const ex *e, const char *label, const rt_expr *x)
{
    if (!x)
        return;
    fprintf(e->f, "  %-12s ", label);
    ir(e->f, e->p, x, false);
    if (x->op != RT_AGG) {
        fputs(" = ", e->f);
        value_or_none(e->f, eval_group(e, x));
    }
    fputc('\n', e->f);
}

static void status(const ex *e)
{
    const rt_indicator *ind = e->ind;
    FILE *f = e->f;
    if (!ind->nbands)
        return;
    fputs("\nstatus\n", f);
    if (!e->row->has_value) {
        fputs("  no value, no status\n", f);
        return;
    }
    static const char *const cmps[] = {"<", "≤", ">", "≥", "=", "≠"};
    double v = e->row->value;
    for (int i = 0; i < ind->nbands; i++) {
        const rt_band *b = &ind->bands[i];
        fputs("  ", f);
        if (!b->has_cond) {
            fprintf(f, "otherwise → %s\n", b->label);
            return;
        }
        bool holds;
        switch (b->cmp) {
        case RT_CMP_LT: holds = v < b->bound; break;
        case RT_CMP_LE: holds = v <= b->bound; break;
        case RT_CMP_GT: holds = v > b->bound; break;
        case RT_CMP_GE: holds = v >= b->bound; break;
        case RT_CMP_EQ: holds = v == b->bound; break;
        default: holds = v != b->bound; break;
        }
        num(f, v);
        fprintf(f, " %s ", cmps[b->cmp]);
        num(f, b->bound);
        fprintf(f, holds ? "  yes → %s\n" : "  no (not %s)\n", b->label);
        if (holds)
            return;
    }
    fputs("  no band holds: no status\n", f);
}

static void arithmetic(const ex *e)
{
    const rt_indicator *ind = e->ind;
    FILE *f = e->f;
    fputs("\narithmetic\n", f);
    part(e, "numerator", ind->numerator);
    part(e, "denominator", ind->denominator);
    part(e, "value", ind->value);
    fputs("  = ", f);
    if (ind->value && ind->scale == 1) {
        /* the value itself: nothing to multiply */
    } else if (ind->value) {
        value_or_none(f, eval_group(e, ind->value));
    } else {
        value_or_none(f, eval_group(e, ind->numerator));
        fputs(" ÷ ", f);
        value_or_none(f, eval_group(e, ind->denominator));
    }
    if (ind->scale != 1) {
        fputs(" × ", f);
        num(f, ind->scale);
    }
    if (!ind->value || ind->scale != 1)
        fputs(" = ", f);
    if (e->row->has_value)
        num(f, e->row->value);
    else
        fputs("(none)", f);
    fprintf(f, "%s%s\n", ind->unit && *ind->unit ? " " : "",
            ind->unit ? ind->unit : "");
    fprintf(f, "  n = %llu; flags: %s\n", e->row->n,
            *e->row->flags ? e->row->flags : "none");
    status(e);
}

/* Asks the run for the rows of the group each aggregate of order counted
 * (the scan's own recording loop: explain cannot disagree with the run). */
static int record_rows(ex *e, const int *order)
{
    const rt_program *p = e->p;
    int n = 0;
    while (order[n] >= 0)
        n++;
    const rt_grouping *gr = &p->groupings[e->g];
    const char **dims = rt_xcalloc((size_t)gr->ndims + 1, sizeof(char *));
    for (int d = 0; d < gr->ndims; d++)
        dims[d] = rt_exec_group_dim(e->x, e->g, e->group, d);
    e->trace =
        (rt_trace){.grouping = e->g,
                   .period = rt_exec_period_name(e->x, e->period),
                   .dims = dims,
                   .max_rows = (size_t)e->o->nrows,
                   .aggs = rt_xcalloc((size_t)n + 1, sizeof(rt_trace_agg)),
                   .naggs = n};
    for (int i = 0; i < n; i++) {
        const rt_agg *a = &p->aggs[order[i]];
        e->trace.aggs[i].agg = order[i];
        e->trace.aggs[i].show = shown_columns(e, a, a->ds);
    }
    rt_data_error err = {0};
    int rc = rt_exec_trace(e->x, &e->trace, &err);
    if (rc)
        rt_data_error_print(stderr, &err);
    rt_data_error_clear(&err);
    return rc ? EXIT_DATA : 0;
}

static void free_trace(ex *e)
{
    rt_trace_free(&e->trace);
    for (int i = 0; i < e->trace.naggs; i++)
        free((void *)e->trace.aggs[i].show);
    free(e->trace.aggs);
    free((void *)e->trace.dims);
}

static int explain(ex *e)
{
    const rt_program *p = e->p;
    int *order = rt_xmalloc(((size_t)p->naggs + 1) * sizeof(int));
    for (int i = 0; i <= p->naggs; i++)
        order[i] = -1;
    aggs_of(e->ind->numerator, order);
    aggs_of(e->ind->denominator, order);
    aggs_of(e->ind->value, order);
    int rc = record_rows(e, order);
    e->aggval = rt_xcalloc((size_t)p->naggs + 1, sizeof(rt_value));
    for (int i = 0; i < e->ind->naggs; i++) {
        int ai = e->ind->aggs[i];
        rt_aggstate *st = rt_exec_state(e->x, ai, e->g, e->group);
        e->aggval[ai] = st ? rt_aggstate_value(st, &p->aggs[ai]) : rt_missing();
    }
    if (rc == 0) {
        fprintf(e->f, "%s", e->ind->id);
        const ast_clause *t = clause(e->decl, CL_TITLE);
        if (t)
            fprintf(e->f, "  %s", t->text);
        fputs("\ngroup: ", e->f);
        group_label(e);
        definition(e);
        plan(e);
        for (int i = 0; order[i] >= 0; i++)
            explain_agg(e, order[i]);
        arithmetic(e);
    }
    free_trace(e);
    free(order);
    free(e->aggval);
    return rc;
}

static const ast_decl *find_indicator(const ast_program *prog, const char *id)
{
    const char **names = rt_xcalloc((size_t)prog->ndecls + 1, sizeof(char *));
    int n = 0;
    const ast_decl *found = NULL;
    for (int i = 0; i < prog->ndecls; i++)
        if (prog->decls[i]->kind == DECL_INDICATOR) {
            names[n++] = prog->decls[i]->name;
            if (strcmp(prog->decls[i]->name, id) == 0)
                found = prog->decls[i];
        }
    if (!found) {
        const char *near = suggest_best(id, names, n);
        fprintf(stderr,
                "sicalc: error: no indicator '%s' in the catalogue%s%s%s\n", id,
                near ? " (did you mean '" : "", near ? near : "",
                near ? "'?)" : "");
    }
    free(names);
    return found;
}

static const rt_indicator *find_compiled(const rt_program *p, const char *id)
{
    for (int i = 0; i < p->ninds; i++)
        if (strcmp(p->inds[i].id, id) == 0)
            return &p->inds[i];
    fprintf(stderr,
            "sicalc: error: indicator '%s' does not run on this data (its "
            "data file was not given)\n",
            id);
    return NULL;
}

static int run(const explain_opts *o, runner_data *in)
{
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    ast_program *prog = load_catalogue(a, &d, o->sources, o->nsources);
    int rc = d.errors ? EXIT_USAGE : 0;
    rt_program *p = NULL;
    ex e = {.f = stdout, .o = o, .in = in};
    const ast_decl *index = rc == 0 ? explain_index_decl(prog, o->id) : NULL;
    if (index) {
        rc = explain_index_run(o, in, a, &d, prog, index);
        rt_arena_free(a);
        return rc;
    }
    if (rc == 0 && !(e.decl = find_indicator(prog, o->id)))
        rc = EXIT_USAGE;
    if (rc == 0)
        rc = runner_open(in, o->data, o->ndata, o->delimiter);
    if (rc == 0 && !(p = runner_compile(a, &d, prog, in)))
        rc = EXIT_USAGE;
    if (rc == 0 && !(e.ind = find_compiled(p, o->id)))
        rc = EXIT_USAGE;
    rt_arena *ra = rt_arena_new();
    rt_result res;
    if (rc == 0)
        rc = runner_result(p, in, ra, &res, &e.x) ? EXIT_DATA : 0;
    e.p = p;
    e.res = &res;
    if (rc == 0)
        rc = pick_row(&e);
    if (rc == 0)
        rc = find_group(&e);
    if (rc == 0)
        rc = explain(&e);
    if (e.x)
        rt_exec_free(e.x);
    rt_arena_free(ra);
    compile_free(p);
    rt_arena_free(a);
    return rc;
}

int explain_main(const cli_command *self, int argc, char **argv)
{
    explain_opts o = {0};
    cli_opts co = {0};
    int rc = explain_parse_args(self, argc, argv, &o, &co);
    if (rc == 0) {
        runner_data in = {.decimal = o.decimal,
                          .lenient = o.lenient,
                          .binds = co.binds,
                          .nbinds = co.nbinds,
                          .as_written = true};
        rc = run(&o, &in);
        runner_close(&in);
        if (fflush(stdout) != 0)
            rc = EXIT_DATA;
    }
    explain_free_args(&o, &co);
    return rc == CLI_HELP ? EXIT_OK : rc;
}
