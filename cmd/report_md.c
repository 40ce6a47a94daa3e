/* report_md.c — the profile as Markdown for wikis and reviews: the same
 * parts as the HTML page, each chart as the table of what it draws. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* Text with the characters that could start markup escaped. */
static void md(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\`*_[]<>|#", *s))
            fputc('\\', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
}

static void value(FILE *out, const report *r, const rep_ind *ind, int k, int u)
{
    const rep_cell *c = rep_cell_at(r, ind, k, u);
    if (!c->has) {
        fputs(c->suppressed ? "\u2205" : "\u2013", out);
        return;
    }
    char buf[400];
    rep_num(r, ind, c->v, buf, sizeof buf);
    fputs(buf, out);
    if (c->partial)
        fprintf(out, " %s", rep_dagger(c));
}

static void status(FILE *out, const report *r, const rep_cell *c)
{
    if (!c->has)
        return;
    const char *l = rep_status_letter(c->status);
    fprintf(out, "%s%s", l, *l ? " " : "");
    md(out, rep_status_word(r, c->status));
}

static void header(FILE *out, const report *r)
{
    fputs("# ", out);
    md(out, rep_unit_name(r, 0));
    fprintf(out, " \u2014 %s\n\n", rep_tr(r, R_PROFILE));
    for (int u = 1; u < r->nunits && r->units[u].role == ROLE_PARENT; u++) {
        fprintf(out, "- **%s:** ", report_level_name(r, r->units[u].level));
        md(out, rep_unit_name(r, u));
        int k;
        const rep_cell *c = rep_coverage(r, u, &k);
        if (c && c->partial) {
            fputs(" (", out);
            rep_flags_words(r, out, c, false);
            fprintf(out, ", %s)", r->periods[k]);
        }
        fputc('\n', out);
    }
    fprintf(out, "- **%s:** %s\u2013%s\n- **%s:**", rep_tr(r, R_PERIOD),
            r->periods[0], r->periods[r->nperiods - 1], rep_tr(r, R_DATA));
    for (int i = 0; i < r->ndata; i++)
        fprintf(out, "%s `%s`", i ? "," : "", r->data_paths[i]);
    fprintf(out, "\n- **%s:**", rep_tr(r, R_CATALOGUE));
    for (int i = 0; i < r->nsources; i++)
        fprintf(out, "%s `%s`", i ? "," : "", r->sources[i]);
    if (r->revision)
        fprintf(out, "; %s `%s`", rep_tr(r, R_REVISION), r->revision);
    fputs("\n\n", out);
}

/* " | lowest | highest | ": the range of the units in period k (empty
 * cells when none has a value). */
static void range_cells(FILE *out, const report *r, const rep_ind *ind, int k)
{
    double lo, hi;
    char a[400] = "", z[400] = "";
    if (rep_peer_range(r, ind, k, &lo, &hi)) {
        rep_num(r, ind, lo, a, sizeof a);
        rep_num(r, ind, hi, z, sizeof z);
    }
    fprintf(out, " | %s | %s | ", a, z);
}

static void overview(FILE *out, const report *r)
{
    fprintf(out, "## %s\n\n| %s | %s | ", rep_tr(r, R_OVERVIEW),
            rep_tr(r, R_INDICATOR), rep_tr(r, R_PERIOD));
    md(out, rep_unit_name(r, 0));
    fprintf(out, " | %s | %s | %s | %s | %s |\n", rep_tr(r, R_STATUS),
            rep_tr(r, R_BENCHMARK), rep_tr(r, R_MIN), rep_tr(r, R_MAX),
            rep_tr(r, R_RANK));
    fputs("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |\n", out);
    for (int i = 0; i < r->nplain; i++) {
        const rep_ind *ind = &r->inds[i];
        int k = ind->last;
        fputs("| ", out);
        md(out, ind->title);
        if (k < 0) {
            fputs(" | | \u2013 | | | | | |\n", out);
            continue;
        }
        const rep_cell *c = rep_cell_at(r, ind, k, 0);
        fprintf(out, " | %s | ", r->periods[k]);
        value(out, r, ind, k, 0);
        fputs(" | ", out);
        status(out, r, c);
        fputs(" | ", out);
        int b = rep_benchmark(r, ind, k);
        if (b >= 0)
            value(out, r, ind, k, b);
        range_cells(out, r, ind, k);
        if (c->rank)
            fprintf(out, "%u/%u", c->rank, c->ranked);
        fputs(" |\n", out);
    }
    fputc('\n', out);
}

/* The units ranked by value, as the HTML's bar chart: the rank is the
 * unit's among its level (empty for district, region and total). */
static void bars(FILE *out, const report *r, const rep_ind *ind, int k)
{
    int *units = rt_xcalloc((size_t)r->nunits, sizeof *units);
    int n = rep_ranked_units(r, ind, k, units);
    fprintf(out,
            "| %s | %s | %s | %s | %s |\n| --- | ---: | ---: | --- | --- |\n",
            rep_tr(r, R_UNIT), rep_tr(r, R_RANK), rep_tr(r, R_VALUE),
            rep_tr(r, R_CI_OF), rep_tr(r, R_STATUS));
    for (int i = 0; i < n; i++) {
        const rep_cell *c = rep_cell_at(r, ind, k, units[i]);
        fputs("| ", out);
        md(out, rep_unit_name(r, units[i]));
        fputs(" | ", out);
        if (c->rank)
            fprintf(out, "%u/%u", c->rank, c->ranked);
        fputs(" | ", out);
        value(out, r, ind, k, units[i]);
        fputs(" | ", out);
        if (c->has_ci) {
            char a[400], z[400];
            rep_num(r, ind, c->lo, a, sizeof a);
            rep_num(r, ind, c->hi, z, sizeof z);
            fprintf(out, "%s \u2013 %s", a, z);
        }
        fputs(" | ", out);
        status(out, r, c);
        fputs(" |\n", out);
    }
    fputc('\n', out);
    free(units);
}

static void trend(FILE *out, const report *r, const rep_ind *ind)
{
    int b = rep_benchmark(r, ind, ind->last);
    fprintf(out, "| %s | ", rep_tr(r, R_PERIOD));
    md(out, rep_unit_name(r, 0));
    if (b >= 0) {
        fputs(" | ", out);
        md(out, rep_unit_name(r, b));
    }
    fputs(b >= 0 ? " |\n| --- | ---: | ---: |\n" : " |\n| --- | ---: |\n", out);
    for (int k = 0; k < r->nperiods; k++) {
        fprintf(out, "| %s | ", r->periods[k]);
        value(out, r, ind, k, 0);
        if (b >= 0) {
            fputs(" | ", out);
            value(out, r, ind, k, b);
        }
        fputs(" |\n", out);
    }
    fputc('\n', out);
}

static void facts(FILE *out, const report *r, const rep_ind *ind, int k)
{
    const rep_cell *c = rep_cell_at(r, ind, k, 0);
    fprintf(out, "- **%s (%s):** ", rep_tr(r, R_VALUE), r->periods[k]);
    value(out, r, ind, k, 0);
    fprintf(out, "%s", c->has ? rep_unit_suffix(r, ind) : "");
    if (c->has) {
        fputs(", ", out);
        status(out, r, c);
    }
    fputc('\n', out);
    if (c->rank)
        fprintf(out, "- **%s:** %u %s %u (%s)\n", rep_tr(r, R_RANK), c->rank,
                rep_tr(r, R_OF), c->ranked,
                rep_tr(r, ind->better > 0 ? R_HIGHER : R_LOWER));
    if (c->has_num && c->has_den) {
        char a[400], z[400];
        rep_num(r, NULL, c->num, a, sizeof a);
        rep_num(r, NULL, c->den, z, sizeof z);
        fprintf(out, "- **%s:** %s; **%s:** %s\n", rep_tr(r, R_NUMERATOR), a,
                rep_tr(r, R_DENOMINATOR), z);
    }
    if (c->has_ci) {
        char *m = rep_ci_name(r, ind), a[400], z[400];
        rep_num(r, ind, c->lo, a, sizeof a);
        rep_num(r, ind, c->hi, z, sizeof z);
        fprintf(out, "- **%s:** %s \u2013 %s\n", m, a, z);
        free(m);
    }
    if (c->has_se) {
        char a[400], z[400];
        rep_num(r, ind, c->se, a, sizeof a);
        rep_num(r, NULL, c->cv * 100, z, sizeof z);
        fprintf(out, "- se %s \u00b7 cv %s%%\n", a, z);
    }
    if (c->row && *c->flags) {
        fprintf(out, "- **%s:** ", rep_tr(r, R_FLAGS));
        rep_flags_words(r, out, c, false);
        fputc('\n', out);
    }
    rep_refs(r, out, ind, false);
    fputc('\n', out);
}

/* An indicator the data give only above the focus (report_html.c's
 * above_only): each benchmark's value, interval, se and cv. */
static void above_only(FILE *out, const report *r, const rep_ind *ind)
{
    int k = ind->kmax;
    while (k >= 0 && rep_benchmark(r, ind, k) < 0)
        k--;
    if (k < 0) {
        fprintf(out, "%s\n\n", rep_tr(r, R_NO_VALUE));
        return;
    }
    fprintf(out, "%s (%s):\n\n", rep_tr(r, R_ABOVE_ONLY), r->periods[k]);
    for (int u = 1; u < r->nunits; u++) {
        const rep_cell *c = rep_cell_at(r, ind, k, u);
        rep_role role = r->units[u].role;
        if ((role != ROLE_PARENT && role != ROLE_COUNTRY) || !c->has)
            continue;
        fputs("- ", out);
        md(out, rep_unit_name(r, u));
        fputs(": **", out);
        value(out, r, ind, k, u);
        fprintf(out, "%s**", rep_unit_suffix(r, ind));
        char a[400], z[400];
        if (c->has_ci) {
            char *m = rep_ci_name(r, ind);
            rep_num(r, ind, c->lo, a, sizeof a);
            rep_num(r, ind, c->hi, z, sizeof z);
            fprintf(out, "; %s %s \u2013 %s", m, a, z);
            free(m);
        }
        if (c->has_se) {
            rep_num(r, ind, c->se, a, sizeof a);
            rep_num(r, NULL, c->cv * 100, z, sizeof z);
            fprintf(out, "; se %s \u00b7 cv %s%%", a, z);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

static void indicator(FILE *out, const report *r, const rep_ind *ind)
{
    fprintf(out, "### <a id=\"ind-%s\"></a>", ind->id);
    md(out, ind->title);
    fputs("\n\n", out);
    if (ind->definition) {
        fputs(ind->definition_en ? "<span lang=\"en\">" : "", out);
        md(out, ind->definition);
        fputs(ind->definition_en ? "</span>\n\n" : "\n\n", out);
    }
    if (ind->last < 0) {
        above_only(out, r, ind);
        return;
    }
    facts(out, r, ind, ind->last);
    bars(out, r, ind, ind->last);
    trend(out, r, ind);
}

static void compare(FILE *out, const report *r)
{
    fprintf(out, "## %s\n\n%s. ", rep_tr(r, R_COMPARE),
            rep_tr(r, R_LAST_PERIOD));
    md(out, rep_tr(r, R_MISSING_NOTE));
    if (r->any_partial) {
        fputc(' ', out);
        md(out, rep_tr(r, R_DAGGER));
    }
    fprintf(out, "\n\n| %s | %s |", rep_tr(r, R_INDICATOR),
            rep_tr(r, R_PERIOD));
    for (int u = 0; u < r->nunits; u++) {
        fputc(' ', out);
        md(out, rep_unit_name(r, u));
        fputs(" |", out);
    }
    fputs("\n| --- | --- |", out);
    for (int u = 0; u < r->nunits; u++)
        fputs(" ---: |", out);
    fputc('\n', out);
    for (int i = 0; i < r->nplain; i++) {
        const rep_ind *ind = &r->inds[i];
        if (ind->last < 0)
            continue;
        fputs("| ", out);
        md(out, ind->title);
        fprintf(out, " | %s |", r->periods[ind->last]);
        for (int u = 0; u < r->nunits; u++) {
            const rep_cell *c = rep_cell_at(r, ind, ind->last, u);
            fputc(' ', out);
            value(out, r, ind, ind->last, u);
            const char *l = c->has ? rep_status_letter(c->status) : "";
            fprintf(out, "%s%s |", *l ? " " : "", l);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

/* A composite index: the focus's score and area scores in the index's
 * last period, with ranks and the range of the units. */
static void index_section(FILE *out, const report *r, int i)
{
    const rep_ind *ix = &r->inds[i];
    int k = ix->last;
    fputs("## ", out);
    md(out, ix->title);
    fputs("\n\n", out);
    if (ix->definition) {
        md(out, ix->definition);
        fputs("\n\n", out);
    }
    if (k < 0) {
        fprintf(out, "%s\n\n", rep_tr(r, R_NO_VALUE));
        return;
    }
    fprintf(out, "| %s | ", rep_tr(r, R_AREA));
    md(out, rep_unit_name(r, 0));
    fprintf(out,
            " %s | %s | %s | %s | %s |\n"
            "| --- | ---: | ---: | ---: | ---: | --- |\n",
            r->periods[k], rep_tr(r, R_RANK), rep_tr(r, R_MIN),
            rep_tr(r, R_MAX), rep_tr(r, R_FLAGS));
    for (int j = i; j < rep_index_end(r, i); j++) {
        const rep_ind *ind = &r->inds[j];
        const rep_cell *c = rep_cell_at(r, ind, k, 0);
        char *t = ind->area ? report_domain_title(r, ind->area) : NULL;
        fputs("| ", out);
        md(out, t ? t : rep_tr(r, R_INDEX_SCORE));
        free(t);
        fputs(" | ", out);
        value(out, r, ind, k, 0);
        fputs(" | ", out);
        if (c->rank)
            fprintf(out, "%u/%u", c->rank, c->ranked);
        range_cells(out, r, ind, k);
        if (c->row && *c->flags)
            rep_flags_words(r, out, c, false);
        fputs(" |\n", out);
    }
    fprintf(out, "\n%s\n\n", rep_tr(r, R_INDEX_NOTE));
    report all = *r; /* every unit: the index ranks them all */
    all.peers = true;
    bars(out, &all, ix, k);
}

int report_md(FILE *out, const report *r)
{
    header(out, r);
    overview(out, r);
    for (int i = r->nplain; i < r->ninds; i = rep_index_end(r, i))
        index_section(out, r, i);
    for (int d = 0; d < r->ndomains; d++) {
        char *t = report_domain_title(r, r->domains[d]);
        fputs("## ", out);
        md(out, t);
        fputs("\n\n", out);
        free(t);
        for (int i = 0; i < r->ninds; i++)
            if (report_same(r->inds[i].domain, r->domains[d])) {
                indicator(out, r, &r->inds[i]);
                report_progress(r, i + 1);
            }
    }
    compare(out, r);
    fprintf(out, "## %s\n\n", rep_tr(r, R_METHODS));
    report_methods(out, r);
    return ferror(out) ? -1 : 0;
}
