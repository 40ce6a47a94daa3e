/* report_html.c — the profile as one self-contained HTML page: header,
 * overview (spine chart), one section per domain with each indicator's
 * figures and charts, the comparison table, the methods. Everything is
 * inline (style sheet and SVG); the Content-Security-Policy forbids any
 * fetch and any script. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "report_int.h"

static const char css[] =
    ":root { --good: #1b7837; --warning: #e08214; --bad: #b2182b;\n"
    "  --other: #2166ac; --none: #8c8c8c; --focus: #1f3b63;\n"
    "  --bench: #7b8794; --peer: #c9d3de; }\n"
    "body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto,\n"
    "  'Noto Sans', 'DejaVu Sans', sans-serif; color: #1f2328;\n"
    "  max-width: 1040px; margin: 0 auto; padding: 1.5rem; }\n"
    "h1 { font-size: 1.9rem; margin: 0 0 .2rem; }\n"
    "h1 small { font-size: 1rem; color: #59636e; font-weight: 400; }\n"
    "h2 { font-size: 1.35rem; border-bottom: 2px solid var(--focus);\n"
    "  padding-bottom: .2rem; margin-top: 2rem; }\n"
    "h3 { font-size: 1.05rem; margin: 0 0 .2rem; }\n"
    "dl.meta { display: grid; grid-template-columns: max-content 1fr;\n"
    "  gap: .15rem 1rem; margin: .6rem 0; }\n"
    "dl.meta dt { font-weight: 600; color: #59636e; }\n"
    "dl.meta dd { margin: 0; }\n"
    "dl.meta ul { margin: 0; padding: 0; list-style: none; columns: 2; }\n"
    "code { font-size: .9em; }\n"
    ".legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem;\n"
    "  align-items: center; font-size: .85rem; color: #444; margin: .4rem 0; "
    "}\n"
    ".legend svg { vertical-align: middle; }\n"
    "table { border-collapse: collapse; }\n"
    "table.spine { width: 100%; font-size: .82rem; }\n"
    "table.spine td, table.spine th { padding: 2px 6px;\n"
    "  border-bottom: 1px solid #e4e7eb; text-align: right;\n"
    "  vertical-align: middle; }\n"
    "table.spine td.t, table.spine th.t { text-align: left; }\n"
    "table.spine tr.dom th { text-align: left; background: #eef2f6;\n"
    "  font-size: .9rem; padding-top: 6px; }\n"
    "table.spine svg { display: block; }\n"
    ".st { font-size: .75rem; font-weight: 700; padding: 0 .3em;\n"
    "  border-radius: 3px; color: #fff; white-space: nowrap; }\n"
    ".st.good { background: var(--good); }\n"
    ".st.warning { background: var(--warning); color: #1f2328; }\n"
    ".st.bad { background: var(--bad); }\n"
    ".st.other { background: var(--other); }\n"
    ".st.none { background: none; color: #59636e; border: 1px solid #bbb;\n"
    "  font-weight: 400; }\n"
    ".st-good { fill: var(--good); }\n"
    ".st-warning { fill: var(--warning); }\n"
    ".st-bad { fill: var(--bad); }\n"
    ".st-other { fill: var(--other); }\n"
    ".st-none { fill: #fff; stroke: #555; stroke-width: 1.5; }\n"
    "svg .range { fill: #d5dbe1; }\n"
    "svg .bench { stroke: #000; stroke-width: 2; }\n"
    "svg .b-focus { fill: var(--focus); }\n"
    "svg .b-bench { fill: var(--bench); }\n"
    "svg .b-peer { fill: var(--peer); }\n"
    "svg .ci { stroke: #000; stroke-width: 1.3; fill: none; }\n"
    "svg .grid { stroke: #e4e7eb; }\n"
    "svg text { font-size: 11px; fill: #1f2328; }\n"
    "svg .tick { fill: #59636e; font-size: 10px; }\n"
    "svg .lab.focus { font-weight: 700; }\n"
    "svg .miss { fill: #59636e; font-style: italic; }\n"
    "svg .lc { fill: #8a4b00; font-weight: 700; }\n"
    "svg .t-focus { stroke: var(--focus); stroke-width: 2.2; }\n"
    "svg .t-focus-pt { fill: var(--focus); }\n"
    "svg .t-bench { stroke: #555; stroke-width: 1.6;\n"
    "  stroke-dasharray: 5 3; }\n"
    "svg .t-bench-pt { fill: #fff; stroke: #555; stroke-width: 1.4; }\n"
    "section.domain > h2 { margin-top: 0; }\n"
    "article.ind { border-top: 1px solid #d0d7de; padding: .7rem 0 .5rem; }\n"
    "article.ind .def { color: #444; margin: 0 0 .4rem; font-size: .9rem; }\n"
    ".figs { display: grid; grid-template-columns: 1fr 360px;\n"
    "  gap: .4rem 1.2rem; align-items: start; }\n"
    ".head .big { font-size: 1.7rem; font-weight: 700; color: var(--focus); }\n"
    ".head p { margin: .15rem 0; font-size: .88rem; }\n"
    ".head .flags { color: #8a4b00; }\n"
    "sup.dag { color: #8a4b00; font-weight: 700; }\n"
    ".refs p { margin: .15rem 0 0; font-size: .88rem; }\n"
    ".refs ul { margin: 0 0 .2rem; padding-left: 1.1rem; font-size: .85rem; }\n"
    "figure { margin: 0; }\n"
    "figure.bars { grid-column: 1 / -1; }\n"
    "figcaption { font-size: .78rem; color: #59636e; }\n"
    ".key { display: inline-block; width: 12px; height: 10px;\n"
    "  vertical-align: middle; margin: 0 .25em 0 .6em; }\n"
    ".key.focus { background: var(--focus); }\n"
    ".key.bench { background: var(--bench); }\n"
    ".key.peer { background: var(--peer); }\n"
    ".scroll { overflow-x: auto; }\n"
    "@media screen and (min-width: 1100px) {\n"
    "  #compare .scroll { width: calc(100vw - 3rem); position: relative;\n"
    "    left: calc(50% - 50vw + 1.5rem); } }\n"
    "small.unit { color: #59636e; white-space: nowrap; }\n"
    "table.cmp { font-size: .66rem; width: 100%; }\n"
    "table.cmp th, table.cmp td { border: 1px solid #e4e7eb;\n"
    "  padding: 1px 2px; text-align: right; white-space: nowrap; }\n"
    "table.cmp th.t, table.cmp td.t { text-align: left; white-space: normal;\n"
    "  min-width: 12em; }\n"
    "table.cmp thead th.u { writing-mode: vertical-rl;\n"
    "  transform: rotate(180deg); text-align: left; vertical-align: bottom;\n"
    "  font-weight: 600; padding: 4px 1px; }\n"
    "table.cmp thead th.u.focus { background: #dde6f0; }\n"
    "table.cmp tr.dom th { text-align: left; background: #eef2f6; }\n"
    "table.cmp td.good { background: #d9efdf; }\n"
    "table.cmp td.warning { background: #fbe3c4; }\n"
    "table.cmp td.bad { background: #f6d3d6; }\n"
    "table.cmp td.other { background: #d6e4f2; }\n"
    "table.cmp td .sl { font-size: .8em; color: #333; margin-left: 1px; }\n"
    "table.cmp td.focus { font-weight: 700; }\n"
    "#methods article { border-top: 1px solid #e4e7eb; padding: .4rem 0; }\n"
    "#methods h3 { font-size: .98rem; }\n"
    "#methods h3.mdom { font-size: 1.2rem; background: #eef2f6;\n"
    "  padding: .25rem .4rem; margin: 1.2rem 0 .2rem;\n"
    "  border-left: 4px solid var(--focus); }\n"
    "#methods .id { margin: 0; color: #59636e; font-size: .85rem; }\n"
    "#methods dl { display: grid; grid-template-columns: max-content 1fr;\n"
    "  gap: .1rem .8rem; margin: .2rem 0; font-size: .85rem; }\n"
    "#methods dt { font-weight: 600; color: #59636e; }\n"
    "#methods dd { margin: 0; }\n"
    "footer { margin-top: 2rem; font-size: .8rem; color: #59636e; }\n"
    "@page { size: A4; margin: 12mm 11mm; }\n"
    "@page wide { size: A4 landscape; margin: 10mm; }\n"
    "@media print {\n"
    "  body { max-width: none; padding: 0; font-size: 10.5pt; }\n"
    "  #overview, section.domain, section.index, #methods {\n"
    "    break-before: page; }\n"
    "  #compare { break-before: page; page: wide; }\n"
    "  table.cmp { font-size: 6.3pt; }\n"
    "  article.ind, table.spine tr, table.cmp tr, #methods article {\n"
    "    break-inside: avoid; }\n"
    "  h2, h3 { break-after: avoid; }\n"
    "  .figs { grid-template-columns: 1fr 1fr; gap: 0 1rem; }\n"
    "  table.spine td.t { min-width: 15em; }\n"
    "  table.spine svg.spine { width: 130px; height: auto; }\n"
    "  figure.trend > svg { width: 88%; height: auto; }\n"
    "  figure.bars > svg { width: 68%; height: auto; }\n"
    "  article.ind { padding: .3rem 0 .2rem; }\n"
    "  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    "}\n";

/* ---- pieces ---- */

static void num(FILE *out, const report *r, const rep_ind *ind, double v)
{
    char buf[400];
    rep_num(r, ind, v, buf, sizeof buf);
    fputs(buf, out);
}

/* A value as a span that names its figure, for readers and tests. */
static void value_span(FILE *out, const report *r, const rep_ind *ind, int k,
                       int u, const char *cls)
{
    const rep_cell *c = rep_cell_at(r, ind, k, u);
    fprintf(out, "<span class=\"%s\" data-ind=\"%s\" data-unit=\"", cls,
            ind->id);
    rep_html_text(out, r->units[u].name ? r->units[u].name : "_T");
    fprintf(out, "\" data-period=\"%s\">", r->periods[k]);
    if (c->has)
        num(out, r, ind, c->v);
    else
        fputs(c->suppressed ? "\u2205" : "\u2013", out);
    fputs("</span>", out);
    if (c->partial)
        fputs("<sup class=\"dag\">\u2020</sup>", out);
}

static void status_badge(FILE *out, const report *r, const char *status)
{
    fprintf(out, "<span class=\"st %s\">%s%s", rep_status_class(status),
            rep_status_letter(status), *rep_status_letter(status) ? " " : "");
    rep_html_text(out, rep_status_word(r, status));
    fputs("</span>", out);
}

static void marker_svg(FILE *out, const char *status)
{
    fputs("<svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" "
          "aria-hidden=\"true\">",
          out);
    svg_status_marker(out, status, 7, 7);
    fputs("</svg>", out);
}

static void domain_title(FILE *out, const report *r, const char *dom)
{
    char *t = report_domain_title(r, dom);
    rep_html_text(out, t);
    free(t);
}

static void legend(FILE *out, const report *r)
{
    static const char *const bands[] = {"good", "warning", "bad", ""};
    fputs("<div class=\"legend\">", out);
    for (int i = 0; i < 4; i++) {
        fputs("<span>", out);
        marker_svg(out, bands[i]);
        fputc(' ', out);
        status_badge(out, r, bands[i]);
        fputs("</span>", out);
    }
    fputs("</div>\n<p class=\"legend\">", out);
    rep_html_text(out, rep_tr(r, R_LEGEND_SPINE));
    if (r->any_partial) {
        fputs(" <span class=\"dagnote\">", out);
        rep_html_text(out, rep_tr(r, R_DAGGER));
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
}

/* ---- header ---- */

static void file_date(FILE *out, const char *path)
{
    struct stat st;
    char buf[32] = "";
    if (stat(path, &st) == 0) {
        struct tm tm;
        gmtime_r(&st.st_mtime, &tm);
        strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    }
    fprintf(out, " <small>%s</small>", buf);
}

static void period_span(FILE *out, const report *r)
{
    rep_html_text(out, r->periods[0]);
    if (r->nperiods > 1) {
        fputs("\u2013", out);
        rep_html_text(out, r->periods[r->nperiods - 1]);
    }
}

static void header(FILE *out, const report *r)
{
    fputs("<header id=\"header\">\n<h1>", out);
    rep_html_text(out, rep_unit_name(r, 0));
    fprintf(out, " <small>%s</small></h1>\n<dl class=\"meta\">\n",
            rep_tr(r, R_PROFILE));
    for (int u = 1; u < r->nunits && r->units[u].role == ROLE_PARENT; u++) {
        fprintf(out, "<dt>%s</dt><dd id=\"parent-%s\">",
                report_level_name(r, r->units[u].level), r->units[u].level);
        rep_html_text(out, rep_unit_name(r, u));
        int k;
        const rep_cell *c = rep_coverage(r, u, &k);
        if (c && c->partial) {
            fputs(" <span class=\"flags\">(", out);
            rep_flags_words(r, out, c, true);
            fprintf(out, ", %s)</span>", r->periods[k]);
        }
        fputs("</dd>\n", out);
    }
    fprintf(out, "<dt>%s</dt><dd id=\"period\">", rep_tr(r, R_PERIOD));
    period_span(out, r);
    fprintf(out, "</dd>\n<dt>%s</dt><dd><ul id=\"data-files\">",
            rep_tr(r, R_DATA));
    for (int i = 0; i < r->ndata; i++) {
        fputs("<li><code>", out);
        rep_html_text(out, r->data_paths[i]);
        fputs("</code>", out);
        file_date(out, r->data_paths[i]);
        fputs("</li>", out);
    }
    fprintf(out, "</ul></dd>\n<dt>%s</dt><dd id=\"catalogue\">",
            rep_tr(r, R_CATALOGUE));
    for (int i = 0; i < r->nsources; i++) {
        fputs(i ? ", <code>" : "<code>", out);
        rep_html_text(out, r->sources[i]);
        fputs("</code>", out);
    }
    if (r->revision) {
        fprintf(out, "; %s <code id=\"revision\">", rep_tr(r, R_REVISION));
        rep_html_text(out, r->revision);
        fputs("</code>", out);
    }
    fputs("</dd>\n</dl>\n</header>\n", out);
}

/* ---- overview ---- */

/* The unit after a title, small: "(per 1,000)", "(%)". */
static void unit_note(FILE *out, const report *r, const rep_ind *ind)
{
    const char *u = rep_unit_suffix(r, ind);
    while (*u == ' ')
        u++;
    if (*u)
        fprintf(out, " <small class=\"unit\">(%s)</small>", u);
}

static void spine_row(FILE *out, const report *r, const rep_ind *ind)
{
    int k = ind->last;
    fprintf(out, "<tr id=\"ov-%s\"><td class=\"t\"><a href=\"#ind-%s\">",
            ind->id, ind->id);
    rep_html_text(out, ind->title);
    fputs("</a>", out);
    unit_note(out, r, ind);
    fprintf(out, "</td><td>%s</td><td>", k >= 0 ? r->periods[k] : "");
    if (k < 0) {
        fputs("\u2013</td><td></td><td></td><td></td><td></td><td></td></tr>\n",
              out);
        return;
    }
    const rep_cell *c = rep_cell_at(r, ind, k, 0);
    value_span(out, r, ind, k, 0, "v");
    if (c->has && *rep_status_letter(c->status))
        fprintf(out, " <span class=\"st %s\">%s</span>",
                rep_status_class(c->status), rep_status_letter(c->status));
    fputs("</td><td>", out);
    int b = rep_benchmark(r, ind, k);
    if (b >= 0)
        value_span(out, r, ind, k, b, "v");
    double lo, hi;
    bool range = rep_peer_range(r, ind, k, &lo, &hi);
    bool flip = ind->better < 0;
    fputs("</td><td>", out);
    if (range)
        num(out, r, ind, flip ? hi : lo);
    fputs("</td><td>", out);
    svg_spine(out, r, ind, k);
    fputs("</td><td>", out);
    if (range)
        num(out, r, ind, flip ? lo : hi);
    fputs("</td><td>", out);
    if (c->rank)
        fprintf(out, "%u/%u", c->rank, c->ranked);
    fputs("</td></tr>\n", out);
}

static void overview(FILE *out, const report *r)
{
    fprintf(out, "<section id=\"overview\">\n<h2>%s</h2>\n",
            rep_tr(r, R_OVERVIEW));
    legend(out, r);
    fprintf(out,
            "<table class=\"spine\"><thead><tr><th class=\"t\">%s</th>"
            "<th>%s</th><th>",
            rep_tr(r, R_INDICATOR), rep_tr(r, R_PERIOD));
    rep_html_text(out, rep_unit_name(r, 0));
    fprintf(out,
            "</th><th>%s</th><th>%s</th><th class=\"t\">%s</th><th>%s</th>"
            "<th>%s</th></tr></thead>\n<tbody>\n",
            rep_tr(r, R_BENCHMARK), rep_tr(r, R_WORST), rep_tr(r, R_RANGE),
            rep_tr(r, R_BEST), rep_tr(r, R_RANK));
    for (int d = 0; d < r->ndomains; d++) {
        fputs("<tr class=\"dom\"><th colspan=\"8\">", out);
        domain_title(out, r, r->domains[d]);
        fputs("</th></tr>\n", out);
        for (int i = 0; i < r->ninds; i++)
            if (report_same(r->inds[i].domain, r->domains[d]))
                spine_row(out, r, &r->inds[i]);
    }
    fputs("</tbody></table>\n</section>\n", out);
}

/* ---- a composite index ---- */

static void index_row(FILE *out, const report *r, const rep_ind *ind, int k)
{
    const rep_cell *c = rep_cell_at(r, ind, k, 0);
    fprintf(out, "<tr id=\"idx-%s\"%s><td class=\"t\">", ind->id,
            ind->area ? "" : " class=\"total\"");
    if (ind->area) {
        char *t = report_domain_title(r, ind->area);
        rep_html_text(out, t);
        free(t);
    } else {
        rep_html_text(out, rep_tr(r, R_INDEX_SCORE));
    }
    fputs("</td><td>", out);
    value_span(out, r, ind, k, 0, "v");
    fputs("</td><td>", out);
    if (c->rank)
        fprintf(out, "%u/%u", c->rank, c->ranked);
    double lo, hi;
    bool range = rep_peer_range(r, ind, k, &lo, &hi);
    fputs("</td><td>", out);
    if (range)
        num(out, r, ind, lo);
    fputs("</td><td>", out);
    if (range)
        num(out, r, ind, hi);
    fputs("</td><td class=\"t\">", out);
    if (c->row && *c->flags)
        rep_flags_words(r, out, c, true);
    fputs("</td></tr>\n", out);
}

/* The index and its areas for the focus in the index's last period, and
 * every unit's index as ranked bars. */
static void index_section(FILE *out, const report *r, int i)
{
    const rep_ind *ix = &r->inds[i];
    int k = ix->last;
    fprintf(out, "<section class=\"index\" id=\"index-%s\">\n<h2>", ix->id);
    rep_html_text(out, ix->title);
    fputs("</h2>\n", out);
    if (ix->definition) {
        fputs("<p class=\"def\">", out);
        rep_html_text(out, ix->definition);
        fputs("</p>\n", out);
    }
    const ast_clause *note =
        ast_clause_find(ix->decl, CL_NOTE, r->lang == RT_LANG_EN ? "en" : "sr");
    if (note && note->text) {
        fputs("<p class=\"def\">", out);
        rep_html_text(out, note->text);
        fputs("</p>\n", out);
    }
    if (k < 0) {
        fprintf(out, "<p class=\"flags\">%s</p>\n</section>\n",
                rep_tr(r, R_NO_VALUE));
        return;
    }
    fprintf(out,
            "<table class=\"spine idx\"><thead><tr><th class=\"t\">%s</th>"
            "<th>",
            rep_tr(r, R_AREA));
    rep_html_text(out, rep_unit_name(r, 0));
    fprintf(out,
            " %s</th><th>%s</th><th>%s</th><th>%s</th>"
            "<th class=\"t\">%s</th></tr></thead>\n<tbody>\n",
            r->periods[k], rep_tr(r, R_RANK), rep_tr(r, R_MIN),
            rep_tr(r, R_MAX), rep_tr(r, R_FLAGS));
    int end = rep_index_end(r, i);
    for (int j = i; j < end; j++)
        index_row(out, r, &r->inds[j], k);
    fprintf(out, "</tbody></table>\n<p class=\"legend\">%s</p>\n",
            rep_tr(r, R_INDEX_NOTE));
    report all = *r; /* every unit: the index ranks them all */
    all.peers = true;
    fputs("<figure class=\"bars\">", out);
    svg_bars(out, &all, ix, k);
    fputs("</figure>\n</section>\n", out);
}

/* ---- one indicator ---- */

/* The design-based standard error and coefficient of variation. */
static void se_cv(FILE *out, const report *r, const rep_ind *ind,
                  const rep_cell *c)
{
    fputs("<abbr title=\"", out);
    rep_html_text(out, rep_tr(r, R_SE));
    fputs("\">se</abbr> ", out);
    num(out, r, ind, c->se);
    fputs(" &#183; <abbr title=\"", out);
    rep_html_text(out, rep_tr(r, R_CV));
    fputs("\">cv</abbr> ", out);
    num(out, r, NULL, c->cv * 100);
    fputs("%", out);
}

/* An indicator the data give only above the focus (a survey's region):
 * each benchmark's value in the last period it has one, with its
 * interval, se and cv. */
static void above_only(FILE *out, const report *r, const rep_ind *ind)
{
    int k = ind->kmax;
    while (k >= 0 && rep_benchmark(r, ind, k) < 0)
        k--;
    if (k < 0) {
        fprintf(out, "<p class=\"flags\">%s</p>\n", rep_tr(r, R_NO_VALUE));
        return;
    }
    fprintf(out, "<div class=\"head\"><p class=\"flags\">%s (%s):</p>\n",
            rep_tr(r, R_ABOVE_ONLY), r->periods[k]);
    for (int u = 1; u < r->nunits; u++) {
        const rep_cell *c = rep_cell_at(r, ind, k, u);
        rep_role role = r->units[u].role;
        if ((role != ROLE_PARENT && role != ROLE_COUNTRY) || !c->has)
            continue;
        fputs("<p>", out);
        rep_html_text(out, rep_unit_name(r, u));
        fputs(": <b>", out);
        value_span(out, r, ind, k, u, "v");
        fprintf(out, "%s</b>", rep_unit_suffix(r, ind));
        if (c->has_ci) {
            char *m = rep_ci_name(r, ind);
            fputs("; ", out);
            rep_html_text(out, m);
            free(m);
            fputs(" ", out);
            num(out, r, ind, c->lo);
            fputs(" \u2013 ", out);
            num(out, r, ind, c->hi);
        }
        if (c->has_se) {
            fputs("; ", out);
            se_cv(out, r, ind, c);
        }
        fputs("</p>\n", out);
    }
    fputs("</div>\n", out);
}

static void headline(FILE *out, const report *r, const rep_ind *ind, int k)
{
    const rep_cell *c = rep_cell_at(r, ind, k, 0);
    fputs("<div class=\"head\"><p><span class=\"big\">", out);
    value_span(out, r, ind, k, 0, "v");
    fprintf(out, "%s</span> ", c->has ? rep_unit_suffix(r, ind) : "");
    if (c->has)
        status_badge(out, r, c->status);
    fprintf(out, " <small>%s</small></p>\n", r->periods[k]);
    int b = rep_benchmark(r, ind, k);
    if (b >= 0) {
        fprintf(out, "<p>%s (", rep_tr(r, R_BENCHMARK));
        rep_html_text(out, rep_unit_name(r, b));
        fputs("): ", out);
        value_span(out, r, ind, k, b, "v");
        fputs(rep_unit_suffix(r, ind), out);
        const rep_cell *bc = rep_cell_at(r, ind, k, b);
        if (bc->partial) {
            fputs(" (", out);
            rep_flags_words(r, out, bc, true);
            fputs(")", out);
        }
        fputs("</p>\n", out);
    }
    if (c->rank)
        fprintf(out, "<p>%s: %u %s %u (%s)</p>\n", rep_tr(r, R_RANK), c->rank,
                rep_tr(r, R_OF), c->ranked,
                rep_tr(r, ind->better > 0 ? R_HIGHER : R_LOWER));
    else if (!ind->better)
        fprintf(out, "<p>%s</p>\n", rep_tr(r, R_NO_POLARITY));
    if (c->has_num && c->has_den) {
        fprintf(out, "<p>%s: ", rep_tr(r, R_NUMERATOR));
        num(out, r, NULL, c->num);
        fprintf(out, "; %s: ", rep_tr(r, R_DENOMINATOR));
        num(out, r, NULL, c->den);
        fputs("</p>\n", out);
    }
    if (c->has_ci) {
        fputs("<p>", out);
        char *m = rep_ci_name(r, ind);
        rep_html_text(out, m);
        fputs(": ", out);
        free(m);
        num(out, r, ind, c->lo);
        fputs(" \u2013 ", out);
        num(out, r, ind, c->hi);
        fputs("</p>\n", out);
    }
    if (c->has_se) {
        fputs("<p class=\"se\">", out);
        se_cv(out, r, ind, c);
        fputs("</p>\n", out);
    }
    if (!c->row || *c->flags) {
        fputs("<p class=\"flags\">", out);
        if (c->row)
            rep_flags_words(r, out, c, true);
        else
            rep_html_text(out, rep_tr(r, R_NO_VALUE));
        fputs("</p>\n", out);
    }
    rep_refs(r, out, ind, true);
    fputs("</div>\n", out);
}

static void bars_caption(FILE *out, const report *r, const rep_ind *ind)
{
    fputs("<figcaption><span class=\"key focus\"></span>", out);
    rep_html_text(out, rep_unit_name(r, 0));
    fprintf(out, "<span class=\"key bench\"></span>%s", rep_tr(r, R_BENCHMARK));
    if (r->peers) {
        fputs("<span class=\"key peer\"></span>", out);
        rep_html_text(out, report_level_name(r, r->units[0].level));
    }
    if (ind->has_ci) {
        char *m = rep_ci_name(r, ind);
        fputs("; \u22a2\u22a3 ", out);
        rep_html_text(out, m);
        free(m);
    }
    if (r->any_partial) {
        fputs("; ", out);
        rep_html_text(out, rep_tr(r, R_DAGGER));
    }
    fprintf(out, "; * %s", rep_tr(r, R_LOW_COUNT_SHORT));
    fputs("</figcaption>", out);
}

/* A line sample for a caption: solid for the focus, dashed for the
 * benchmark. */
static void line_key(FILE *out, const char *cls)
{
    fprintf(out,
            "<svg width=\"26\" height=\"10\" aria-hidden=\"true\">"
            "<line class=\"%s\" x1=\"1\" y1=\"5\" x2=\"25\" y2=\"5\"/>"
            "</svg> ",
            cls);
}

static void trend_caption(FILE *out, const report *r, const rep_ind *ind)
{
    fprintf(out, "<figcaption>%s: ", rep_tr(r, R_TREND));
    line_key(out, "t-focus");
    rep_html_text(out, rep_unit_name(r, 0));
    int b = rep_benchmark(r, ind, ind->last);
    if (b >= 0) {
        fputs(" &#160; ", out);
        line_key(out, "t-bench");
        rep_html_text(out, rep_unit_name(r, b));
    }
    fprintf(out, "; \u2013 %s, \u2205 %s</figcaption>", rep_tr(r, R_NO_VALUE),
            rep_tr(r, R_SUPPRESSED_SHORT));
}

static void indicator(FILE *out, const report *r, const rep_ind *ind)
{
    fprintf(out, "<article class=\"ind\" id=\"ind-%s\">\n<h3>", ind->id);
    rep_html_text(out, ind->title);
    fputs("</h3>\n", out);
    if (ind->definition) {
        fputs(ind->definition_en ? "<p class=\"def\"><span lang=\"en\">"
                                 : "<p class=\"def\"><span>",
              out);
        rep_html_text(out, ind->definition);
        fputs("</span></p>\n", out);
    }
    int k = ind->last;
    if (k < 0) {
        above_only(out, r, ind);
        fputs("</article>\n", out);
        return;
    }
    fputs("<div class=\"figs\">\n", out);
    headline(out, r, ind, k);
    fputs("<figure class=\"trend\">", out);
    svg_trend(out, r, ind);
    trend_caption(out, r, ind);
    fputs("</figure>\n", out);
    fputs("<figure class=\"bars\">", out);
    svg_bars(out, r, ind, k);
    bars_caption(out, r, ind);
    fputs("</figure>\n</div>\n</article>\n", out);
}

static void domain_section(FILE *out, const report *r, int d)
{
    fprintf(out, "<section class=\"domain\" id=\"domain-%s\">\n<h2>",
            r->domains[d] ? r->domains[d] : "none");
    domain_title(out, r, r->domains[d]);
    fputs("</h2>\n", out);
    for (int i = 0; i < r->ninds; i++)
        if (report_same(r->inds[i].domain, r->domains[d])) {
            indicator(out, r, &r->inds[i]);
            report_progress(r, i + 1);
        }
    fputs("</section>\n", out);
}

/* ---- the comparison table ---- */

static void compare_cell(FILE *out, const report *r, const rep_ind *ind, int k,
                         int u)
{
    const rep_cell *c = rep_cell_at(r, ind, k, u);
    fprintf(out, "<td class=\"%s%s\">",
            c->has ? rep_status_class(c->status) : "none",
            u == 0 ? " focus" : "");
    value_span(out, r, ind, k, u, "v");
    if (c->has && *rep_status_letter(c->status))
        fprintf(out, "<span class=\"sl\">%s</span>",
                rep_status_letter(c->status));
    fputs("</td>", out);
}

static void compare(FILE *out, const report *r)
{
    fprintf(out, "<section id=\"compare\">\n<h2>%s</h2>\n<p class=\"legend\">",
            rep_tr(r, R_COMPARE));
    fprintf(out, "%s. ", rep_tr(r, R_LAST_PERIOD));
    rep_html_text(out, rep_tr(r, R_MISSING_NOTE));
    if (r->any_partial) {
        fputc(' ', out);
        rep_html_text(out, rep_tr(r, R_DAGGER));
    }
    fprintf(out,
            "</p>\n<div class=\"scroll\"><table class=\"cmp\"><thead><tr><th "
            "class=\"t\">%s"
            "</th><th>%s</th>",
            rep_tr(r, R_INDICATOR), rep_tr(r, R_PERIOD));
    for (int u = 0; u < r->nunits; u++) {
        fprintf(out, "<th class=\"u%s\">", u == 0 ? " focus" : "");
        rep_html_text(out, rep_unit_name(r, u));
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (int d = 0; d < r->ndomains; d++) {
        fprintf(out, "<tr class=\"dom\"><th colspan=\"%d\">", r->nunits + 2);
        domain_title(out, r, r->domains[d]);
        fputs("</th></tr>\n", out);
        for (int i = 0; i < r->ninds; i++) {
            const rep_ind *ind = &r->inds[i];
            if (!report_same(ind->domain, r->domains[d]) || ind->last < 0)
                continue;
            fprintf(out, "<tr id=\"cmp-%s\"><td class=\"t\">", ind->id);
            rep_html_text(out, ind->title);
            unit_note(out, r, ind);
            fprintf(out, "</td><td>%s</td>", r->periods[ind->last]);
            for (int u = 0; u < r->nunits; u++)
                compare_cell(out, r, ind, ind->last, u);
            fputs("</tr>\n", out);
        }
    }
    fputs("</tbody></table></div>\n</section>\n", out);
}

/* ---- the page ---- */

int report_html(FILE *out, const report *r)
{
    static const char *const langs[] = {"en", "sr-Latn", "sr-Cyrl"};
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" "
            "content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, "
            "initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"sicalc report\">\n<title>",
            langs[r->lang]);
    rep_html_text(out, rep_unit_name(r, 0));
    fprintf(out, " \u2014 %s</title>\n<style>\n%s</style>\n</head>\n<body>\n",
            rep_tr(r, R_PROFILE), css);
    header(out, r);
    overview(out, r);
    for (int i = r->nplain; i < r->ninds; i = rep_index_end(r, i))
        index_section(out, r, i);
    for (int d = 0; d < r->ndomains; d++)
        domain_section(out, r, d);
    compare(out, r);
    fprintf(out, "<section id=\"methods\">\n<h2>%s</h2>\n",
            rep_tr(r, R_METHODS));
    report_methods(out, r);
    fprintf(out,
            "</section>\n<footer><code>%s</code></footer>\n"
            "</body>\n</html>\n",
            "sicalc report");
    return ferror(out) ? -1 : 0;
}
