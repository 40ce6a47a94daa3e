/* report_methods.c — a profile's methods section, the catalogue's own
 * entries as `sicalc doc` writes them (cmd/doc.c: definition, formula,
 * unit, direction, thresholds, source, ...), and the names of domains and
 * levels. */
#include <stdlib.h>
#include <string.h>

#include "doc_int.h"
#include "domains.h"
#include "report_int.h"

bool report_same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

char *report_domain_title(const report *r, const char *dom)
{
    if (!dom)
        return rt_xstrdup(r->lang == RT_LANG_EN ? "Other indicators"
                                                : "Ostali indikatori");
    const char *t =
        r->lang != RT_LANG_EN ? domains_title(r->prog, dom, "sr") : NULL;
    if (!t)
        t = domains_title(r->prog, dom, NULL);
    /* an index's area that is no domain of the catalogue (sdi: economy) */
    if (!t && strcmp(dom, "economy") == 0)
        t = r->lang == RT_LANG_EN ? "Economy" : "Ekonomija";
    char *s = rt_xstrdup(t ? t : dom);
    for (char *p = s; !t && *p; p++)
        if (*p == '_')
            *p = ' ';
    if (!t && *s >= 'a' && *s <= 'z')
        *s = (char)(*s - 'a' + 'A');
    return s;
}

const char *report_level_name(const report *r, const char *level)
{
    static const char *const names[][3] = {
        {"municipality", "Municipalities", "Opštine"},
        {"district", "District", "Okrug"},
        {"region", "Region", "Region"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(level, names[i][0]) == 0)
            return names[i][r->lang == RT_LANG_EN ? 1 : 2];
    return level;
}

/* The fields the compiled program knows: the interval's method, the
 * standardisation, the design-based standard error. */
static void extra_fields(const doc *d, const ast_decl *decl, void *ctx)
{
    const report *r = ctx;
    const rep_ind *ind = NULL;
    for (int i = 0; i < r->ninds && !ind; i++)
        if (r->inds[i].decl == decl)
            ind = &r->inds[i];
    if (!ind)
        return;
    if (ind->has_ci) {
        char *m = rep_ci_name(r, ind);
        doc_field_open(d, rep_tr(r, R_INTERVAL));
        doc_text(d, m);
        doc_field_close(d);
        free(m);
    }
    char *std = rep_std_name(r, ind);
    if (std) {
        doc_field_open(d, rep_tr(r, R_STANDARDISED));
        doc_text(d, std);
        doc_field_close(d);
        free(std);
    }
    if (ind->se) {
        doc_field_open(d, "se, cv");
        doc_text(d, rep_tr(r, R_SE_METHOD));
        doc_field_close(d);
    }
}

void report_methods(FILE *out, const report *r)
{
    doc d = {.out = out,
             .lang = r->lang == RT_LANG_EN ? LANG_EN : LANG_SR,
             .fmt = r->fmt == REP_HTML ? FMT_HTML : FMT_MD,
             .prog = r->prog,
             .mark_en = true,
             .extra = extra_fields,
             .extra_ctx = (void *)r};
    for (int k = 0; k < r->ndomains; k++) {
        char *t = report_domain_title(r, r->domains[k]);
        if (r->fmt == REP_HTML) {
            fputs("<h3 class=\"mdom\">", out);
            rep_html_text(out, t);
            fputs("</h3>\n", out);
        } else {
            fprintf(out, "### %s\n\n", t);
        }
        free(t);
        for (int i = 0; i < r->ninds; i++)
            if (report_same(r->inds[i].domain, r->domains[k]))
                doc_indicator(&d, r->inds[i].decl);
    }
    for (int i = r->nplain; i < r->ninds; i = rep_index_end(r, i))
        doc_index(&d, r->inds[i].decl);
}

int rep_index_end(const report *r, int i)
{
    int end = i + 1;
    while (end < r->ninds && r->inds[end].area)
        end++;
    return end;
}

void report_progress(const report *r, int done)
{
    if (!r->progress)
        return;
    fprintf(stderr, "\rsicalc report: %d/%d indicators", done, r->nplain);
    if (done == r->nplain)
        fputc('\n', stderr);
    fflush(stderr);
}
