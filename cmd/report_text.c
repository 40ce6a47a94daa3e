/* report_text.c — the words and numbers of a profile: the fixed phrases
 * in English and Serbian, values in the language's number format, status
 * bands and flags in words, and the whole document in Cyrillic for
 * sr-Cyrl (transliterated from the Latin, markup and code untouched). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "strbuf.h"

static const char *const texts[][2] = {
#define X(id, en, sr) {en, sr},
    REP_TEXTS(X)
#undef X
};

const char *rep_tr(const report *r, rep_text t)
{
    return texts[t][r->lang == RT_LANG_EN ? 0 : 1];
}

/* Inserts the thousands separator into the integer part of s. */
static void group_thousands(const char *s, char *buf, size_t size,
                            const char *sep, char decimal)
{
    size_t len = 0;
    const char *p = s;
    if (*p == '-')
        buf[len++] = *p++;
    size_t digits = strcspn(p, ".");
    for (size_t i = 0; i < digits && len + 8 < size; i++) {
        if (i > 0 && (digits - i) % 3 == 0) {
            strcpy(buf + len, sep);
            len += strlen(sep);
        }
        buf[len++] = p[i];
    }
    p += digits;
    if (*p == '.' && len + 1 < size) {
        buf[len++] = decimal;
        p++;
    }
    while (*p && len + 1 < size)
        buf[len++] = *p++;
    buf[len] = '\0';
}

void rep_num(const report *r, const rep_ind *ind, double v, char *buf,
             size_t size)
{
    /* Counts and dinars are whole unless the indicator itself says
     * otherwise: a policy's `decimals 2` meant rates, not 48,906.00
     * people or 77,186.00 RSD. */
    bool whole = v == floor(v) && fabs(v) < 1e15;
    bool own = ind && ind->decl &&
               ast_clause_find(ind->decl, CL_DECIMALS, NULL) != NULL;
    bool units =
        ind && ind->unit && !own &&
        (strcmp(ind->unit, "count") == 0 || strcmp(ind->unit, "persons") == 0 ||
         strcmp(ind->unit, "RSD") == 0);
    int places = units                       ? 0
                 : ind && ind->decimals >= 0 ? ind->decimals
                 : whole                     ? 0
                                             : 2;
    char plain[400];
    rt_round_decimal(plain, sizeof plain, v, places, '.');
    bool en = r->lang == RT_LANG_EN;
    group_thousands(plain, buf, size, en ? "," : "\u2009", en ? '.' : ',');
}

const char *rep_unit_suffix(const report *r, const rep_ind *ind)
{
    const char *u = ind->unit ? ind->unit : "";
    if (strcmp(u, "percent") == 0)
        return "%";
    if (strcmp(u, "count") == 0 || !*u)
        return "";
    static const struct {
        const char *unit, *en, *sr;
    } words[] = {
        {"per 100", " per 100", " na 100"},
        {"per 1000", " per 1,000", " na 1.000"},
        {"per 10000", " per 10,000", " na 10.000"},
        {"per 100000", " per 100,000", " na 100.000"},
        {"years", " years", " godina"},
        {"RSD", " RSD", " RSD"},
        {"persons", " persons", " lica"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(u, words[i].unit) == 0)
            return r->lang == RT_LANG_EN ? words[i].en : words[i].sr;
    return ""; /* ratio, score, index: the number says it */
}

const char *rep_unit_name(const report *r, int u)
{
    const rep_unit *x = &r->units[u];
    if (!x->name)
        return rep_tr(r, R_ALL_UNITS);
    /* Serbian Latin for sr-Cyrl too: the whole page is transliterated. */
    focus_labels fl = {r->geo, r->arena};
    const char *t = r->geo ? focus_dim_label(&fl, x->level, x->name,
                                             r->lang == RT_LANG_EN ? RT_LANG_EN
                                                                   : RT_LANG_SR)
                           : NULL;
    return t ? t : x->name;
}

static bool one_of(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(s, *words) == 0)
            return true;
    return false;
}

static const char *const good_words[] = {"good", "green", "ok",
                                         "high", "above", NULL};
static const char *const warn_words[] = {"warning", "amber",    "medium",
                                         "fair",    "moderate", NULL};
static const char *const bad_words[] = {"bad",      "red",   "poor", "low",
                                        "critical", "below", NULL};

const char *rep_status_class(const char *status)
{
    if (!status || !*status)
        return "none";
    return one_of(status, good_words)   ? "good"
           : one_of(status, warn_words) ? "warning"
           : one_of(status, bad_words)  ? "bad"
                                        : "other";
}

const char *rep_status_letter(const char *status)
{
    const char *c = rep_status_class(status);
    return strcmp(c, "good") == 0      ? "G"
           : strcmp(c, "warning") == 0 ? "W"
           : strcmp(c, "bad") == 0     ? "B"
           : strcmp(c, "other") == 0   ? "?"
                                       : "";
}

const char *rep_status_word(const report *r, const char *status)
{
    if (!status || !*status)
        return rep_tr(r, R_NO_BAND);
    if (strcmp(status, "good") == 0)
        return rep_tr(r, R_GOOD);
    if (strcmp(status, "warning") == 0)
        return rep_tr(r, R_WARNING);
    if (strcmp(status, "bad") == 0)
        return rep_tr(r, R_BAD);
    return status;
}

static const char *flag_word(const report *r, const char *f, size_t n)
{
    static const struct {
        const char *flag;
        rep_text t;
    } words[] = {
        {"suppressed", R_SUPPRESSED},
        {"low_count", R_LOW_COUNT},
        {"partial", R_PARTIAL},
        {"no_data", R_NO_DATA},
        {"zero_denominator", R_ZERO_DEN},
        {"reweighted", R_REWEIGHTED},
        {"missing_skipped", R_SKIPPED},
        {"invalid_values", R_INVALID},
        {"complementary", R_COMPLEMENTARY},
        {"missing_denominator", R_MISSING_DEN},
        {"reference", R_REFERENCE_FLAG},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i].flag) == n && memcmp(words[i].flag, f, n) == 0)
            return rep_tr(r, words[i].t);
    return NULL;
}

/* "4 municipalities": the lowest level's name, lower case. */
static void members_word(const report *r, FILE *out)
{
    const char *lowest =
        r->geo ? r->geo->levels[r->geo->nlevels - 1] : "municipality";
    const char *w = report_level_name(r, lowest);
    fputc(*w >= 'A' && *w <= 'Z' ? *w - 'A' + 'a' : *w, out);
    fputs(w + 1, out);
}

void rep_flags_words(const report *r, FILE *out, const rep_cell *c, bool html)
{
    bool first = true;
    for (const char *p = c->flags; p && *p;) {
        size_t n = strcspn(p, ";");
        const char *w = flag_word(r, p, n);
        fputs(first ? "" : "; ", out);
        if (n == 7 && memcmp(p, "partial", 7) == 0 && c->n_members) {
            fprintf(out, "\u2020 %s: %u %s %u ", rep_tr(r, R_PARTIAL_SHORT),
                    c->n_present, rep_tr(r, R_OF), c->n_members);
            members_word(r, out);
            fprintf(out, " %s", rep_tr(r, R_IN_DATA));
        } else if (w && html)
            rep_html_text(out, w);
        else if (w)
            fputs(w, out);
        else
            fprintf(out, "%.*s", (int)n, p);
        first = false;
        p += n + (p[n] == ';');
    }
}

const char *rep_dagger(const rep_cell *c)
{
    return c->partial ? "\u2020" : "";
}

char *rep_ci_name(const report *r, const rep_ind *ind)
{
    static const char *const names[][2] = {
        [RT_CI_NONE] = {"", ""},
        [RT_CI_WILSON] = {"Wilson interval", "Vilsonov interval"},
        [RT_CI_WILSON_CC] = {"Wilson interval with continuity correction",
                             "Vilsonov interval sa korekcijom kontinuiteta"},
        [RT_CI_CLOPPER_PEARSON] = {"Clopper-Pearson (exact) interval",
                                   "Kloper-Pirsonov (tačan) interval"},
        [RT_CI_JEFFREYS] = {"Jeffreys interval", "Džefrisov interval"},
        [RT_CI_POISSON] = {"exact Poisson interval", "tačan Poasonov interval"},
        [RT_CI_BYAR] = {"Byar's interval", "Bajarov interval"},
        [RT_CI_DOBSON] = {"Dobson's interval", "Dobsonov interval"},
        [RT_CI_DOBSON_EXACT] = {"Dobson's interval (exact Poisson limits)",
                                "Dobsonov interval (tačne Poasonove granice)"},
        [RT_CI_T] = {"Student's t interval", "Studentov t interval"},
        [RT_CI_LINEARISED] = {"interval from the design-based standard error",
                              "interval iz standardne greške po planu uzorka"},
    };
    const char *name = ind->ci <= RT_CI_LINEARISED
                           ? names[ind->ci][r->lang != RT_LANG_EN]
                           : "";
    char buf[200];
    char pct[64];
    snprintf(pct, sizeof pct, "%g", ind->ci_level * 100);
    if (r->lang != RT_LANG_EN)
        for (char *q = pct; *q; q++)
            *q = *q == '.' ? ',' : *q;
    snprintf(buf, sizeof buf, "%s%% %s", pct, name);
    return rt_xstrdup(buf);
}

/* The standardising call in e (dsr(), isr() or a stdlib function over
 * them, e.g. esp2013_85_dsr), or NULL. */
static const char *std_call(const ast_expr *e)
{
    if (!e)
        return NULL;
    if (e->kind == AST_CALL && e->str &&
        (strstr(e->str, "dsr") || strstr(e->str, "isr")))
        return e->str;
    const char *c = std_call(e->lhs);
    return c ? c : std_call(e->rhs);
}

char *rep_std_name(const report *r, const rep_ind *ind)
{
    if (!ind->std)
        return NULL;
    const ast_clause *v = ast_clause_find(ind->decl, CL_VALUE, NULL);
    if (!v)
        v = ast_clause_find(ind->decl, CL_NUMERATOR, NULL);
    const char *call = v ? std_call(v->expr) : NULL;
    bool en = r->lang == RT_LANG_EN;
    const char *pop =
        call && strncmp(call, "esp2013", 7) == 0
            ? (en ? "the 2013 European Standard Population (ESP 2013)"
                  : "evropsko standardno stanovništvo 2013 (ESP 2013)")
            : (en ? "the standard population the formula gives"
                  : "standardno stanovništvo iz formule");
    char buf[400];
    if (ind->std->kind == RT_STD_DIRECT)
        snprintf(buf, sizeof buf,
                 en ? "direct: the rates of %d age strata weighted by %s"
                    : "direktna: stope %d starosnih slojeva ponderisane "
                      "prema: %s",
                 ind->std->nstrata, pop);
    else
        snprintf(buf, sizeof buf,
                 en ? "indirect: observed events over those expected at the "
                      "reference rates of %d strata"
                    : "indirektna: posmatrani događaji prema očekivanim po "
                      "referentnim stopama %d slojeva",
                 ind->std->nstrata);
    return rt_xstrdup(buf);
}

static void text(FILE *out, const char *s, bool html)
{
    if (html)
        rep_html_text(out, s);
    else
        fputs(s, out);
}

/* One source's values: "Pirot District 2022: 76,700 (computed here:
 * 75,414); ...". */
static void ref_values(const report *r, FILE *out, const rep_ind *ind, int i,
                       int end, bool html)
{
    for (int j = i; j < end; j++) {
        const rep_ref *x = &ind->refs[j];
        char v[400];
        rep_num(r, ind, x->v, v, sizeof v);
        fputs(j > i ? "; " : "", out);
        text(out, x->name, html);
        fprintf(out, "%s%s: %s%s", *x->period_text ? " " : "", x->period_text,
                v, rep_unit_suffix(r, ind));
        const rep_cell *c = x->unit >= 0 && x->period >= 0
                                ? rep_cell_at(r, ind, x->period, x->unit)
                                : NULL;
        if (c && c->has) {
            rep_num(r, ind, c->v, v, sizeof v);
            fprintf(out, " (%s: %s)", rep_tr(r, R_COMPUTED), v);
        }
    }
}

void rep_refs(const report *r, FILE *out, const rep_ind *ind, bool html)
{
    if (!ind->target && ind->nrefs == 0)
        return;
    fprintf(out, html ? "<div class=\"refs\"><p>%s:</p><ul>\n" : "- **%s:**\n",
            rep_tr(r, R_REFERENCES));
    if (ind->target) {
        fprintf(out, html ? "<li>%s: " : "  - %s: ", rep_tr(r, R_TARGET));
        text(out, ind->target, html);
        fprintf(out, " (%s: %s)", rep_tr(r, R_SOURCE),
                rep_tr(r, R_CATALOGUE_SRC));
        fputs(html ? "</li>\n" : "\n", out);
    }
    for (int i = 0, end; i < ind->nrefs; i = end) {
        end = i + 1;
        while (end < ind->nrefs &&
               strcmp(ind->refs[end].source, ind->refs[i].source) == 0)
            end++;
        fputs(html ? "<li>" : "  - ", out);
        ref_values(r, out, ind, i, end, html);
        /* as the file writes it: not transliterated in sr-Cyrl */
        fprintf(out, html ? " (%s: <span lang=\"en\">" : " (%s: ",
                rep_tr(r, R_SOURCE));
        text(out, *ind->refs[i].source ? ind->refs[i].source : "?", html);
        fputs(html ? "</span>)</li>\n" : ")\n", out);
    }
    fputs(html ? "</ul></div>\n" : "", out);
}

void rep_html_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* ---- Cyrillic ---- */

/* Length of the markup at s that stays as it is: a tag, an entity, a
 * <style> or <code> element whole, a Markdown code span; 0 for text. */
static size_t verbatim(const char *s, bool html)
{
    static const char *const whole[] = {
        "<style",  "</style>",           "<code",
        "</code>", "<span lang=\"en\">", "</span>"};
    for (int i = 0; i < 6; i += 2)
        if (strncmp(s, whole[i], strlen(whole[i])) == 0) {
            const char *end = strstr(s, whole[i + 1]);
            return end ? (size_t)(end - s) + strlen(whole[i + 1]) : strlen(s);
        }
    if (*s == '<' && (s[1] == '/' || s[1] == '!' ||
                      ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))) {
        const char *end = strchr(s, '>');
        return end ? (size_t)(end - s) + 1 : strlen(s);
    }
    if (html && *s == '&') {
        size_t n = strspn(s + 1, "#abcdefghijklmnopqrstuvwxyz0123456789");
        return s[1 + n] == ';' ? n + 2 : 0;
    }
    if (!html && *s == '`') {
        size_t fence = strspn(s, "`");
        const char *end = strstr(s + fence, "`");
        while (end && strspn(end, "`") != fence)
            end = strstr(end + strspn(end, "`"), "`");
        return end ? (size_t)(end - s) + fence : fence;
    }
    return 0;
}

char *rep_translit_doc(const char *s, bool html)
{
    strbuf b;
    FILE *f = strbuf_open(&b);
    while (*s) {
        size_t n = verbatim(s, html);
        if (n) {
            fwrite(s, 1, n, f);
            s += n;
            continue;
        }
        size_t t = 1;
        while (s[t] && !verbatim(s + t, html))
            t++;
        char *run = rt_xmalloc(t + 1);
        memcpy(run, s, t);
        run[t] = '\0';
        char *c = rt_translit_cyrl(run);
        fputs(c, f);
        free(c);
        free(run);
        s += t;
    }
    fclose(f);
    return b.s;
}
