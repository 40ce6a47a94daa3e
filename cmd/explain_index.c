/* explain_index.c — `sicalc explain INDEX --group UNIT_DIM=UNIT`: one
 * unit's composite index taken apart: each member's value, the period's
 * statistics it is normalised with, its score and weight, each area's
 * score and the index, with the arithmetic and the ranks. */
#include "explain_index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/composite.h"
#include "../runtime/numfmt.h"

/* The exact number (as the CSV output prints it). */
static void num(FILE *f, double v)
{
    char buf[48];
    rt_fmt_number(buf, sizeof buf, v);
    fputs(buf, f);
}

/* A short number for the arithmetic. */
static void shortnum(FILE *f, double v)
{
    fprintf(f, "%.6g", v);
}

const ast_decl *explain_index_decl(const ast_program *prog, const char *id)
{
    size_t n = strcspn(id, ".");
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if (d->kind == DECL_INDEX && strlen(d->name) == n &&
            strncmp(d->name, id, n) == 0)
            return d;
    }
    return NULL;
}

static const char *title_of(const ast_decl *d)
{
    const ast_clause *t = ast_clause_find(d, CL_TITLE, NULL);
    return t ? t->text : "";
}

/* The unit's row in the table: the one asked for, in the period asked
 * for, or else the latest of the periods in which most of its members
 * have a value (a year with one member would explain little). */
static const rt_index_unit *pick_unit(const rt_index_table *t, const char *unit,
                                      const char *period)
{
    const rt_index_unit *found = NULL;
    for (size_t i = 0; i < t->nunits; i++) {
        const rt_index_unit *u = &t->units[i];
        if (strcmp(u->unit, unit) != 0)
            continue;
        if (period && (!u->period || strcmp(u->period, period) != 0))
            continue;
        if (!found || u->n >= found->n)
            found = u; /* in period order: the latest of the fullest */
    }
    return found;
}

static void method(FILE *f, const rt_index *ix, int nunits, const char *period)
{
    static const char *const scales[] = {"minmax", "zscore", "rank",
                                         "ratio_to"};
    fprintf(f, "method: scale %s", scales[ix->scale]);
    if (ix->scale == RT_SCALE_MINMAX || ix->scale == RT_SCALE_RANK) {
        fputc(' ', f);
        shortnum(f, ix->lo);
        fputs("..", f);
        shortnum(f, ix->hi);
    }
    if (ix->ref)
        fprintf(f, " %s", ix->ref);
    fprintf(f, " over the %d units (%s) of %s; combine %s; missing %s\n",
            nunits, ix->across, period ? period : "the data",
            ix->geomean ? "geomean" : "mean",
            ix->all_or_none ? "none" : "reweight");
}

/* How member m's score came from its value. */
static void member_arithmetic(FILE *f, const rt_index *ix,
                              const rt_index_stats *s, int m, double x,
                              double score)
{
    bool lower = ix->members[m].lower;
    fputs("      score = ", f);
    switch (ix->scale) {
    case RT_SCALE_MINMAX:
        if (s->max == s->min) {
            fputs("the midpoint (every unit has one value) = ", f);
            break;
        }
        shortnum(f, ix->lo);
        fputs(" + ", f);
        shortnum(f, ix->hi - ix->lo);
        fputs(lower ? " × (max − x) / (max − min) = "
                    : " × (x − min) / "
                      "(max − min) = ",
              f);
        shortnum(f, ix->lo);
        fputs(" + ", f);
        shortnum(f, ix->hi - ix->lo);
        fputs(" × (", f);
        shortnum(f, lower ? s->max : x);
        fputs(" − ", f);
        shortnum(f, lower ? x : s->min);
        fputs(") / (", f);
        shortnum(f, s->max);
        fputs(" − ", f);
        shortnum(f, s->min);
        fputs(") = ", f);
        break;
    case RT_SCALE_ZSCORE:
        fputs(lower ? "(mean − x) / sd = (" : "(x − mean) / sd = (", f);
        shortnum(f, lower ? s->mean : x);
        fputs(" − ", f);
        shortnum(f, lower ? x : s->mean);
        fputs(") / ", f);
        shortnum(f, s->sd);
        fputs(" = ", f);
        break;
    case RT_SCALE_RANK:
        fprintf(f,
                "lo + (hi − lo) × (units %s + (ties − 1) / 2) / (n − 1), "
                "n = %d: ",
                lower ? "above" : "below", s->n);
        break;
    case RT_SCALE_RATIO:
        fputs(lower ? "x_ref / x = " : "x / x_ref = ", f);
        shortnum(f, lower ? s->ref : x);
        fputs(" / ", f);
        shortnum(f, lower ? x : s->ref);
        fputs(" = ", f);
        break;
    }
    if (isnan(score))
        fputs("none\n", f);
    else {
        num(f, score);
        fputc('\n', f);
    }
}

/* `(w1 × s1 + w2 × s2) / (w1 + w2) = v`, or its geometric form. */
static void combination(FILE *f, bool geo, const double *s, const double *w,
                        int n, double v)
{
    double sw = 0;
    int k = 0;
    fputs(geo ? "exp((" : "(", f);
    for (int i = 0; i < n; i++) {
        if (isnan(s[i]))
            continue;
        fputs(k++ ? " + " : "", f);
        shortnum(f, w[i]);
        fputs(geo ? " × ln " : " × ", f);
        shortnum(f, s[i]);
        sw += w[i];
    }
    fputs(") / ", f);
    shortnum(f, sw);
    fputs(geo ? ") = " : " = ", f);
    if (isnan(v))
        fputs("none", f);
    else
        num(f, v);
}

static int units_in_period(const rt_index_table *t, int period_no)
{
    int n = 0;
    for (size_t i = 0; i < t->nunits; i++)
        n += t->units[i].period_no == period_no;
    return n;
}

static void explain_table(FILE *f, const ast_decl *decl, const rt_index *ix,
                          const rt_index_table *t, const rt_index_unit *u)
{
    int nunits = units_in_period(t, u->period_no);
    fprintf(f, "%s: %s\n", ix->id, title_of(decl));
    fprintf(f, "  %s = %s", ix->across, u->unit);
    if (u->period)
        fprintf(f, ", period %s", u->period);
    fputc('\n', f);
    method(f, ix, nunits, u->period);
    double *s = rt_xcalloc((size_t)ix->nmembers + 1, sizeof(double));
    double *w =
        rt_xcalloc((size_t)ix->nmembers + ix->nareas + 1, sizeof(double));
    for (int a = 0; a < ix->nareas; a++) {
        fprintf(f, "\narea %s (weight ", ix->areas[a].name);
        shortnum(f, ix->areas[a].weight);
        fputs("):\n", f);
        int n = 0;
        for (int m = 0; m < ix->nmembers; m++) {
            if (ix->members[m].area != a)
                continue;
            const rt_index_stats *st =
                &t->stats[u->period_no * ix->nmembers + m];
            fprintf(f, "  %s (better %s, weight ", ix->members[m].id,
                    ix->members[m].lower ? "lower" : "higher");
            shortnum(f, ix->members[m].weight);
            fputs("): value ", f);
            if (isnan(u->value[m])) {
                fputs("missing", f);
                fputs(ix->all_or_none ? " (missing none: the area has no "
                                        "score)\n"
                                      : " (left out; the area's other "
                                        "weights rescaled)\n",
                      f);
            } else {
                num(f, u->value[m]);
                fprintf(f, "; %d units: min ", st->n);
                shortnum(f, st->min);
                fputs(", max ", f);
                shortnum(f, st->max);
                fputs(", mean ", f);
                shortnum(f, st->mean);
                fputs(", sd ", f);
                shortnum(f, st->sd);
                fputc('\n', f);
                member_arithmetic(f, ix, st, m, u->value[m], u->score[m]);
            }
            s[n] = u->score[m];
            w[n++] = ix->members[m].weight;
        }
        fprintf(f, "  %s = ", ix->areas[a].id);
        if (u->area_n[a] == 0)
            fputs("none (no member has a value)", f);
        else if (ix->all_or_none && u->area_n[a] < n)
            fputs("none (a member is missing)", f);
        else
            combination(f, ix->geomean, s, w, n, u->area[a]);
        if (u->area_rank[a])
            fprintf(f, "   rank %u of %d", u->area_rank[a], nunits);
        fputs(u->area_rew[a] ? "   reweighted\n" : "\n", f);
    }
    for (int a = 0; a < ix->nareas; a++)
        w[a] = ix->areas[a].weight;
    fprintf(f, "\n%s = ", ix->id);
    bool some_missing = false;
    for (int a = 0; a < ix->nareas; a++)
        some_missing = some_missing || isnan(u->area[a]);
    if (ix->all_or_none && some_missing)
        fputs("none (an area has no score)", f);
    else
        combination(f, ix->geomean, u->area, w, ix->nareas, u->index);
    if (u->rank)
        fprintf(f, "   rank %u of %d", u->rank, nunits);
    fputs(u->reweighted ? "   reweighted\n" : "\n", f);
    free(s);
    free(w);
}

int explain_index_run(const explain_opts *o, runner_data *in, rt_arena *a,
                      diag *d, const ast_program *prog, const ast_decl *decl)
{
    const char *unit = NULL;
    int rc = runner_open(in, o->data, o->ndata, o->delimiter);
    rt_program *p = NULL;
    if (rc == 0 && !(p = runner_compile(a, d, prog, in)))
        rc = EXIT_USAGE;
    const rt_index *ix = NULL;
    for (int k = 0; rc == 0 && k < p->nindexes; k++)
        if (strcmp(p->indexes[k].id, decl->name) == 0)
            ix = &p->indexes[k];
    for (int k = 0; ix && k < o->ngroup; k++)
        if (strcmp(o->gnames[k], ix->across) == 0)
            unit = o->gvalues[k];
    if (rc == 0 && !unit) {
        fprintf(stderr,
                "sicalc: error: name the unit to explain: --group %s=NAME\n",
                ix ? ix->across : "UNIT");
        rc = EXIT_USAGE;
    }
    rt_arena *ra = rt_arena_new();
    rt_result res;
    rt_exec *x = NULL;
    if (rc == 0)
        rc = runner_result(p, in, ra, &res, &x) ? EXIT_DATA : 0;
    if (rc == 0) {
        rt_index_table *t = rt_index_compute(p, ix, &res);
        const rt_index_unit *u = pick_unit(t, unit, o->period);
        if (u)
            explain_table(stdout, decl, ix, t, u);
        else {
            fprintf(stderr,
                    "sicalc: error: %s has no unit %s=%s%s%s (no member has "
                    "a value for it)\n",
                    ix->id, ix->across, unit, o->period ? " in period " : "",
                    o->period ? o->period : "");
            rc = EXIT_USAGE;
        }
        rt_index_table_free(t);
    }
    if (x)
        rt_exec_free(x);
    rt_arena_free(ra);
    compile_free(p);
    return rc;
}
