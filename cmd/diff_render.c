/* diff_render.c — the report of `sicalc diff`: the summary line, each
 * changed declaration clause by clause, and the value changes, as text
 * for a terminal or Markdown for a pull request. */
#include "diff_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/numfmt.h"
#include "strbuf.h"
/* A number for reading: 2 decimals from 1 up, 4 significant digits
 * below (as the table format); a typographic minus. */
static void readable(char *buf, size_t size, double v)
{
    char tmp[64];
    double a = fabs(v);
    if (a == 0 || a >= 1e15)
        rt_fmt_number(tmp, sizeof tmp, a);
    else if (a < 1)
        snprintf(tmp, sizeof tmp, "%.4g", a);
    else {
        snprintf(tmp, sizeof tmp, "%.2f", a);
        size_t n = strlen(tmp);
        while (tmp[n - 1] == '0')
            tmp[--n] = '\0';
        if (tmp[n - 1] == '.')
            tmp[--n] = '\0';
    }
    snprintf(buf, size, "%s%s", v < 0 && strcmp(tmp, "0") ? "−" : "", tmp);
}

static void value_text(char *buf, size_t size, const rt_outrow *r)
{
    if (!r->has_value) {
        snprintf(buf, size, "(none%s%s)", *r->flags ? ": " : "", r->flags);
        return;
    }
    readable(buf, size, r->value);
}

static void delta_text(char *buf, size_t size, const vchange *c)
{
    if (!(c->o->row->has_value && c->n->row->has_value)) {
        snprintf(buf, size, "%s", "");
        return;
    }
    char d[64];
    readable(d, sizeof d, c->delta);
    snprintf(buf, size, "%s%s", c->delta > 0 ? "+" : "", d);
}

/* Inline code in Markdown: a fence longer than any backtick run inside;
 * '|' escaped for tables. */
static void md_code(FILE *f, const char *s)
{
    int longest = 0, run = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    size_t n = strlen(s);
    bool pad = n && (s[0] == '`' || s[n - 1] == '`');
    for (int i = 0; i <= longest; i++)
        fputc('`', f);
    fputs(pad ? " " : "", f);
    for (const char *p = s; *p; p++) {
        if (*p == '|')
            fputc('\\', f);
        fputc(*p == '\n' ? ' ' : *p, f);
    }
    fputs(pad ? " " : "", f);
    for (int i = 0; i <= longest; i++)
        fputc('`', f);
}

/* Plain text in Markdown, the characters that start markup escaped. */
static void md_text(FILE *f, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (strchr("\\`*_[]|#<>~", *p))
            fputc('\\', f);
        fputc(*p == '\n' ? ' ' : *p, f);
    }
}

static void name_out(const rep *o, const char *s)
{
    if (o->md)
        md_code(o->f, s);
    else
        fputs(s, o->f);
}

static const char *title_of(const entity *e)
{
    if (!e || e->kind != ENT_INDICATOR)
        return NULL;
    for (int i = 0; i < e->decl->nclauses; i++)
        if (e->decl->clauses[i].kind == CL_TITLE && !e->decl->clauses[i].lang)
            return e->decl->clauses[i].text;
    return NULL;
}

/* "indicators: 1 added, 2 changed; other declarations: 1 changed;
 * values: 3 indicators changed", or "no changes". */
void diff_summary(const rep *o, const cmp *c, int nvalue_inds)
{
    static const char *const words[] = {"added", "removed", "renamed",
                                        "changed"};
    int n[2][4] = {{0}};
    for (int i = 0; i < c->nch; i++) {
        const entity *e = c->ch[i].new ? c->ch[i].new : c->ch[i].old;
        n[e->kind != ENT_INDICATOR][c->ch[i].kind]++;
    }
    strbuf b;
    FILE *f = strbuf_open(&b);
    const char *part = "";
    for (int defs = 0; defs < 2; defs++) {
        const char *sep = defs ? "other declarations: " : "indicators: ";
        for (int k = 0; k < 4; k++)
            if (n[defs][k]) {
                fprintf(f, "%s%s%d %s", part, sep, n[defs][k], words[k]);
                sep = ", ";
                part = "";
            }
        if (strcmp(sep, ", ") == 0)
            part = "; ";
    }
    if (nvalue_inds)
        fprintf(f, "%svalues: %d indicator%s changed", part, nvalue_inds,
                nvalue_inds == 1 ? "" : "s");
    else if (!c->nch)
        fputs("no changes", f);
    fclose(f);
    if (o->md) {
        fputs("**", o->f);
        md_text(o->f, b.s);
        fputs("**\n\n", o->f);
    } else {
        fprintf(o->f, "%s\n", b.s);
    }
    free(b.s);
}

void diff_header(const rep *o)
{
    if (o->md) {
        fputs("### sicalc diff: ", o->f);
        md_code(o->f, o->old_label);
        fputs(" → ", o->f);
        md_code(o->f, o->new_label);
        fputs("\n\n", o->f);
    } else {
        fprintf(o->f, "sicalc diff: %s → %s\n", o->old_label, o->new_label);
    }
}

/* `kind name "title"` (old → new for a rename) as a heading line. */
static void ent_heading(const rep *o, const change *ch)
{
    static const char *const verbs[] = {"added", "removed", "renamed",
                                        "changed"};
    const entity *e = ch->new ? ch->new : ch->old;
    const char *title = title_of(e);
    if (o->md) {
        if (e->kind != ENT_INDICATOR)
            fprintf(o->f, "%s ", diff_ent_words[e->kind]);
        if (e->kind != ENT_POLICY) {
            fputs("**", o->f);
            if (ch->kind == CH_RENAMED) {
                md_code(o->f, ch->old->name);
                fputs(" → ", o->f);
            }
            md_code(o->f, e->name);
            fputs("**", o->f);
        }
        if (title) {
            fputs(" — ", o->f);
            md_text(o->f, title);
        }
        fputs("\n\n", o->f);
        return;
    }
    fprintf(o->f, "\n%s %s", verbs[ch->kind], diff_ent_words[e->kind]);
    if (e->kind != ENT_POLICY) {
        if (ch->kind == CH_RENAMED)
            fprintf(o->f, " %s →", ch->old->name);
        fprintf(o->f, " %s", e->name);
    }
    if (title)
        fprintf(o->f, "  %s", title);
    fputc('\n', o->f);
}

static const char *shown_key(const entity *e, const char *key)
{
    if (strcmp(key, "=") == 0)
        return "definition";
    return key;
}

/* The items that differ, old and new side by side (a table in
 * Markdown). */
static void item_rows(const rep *o, const entity *a, const entity *b)
{
    bool any = false;
    const entity *sides[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        const entity *e = sides[s];
        for (int i = 0; e && i < e->nitems; i++) {
            const char *key = e->items[i].key;
            if (s == 1 && diff_item_text(a, key))
                continue;
            const char *x = diff_item_text(a, key), *y = diff_item_text(b, key);
            if (diff_same_text(x, y))
                continue;
            if (o->md) {
                if (!any)
                    fputs("| | old | new |\n| --- | --- | --- |\n", o->f);
                fputs("| ", o->f);
                md_text(o->f, shown_key(e, key));
                fputs(" | ", o->f);
                if (x)
                    md_code(o->f, x);
                else
                    fputs("*(none)*", o->f);
                fputs(" | ", o->f);
                if (y)
                    md_code(o->f, y);
                else
                    fputs("*(none)*", o->f);
                fputs(" |\n", o->f);
            } else {
                const char *ind = strcmp(key, "=") ? "    " : "  ";
                if (*ind == ' ' && strcmp(key, "=") != 0)
                    fprintf(o->f, "  %s\n", shown_key(e, key));
                fprintf(o->f, "%sold  %s\n%snew  %s\n", ind, x ? x : "(none)",
                        ind, y ? y : "(none)");
            }
            any = true;
        }
    }
    if (any && o->md)
        fputc('\n', o->f);
}

/* An added indicator's computation (its non-metadata clauses and its
 * title), or any other added declaration's items. */
static void item_list(const rep *o, const entity *e)
{
    bool any = false;
    for (int i = 0; i < e->nitems; i++) {
        const item *it = &e->items[i];
        if (e->kind == ENT_INDICATOR && it->meta)
            continue;
        if (o->md) {
            if (!any)
                fputs("| | definition |\n| --- | --- |\n", o->f);
            fputs("| ", o->f);
            md_text(o->f, shown_key(e, it->key));
            fputs(" | ", o->f);
            md_code(o->f, it->text);
            fputs(" |\n", o->f);
        } else {
            fprintf(o->f, "  %-12s %s\n", shown_key(e, it->key), it->text);
        }
        any = true;
    }
    if (any && o->md)
        fputc('\n', o->f);
}

/* "let", "const" or "fn": what the changed definition name is. */
static const char *def_word(const cmp *c, const char *name)
{
    const side *sides[] = {c->new, c->old};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < sides[s]->nents; i++)
            if (diff_is_def(sides[s]->ents[i].kind) &&
                strcmp(sides[s]->ents[i].name, name) == 0)
                return diff_ent_words[sides[s]->ents[i].kind];
    return "";
}

static void through(const rep *o, const cmp *c, const change *ch)
{
    if (!ch->nthrough)
        return;
    fputs(o->md ? "Changed through " : "  through ", o->f);
    for (int i = 0; i < ch->nthrough; i++) {
        fprintf(o->f, "%s%s ", i ? ", " : "", def_word(c, ch->through[i]));
        name_out(o, ch->through[i]);
    }
    fputs(o->md ? ".\n\n" : "\n", o->f);
}

static void used_by(const rep *o, const cmp *c, const change *ch)
{
    const entity *e = ch->new ? ch->new : ch->old;
    if (!diff_is_def(e->kind))
        return;
    int n = 0;
    for (int i = 0; i < c->nch; i++)
        for (int k = 0; k < c->ch[i].nthrough; k++)
            if (strcmp(c->ch[i].through[k], e->name) == 0) {
                const entity *u = c->ch[i].new ? c->ch[i].new : c->ch[i].old;
                fputs(n++ ? ", " : (o->md ? "Used by " : "  used by "), o->f);
                name_out(o, u->name);
            }
    if (n)
        fputs(o->md ? ".\n\n" : "\n", o->f);
}

static void print_change(const rep *o, const cmp *c, const change *ch)
{
    ent_heading(o, ch);
    if (ch->kind == CH_ADDED)
        item_list(o, ch->new);
    else if (ch->kind != CH_REMOVED)
        item_rows(o, ch->old, ch->new);
    through(o, c, ch);
    used_by(o, c, ch);
}

static void section(const rep *o, const char *title)
{
    if (o->md)
        fprintf(o->f, "#### %s\n\n", title);
}

void diff_print_changes(const rep *o, const cmp *c)
{
    static const char *const titles[] = {"Added", "Removed", "Renamed",
                                         "Changed"};
    for (int defs = 0; defs < 2; defs++)
        for (int k = 0; k < 4; k++) {
            bool first = true;
            for (int i = 0; i < c->nch; i++) {
                const change *ch = &c->ch[i];
                const entity *e = ch->new ? ch->new : ch->old;
                if ((int)ch->kind != k || (e->kind != ENT_INDICATOR) != defs)
                    continue;
                if (first) {
                    char t[64];
                    snprintf(t, sizeof t, "%s %s", titles[k],
                             defs ? "declarations" : "indicators");
                    section(o, t);
                }
                first = false;
                print_change(o, c, ch);
            }
        }
}

static void group_line(const rep *o, const vchange *c)
{
    char a[96], b[96], d[96];
    value_text(a, sizeof a, c->o->row);
    value_text(b, sizeof b, c->n->row);
    delta_text(d, sizeof d, c);
    if (strcmp(a, b) == 0 && c->o->row->has_value) {
        /* equal once rounded for reading: show them exactly */
        rt_fmt_number(a, sizeof a, c->o->row->value);
        rt_fmt_number(b, sizeof b, c->n->row->value);
    }
    if (o->md) {
        fputs("| ", o->f);
        md_text(o->f, c->n->label);
        fprintf(o->f, " | %s | %s | %s |\n", a, b, d);
    } else {
        fprintf(o->f, "    %s: %s → %s%s%s%s\n", c->n->label, a, b,
                *d ? " (" : "", d, *d ? ")" : "");
    }
}

/* One group's old and new word (a status, a rank): a table row, or a
 * line "label: old → new". */
static void pair_line(const rep *o, const char *label, const char *a,
                      const char *b)
{
    if (o->md) {
        fputs("| ", o->f);
        md_text(o->f, label);
        fprintf(o->f, " | %s | %s |\n", a, b);
    } else {
        fprintf(o->f, "    %s: %s → %s\n", label, a, b);
    }
}

static void status_line(const rep *o, const vchange *c)
{
    const char *a = *c->o->row->status ? c->o->row->status : "(none)";
    const char *b = *c->n->row->status ? c->n->row->status : "(none)";
    pair_line(o, c->n->label, a, b);
}

static void more_line(const rep *o, size_t more)
{
    if (!more)
        return;
    if (o->md)
        fprintf(o->f, "\n… and %zu more\n", more);
    else
        fprintf(o->f, "    … and %zu more\n", more);
}

static void vdiff_summary(const rep *o, const vdiff *v)
{
    strbuf b;
    FILE *f = strbuf_open(&b);
    const char *sep = "";
    if (v->nvalues) {
        fprintf(f, "%zu of %zu group%s changed value", v->nvalues, v->ngroups,
                v->ngroups == 1 ? "" : "s");
        sep = ", ";
    }
    if (v->parts) {
        fprintf(f,
                "%s%zu %s the same value from another numerator or "
                "denominator",
                sep, v->parts, v->parts == 1 ? "keeps" : "keep");
        sep = ", ";
    }
    if (v->nstatus) {
        fprintf(f, "%s%zu changed status", sep, v->nstatus);
        sep = ", ";
    }
    if (v->nranks) {
        fprintf(f, "%s%zu changed rank", sep, v->nranks);
        sep = ", ";
    }
    if (v->appeared) {
        fprintf(f, "%s%zu new group%s (%s%s)", sep, v->appeared,
                v->appeared == 1 ? "" : "s", v->first_appeared->label,
                v->appeared > 1 ? ", …" : "");
        sep = ", ";
    }
    if (v->gone)
        fprintf(f, "%s%zu group%s gone (%s%s)", sep, v->gone,
                v->gone == 1 ? "" : "s", v->first_gone->label,
                v->gone > 1 ? ", …" : "");
    fclose(f);
    if (o->md) {
        fputs("**", o->f);
        if (strcmp(v->id, v->old_id) != 0) {
            md_code(o->f, v->old_id);
            fputs(" → ", o->f);
        }
        md_code(o->f, v->id);
        fputs("**: ", o->f);
        md_text(o->f, b.s);
        fputs("\n\n", o->f);
    } else {
        fprintf(o->f, "  %s%s%s: %s\n",
                strcmp(v->id, v->old_id) ? v->old_id : "",
                strcmp(v->id, v->old_id) ? " → " : "", v->id, b.s);
    }
    free(b.s);
}

void diff_print_vdiff(const rep *o, const vdiff *v)
{
    vdiff_summary(o, v);
    size_t n = v->nvalues < (size_t)o->top ? v->nvalues : (size_t)o->top;
    if (n && o->md)
        fputs("| group | old | new | change |\n| --- | ---: | ---: | ---: |\n",
              o->f);
    for (size_t i = 0; i < n; i++)
        group_line(o, &v->values[i]);
    more_line(o, v->nvalues - n);
    if (n && o->md)
        fputc('\n', o->f);
    size_t m = v->nstatus < (size_t)o->top ? v->nstatus : (size_t)o->top;
    if (m && o->md)
        fputs("| group | old status | new status |\n| --- | --- | --- |\n",
              o->f);
    else if (m)
        fputs("    status:\n", o->f);
    for (size_t i = 0; i < m; i++) {
        if (!o->md)
            fputs("  ", o->f);
        status_line(o, &v->status[i]);
    }
    more_line(o, v->nstatus - m);
    if (m && o->md)
        fputc('\n', o->f);
    size_t k = v->nranks < (size_t)o->top ? v->nranks : (size_t)o->top;
    if (k && o->md)
        fputs("| group | old rank | new rank |\n| --- | ---: | ---: |\n", o->f);
    else if (k)
        fputs("    rank:\n", o->f);
    for (size_t i = 0; i < k; i++) {
        const vchange *c = &v->ranks[i];
        char a[16] = "(none)", b[16] = "(none)";
        if (c->o->row->rank)
            snprintf(a, sizeof a, "%u", c->o->row->rank);
        if (c->n->row->rank)
            snprintf(b, sizeof b, "%u", c->n->row->rank);
        if (!o->md)
            fputs("  ", o->f);
        pair_line(o, c->n->label, a, b);
    }
    more_line(o, v->nranks - k);
    if (k && o->md)
        fputc('\n', o->f);
}

void diff_values_heading(const rep *o)
{
    if (o->md) {
        fputs("#### Values (", o->f);
        for (int i = 0; i < o->ndata && o->ndata <= 3; i++) {
            fputs(i ? ", " : "", o->f);
            md_code(o->f, o->data[i]);
        }
        if (o->ndata > 3)
            fprintf(o->f, "%d data files", o->ndata);
        fputs(")\n\n", o->f);
        return;
    }
    fputs("\nvalues over", o->f);
    for (int i = 0; i < o->ndata && o->ndata <= 3; i++)
        fprintf(o->f, " %s", o->data[i]);
    if (o->ndata > 3)
        fprintf(o->f, " %d data files", o->ndata);
    fputc('\n', o->f);
}
