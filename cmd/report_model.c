/* report_model.c — the profile's model from the run's result rows: the
 * periods, the indicators (catalogue metadata, grouped by domain), one
 * cell per indicator × period × unit, the ranks among the focus's level.
 * A suppressed row gives a cell that says so and carries no number, so no
 * chart, table, axis or rank can show one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/program.h"
#include "formula.h"
#include "report_int.h"
#include "strbuf.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void collect_periods(report *r)
{
    const rt_result *res = r->res;
    r->periods = rt_arena_alloc(r->arena, (res->nrows + 1) * sizeof(char *));
    r->nperiods = 0;
    if (!r->has_period) {
        r->periods[r->nperiods++] = "";
        return;
    }
    for (size_t i = 0; i < res->nrows; i++) {
        const char *p = res->rows[i].dims[0];
        bool seen = false;
        for (int k = r->nperiods - 1; k >= 0 && !seen; k--)
            seen = strcmp(r->periods[k], p) == 0;
        if (!seen)
            r->periods[r->nperiods++] = p;
    }
    qsort(r->periods, (size_t)r->nperiods, sizeof *r->periods, cmp_str);
}

static const char *text_of(const report *r, const ast_decl *d, clause_kind k)
{
    const ast_clause *c =
        ast_clause_find(d, k, r->lang == RT_LANG_EN ? "en" : "sr");
    return c ? c->text : NULL;
}

/* Whether clause k is shown in English in a Serbian report (the
 * catalogue has no @sr variant). */
static bool english_fallback(const report *r, const ast_decl *d, clause_kind k)
{
    const ast_clause *c = ast_clause_find(d, k, "sr");
    return r->lang != RT_LANG_EN && c && !c->lang;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void collect_domains(report *r)
{
    const ast_program *p = r->prog;
    r->domains =
        rt_arena_alloc(r->arena, ((size_t)p->ndecls + 1) * sizeof *r->domains);
    bool none = false;
    for (int i = 0; i < p->ndecls; i++) {
        if (p->decls[i]->kind != DECL_INDICATOR)
            continue;
        const char *dom = text_of(r, p->decls[i], CL_DOMAIN);
        if (!dom) {
            none = true;
            continue;
        }
        bool seen = false;
        for (int k = 0; k < r->ndomains && !seen; k++)
            seen = same(r->domains[k], dom);
        if (!seen)
            r->domains[r->ndomains++] = dom;
    }
    if (none)
        r->domains[r->ndomains++] = NULL;
}

static const rt_indicator *rt_ind(const rt_program *p, const char *id)
{
    for (int i = 0; i < p->ninds; i++)
        if (strcmp(p->inds[i].id, id) == 0)
            return &p->inds[i];
    return NULL;
}

static bool has_rows(const rt_result *res, const char *id)
{
    for (size_t i = 0; i < res->nrows; i++)
        if (strcmp(res->rows[i].indicator, id) == 0)
            return true;
    return false;
}

/* "15 by 2030": the target as the catalogue writes it. */
static const char *target_of(report *r, const ast_decl *d)
{
    const ast_clause *c = ast_clause_find(d, CL_TARGET, NULL);
    if (!c || !c->expr)
        return NULL;
    strbuf b;
    FILE *f = strbuf_open(&b);
    formula_expr(f, c->expr);
    if (c->year) {
        fputs(r->lang == RT_LANG_EN ? " by " : " do ", f);
        formula_expr(f, c->year);
    }
    fclose(f);
    const char *s = rt_arena_strdup(r->arena, b.s);
    free(b.s);
    return s;
}

static void add_indicator(report *r, const rt_program *p, const ast_decl *d)
{
    const rt_indicator *ri = rt_ind(p, d->name);
    if (!ri || !has_rows(r->res, d->name))
        return;
    rep_ind *ind = &r->inds[r->ninds++];
    const ast_clause *better = ast_clause_find(d, CL_BETTER, NULL);
    const char *title = text_of(r, d, CL_TITLE);
    *ind = (rep_ind){
        .decl = d,
        .id = d->name,
        .title = title ? title : d->name,
        .definition = text_of(r, d, CL_DEFINITION),
        .source = text_of(r, d, CL_SOURCE),
        .domain = text_of(r, d, CL_DOMAIN),
        .unit = ri->unit,
        .decimals = ri->decimals,
        .better = !better                               ? 0
                  : strcmp(better->text, "higher") == 0 ? 1
                  : strcmp(better->text, "lower") == 0  ? -1
                                                        : 0,
        .has_ci = ri->ci != RT_CI_NONE,
        .ci = ri->ci,
        .ci_level = ri->ci_level,
        .se = ri->se,
        .std = ri->std,
        .target = target_of(r, d),
        .definition_en = english_fallback(r, d, CL_DEFINITION),
        .source_en = english_fallback(r, d, CL_SOURCE),
        .last = -1,
        .kmin = r->nperiods,
        .kmax = -1,
    };
    size_t n = (size_t)r->nperiods * (size_t)r->nunits;
    ind->cells = rt_arena_alloc(r->arena, n * sizeof *ind->cells);
    memset(ind->cells, 0, n * sizeof *ind->cells);
}

/* Matches no domain: the indices have a section of their own. */
static const char index_domain[] = "\x01index";

static rep_ind *add_score(report *r, const ast_decl *d, const char *id,
                          const char *area)
{
    if (!has_rows(r->res, id))
        return NULL;
    rep_ind *ind = &r->inds[r->ninds++];
    const char *title = text_of(r, d, CL_TITLE);
    *ind = (rep_ind){
        .decl = d,
        .id = id,
        .title = area    ? area
                 : title ? title
                         : d->name,
        .definition = area ? NULL : text_of(r, d, CL_DEFINITION),
        .domain = index_domain,
        .unit = "score",
        .decimals = 1,
        .better = 1, /* scored so that higher is better */
        .area = area,
        .is_index = true,
        .last = -1,
        .kmin = r->nperiods,
        .kmax = -1,
    };
    size_t n = (size_t)r->nperiods * (size_t)r->nunits;
    ind->cells = rt_arena_alloc(r->arena, n * sizeof *ind->cells);
    memset(ind->cells, 0, n * sizeof *ind->cells);
    return ind;
}

/* An index's score (`sdi`) and its areas' (`sdi.economy`) as entries of
 * their own, after the indicators. */
static void add_index(report *r, const ast_decl *d)
{
    if (!add_score(r, d, d->name, NULL))
        return;
    for (int a = 0; a < d->index->nareas; a++) {
        const char *name = d->index->areas[a].name;
        size_t n = strlen(d->name) + strlen(name) + 2;
        char *id = rt_arena_alloc(r->arena, n);
        snprintf(id, n, "%s.%s", d->name, name);
        add_score(r, d, id, name);
    }
}

static void collect_indicators(report *r, const rt_program *p)
{
    const ast_program *ap = r->prog;
    size_t room = (size_t)ap->ndecls + 1;
    for (int i = 0; i < ap->ndecls; i++)
        if (ap->decls[i]->kind == DECL_INDEX && ap->decls[i]->index)
            room += (size_t)ap->decls[i]->index->nareas;
    r->inds = rt_arena_alloc(r->arena, room * sizeof *r->inds);
    for (int k = 0; k < r->ndomains; k++)
        for (int i = 0; i < ap->ndecls; i++)
            if (ap->decls[i]->kind == DECL_INDICATOR &&
                same(text_of(r, ap->decls[i], CL_DOMAIN), r->domains[k]))
                add_indicator(r, p, ap->decls[i]);
    /* drop the domains left without an indicator with rows */
    int kept = 0;
    for (int k = 0; k < r->ndomains; k++) {
        bool any = false;
        for (int i = 0; i < r->ninds && !any; i++)
            any = same(r->inds[i].domain, r->domains[k]);
        if (any)
            r->domains[kept++] = r->domains[k];
    }
    r->ndomains = kept;
    r->nplain = r->ninds;
    for (int i = 0; i < ap->ndecls; i++)
        if (ap->decls[i]->kind == DECL_INDEX && ap->decls[i]->index)
            add_index(r, ap->decls[i]);
}

/* The unit a row is the figure of, or -1: a row broken down by anything
 * but one geographic level (sex, age, municipality × sex). */
static int unit_of(const report *r, const rt_outrow *row)
{
    const rt_result *res = r->res;
    int found = -1;
    for (int d = r->has_period ? 1 : 0; d < res->ndims; d++) {
        if (rt_dim_is_total(row, d))
            continue;
        if (found >= 0 || rt_dim_is_unknown(row, d))
            return -1;
        found = d;
    }
    for (int u = 0; u < r->nunits; u++) {
        const rep_unit *un = &r->units[u];
        if (un->dim < 0 && un->name) /* its level is not in the selection */
            continue;
        if (un->dim == found &&
            (found < 0 || strcmp(un->name, row->dims[found]) == 0))
            return u;
    }
    return -1;
}

static int period_of(const report *r, const rt_outrow *row)
{
    if (!r->has_period)
        return 0;
    for (int k = 0; k < r->nperiods; k++)
        if (strcmp(r->periods[k], row->dims[0]) == 0)
            return k;
    return -1;
}

/* Copies the row's figures; a suppressed row only says so. */
static void fill_cell(rep_cell *c, const rt_outrow *row)
{
    c->row = true;
    c->flags = row->flags ? row->flags : "";
    c->status = row->status ? row->status : "";
    c->suppressed = strstr(c->flags, "suppressed") != NULL;
    c->n = row->n;
    c->rank = row->rank; /* focus.c's, among the focus's level */
    c->partial = strstr(c->flags, "partial") != NULL;
    c->n_members = row->n_members;
    c->n_present = row->n_present;
    if (c->suppressed) {
        c->status = "";
        return;
    }
    c->has = row->has_value;
    c->v = row->value;
    c->has_ci = row->has_ci && row->has_value;
    c->lo = row->ci_low;
    c->hi = row->ci_high;
    c->has_num = row->has_numerator;
    c->num = row->numerator;
    c->has_den = row->has_denominator;
    c->den = row->denominator;
    c->has_se = row->has_se && row->has_value;
    c->se = row->se;
    c->cv = row->cv;
}

/* The area a reference row names: one of the report's units (the
 * country's name as the file gives it, which is not "all the data"),
 * or -1. */
static int ref_unit(const report *r, const rt_outrow *row)
{
    int u = unit_of(r, row);
    return u >= 0 && r->units[u].role == ROLE_COUNTRY ? -1 : u;
}

static int cmp_ref(const void *pa, const void *pb)
{
    const rep_ref *a = pa, *b = pb;
    int c = strcmp(a->source, b->source);
    if (c)
        return c;
    c = strcmp(a->period_text, b->period_text);
    return c ? c : (a->unit > b->unit) - (a->unit < b->unit);
}

static void add_ref(report *r, rep_ind *ind, const rt_outrow *row)
{
    rep_ref *grown =
        rt_arena_alloc(r->arena, sizeof *grown * (size_t)(ind->nrefs + 1));
    if (ind->nrefs)
        memcpy(grown, ind->refs, sizeof *grown * (size_t)ind->nrefs);
    int u = ref_unit(r, row);
    grown[ind->nrefs++] = (rep_ref){
        .period = period_of(r, row),
        .period_text = r->has_period && row->dims[0] ? row->dims[0] : "",
        .unit = u,
        .name = u >= 0             ? rep_unit_name(r, u)
                : row->source_area ? row->source_area
                                   : "",
        .v = row->value,
        .source = row->source ? row->source : ""};
    qsort(grown, (size_t)ind->nrefs, sizeof *grown, cmp_ref);
    ind->refs = grown;
}

static rep_ind *ind_by_id(report *r, const char *id, int *hint)
{
    if (*hint < r->ninds && strcmp(r->inds[*hint].id, id) == 0)
        return &r->inds[*hint];
    for (int i = 0; i < r->ninds; i++)
        if (strcmp(r->inds[i].id, id) == 0) {
            *hint = i;
            return &r->inds[i];
        }
    return NULL;
}

static void fill_cells(report *r)
{
    int hint = 0;
    for (size_t i = 0; i < r->res->nrows; i++) {
        const rt_outrow *row = &r->res->rows[i];
        rep_ind *ind = ind_by_id(r, row->indicator, &hint);
        if (row->source) { /* a published value, not a unit's figure */
            if (ind)
                add_ref(r, ind, row);
            continue;
        }
        int u = ind ? unit_of(r, row) : -1, k = period_of(r, row);
        if (u < 0 || k < 0)
            continue;
        ind->kmin = k < ind->kmin ? k : ind->kmin;
        ind->kmax = k > ind->kmax ? k : ind->kmax;
        fill_cell(&ind->cells[k * r->nunits + u], row);
        r->any_partial =
            r->any_partial || ind->cells[k * r->nunits + u].partial;
        if (u == 0 && k > ind->last)
            ind->last = k;
    }
}

static bool same_level(const report *r, int u)
{
    return r->units[u].role == ROLE_FOCUS || r->units[u].role == ROLE_PEER;
}

/* How many units of the focus's level focus.c ranked in a period: its
 * ranks (1 + how many are strictly better; none without `better`) are
 * among them. */
static void count_ranked(report *r, rep_ind *ind, int k)
{
    rep_cell *cells = &ind->cells[k * r->nunits];
    unsigned ranked = 0;
    for (int u = 0; u < r->nunits; u++)
        ranked += same_level(r, u) && cells[u].rank > 0;
    for (int u = 0; u < r->nunits; u++)
        cells[u].ranked = cells[u].rank ? ranked : 0;
}

/* An index's period: the last in which the focus has the most area
 * scores (a year with one member's data, reweighted, says little), for
 * the index and its areas alike; -1 when the focus has no score. */
static void index_period(report *r, int i)
{
    int end = rep_index_end(r, i), best = -1, most = -1;
    for (int k = 0; k < r->nperiods; k++) {
        if (!rep_cell_at(r, &r->inds[i], k, 0)->has)
            continue;
        int n = 0;
        for (int j = i + 1; j < end; j++)
            n += rep_cell_at(r, &r->inds[j], k, 0)->has;
        if (n >= most) {
            most = n;
            best = k;
        }
    }
    for (int j = i; j < end; j++)
        r->inds[j].last = best;
}

int report_model(report *r, const rt_program *p)
{
    collect_periods(r);
    collect_domains(r);
    collect_indicators(r, p);
    if (r->ninds == 0) {
        fputs("sicalc: error: report: no indicator has a row to show\n",
              stderr);
        return 2;
    }
    fill_cells(r);
    for (int i = 0; i < r->ninds; i++)
        for (int k = 0; k < r->nperiods; k++)
            count_ranked(r, &r->inds[i], k);
    for (int i = r->nplain; i < r->ninds; i = rep_index_end(r, i))
        index_period(r, i);
    return 0;
}

const rep_cell *rep_cell_at(const report *r, const rep_ind *ind, int period,
                            int unit)
{
    return &ind->cells[period * r->nunits + unit];
}

int rep_benchmark(const report *r, const rep_ind *ind, int period)
{
    for (int u = 1; period >= 0 && u < r->nunits; u++)
        if ((r->units[u].role == ROLE_PARENT ||
             r->units[u].role == ROLE_COUNTRY) &&
            rep_cell_at(r, ind, period, u)->has)
            return u;
    return -1;
}

bool rep_peer_range(const report *r, const rep_ind *ind, int period, double *lo,
                    double *hi)
{
    bool any = false;
    for (int u = 0; period >= 0 && u < r->nunits; u++) {
        const rep_cell *c = rep_cell_at(r, ind, period, u);
        if (!same_level(r, u) || !c->has)
            continue;
        if (!any || c->v < *lo)
            *lo = c->v;
        if (!any || c->v > *hi)
            *hi = c->v;
        any = true;
    }
    return any;
}

const rep_cell *rep_coverage(const report *r, int unit, int *period)
{
    /* the indicators differ (elections cover fewer units): the widest */
    for (int k = r->nperiods - 1; k >= 0; k--) {
        const rep_cell *best = NULL;
        for (int i = 0; i < r->nplain; i++) {
            const rep_cell *c = rep_cell_at(r, &r->inds[i], k, unit);
            if (c->row && c->n_members &&
                (!best || c->n_present > best->n_present))
                best = c;
        }
        if (best) {
            *period = k;
            return best;
        }
    }
    return NULL;
}

static bool shown(const report *r, const rep_ind *ind, int u)
{
    rep_role role = r->units[u].role;
    if (ind->is_index) /* scored across the focus's level only */
        return role == ROLE_FOCUS || role == ROLE_PEER;
    return role != ROLE_PEER || r->peers;
}

/* The units to draw: values first, best first (largest first without a
 * direction), then the missing ones in unit order. */
int rep_ranked_units(const report *r, const rep_ind *ind, int k, int *units)
{
    int n = 0;
    for (int u = 0; u < r->nunits; u++)
        if (shown(r, ind, u))
            units[n++] = u;
    for (int i = 1; i < n; i++) /* insertion sort: stable, n is small */
        for (int j = i; j > 0; j--) {
            const rep_cell *a = rep_cell_at(r, ind, k, units[j - 1]);
            const rep_cell *b = rep_cell_at(r, ind, k, units[j]);
            bool swap = !a->has && b->has;
            if (a->has && b->has)
                swap = ind->better < 0 ? b->v < a->v : b->v > a->v;
            if (!swap)
                break;
            int t = units[j];
            units[j] = units[j - 1];
            units[j - 1] = t;
        }
    return n;
}
