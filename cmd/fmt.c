/* fmt.c — `sicalc fmt [--check | -w] FILES.si`: prints each file in the
 * canonical layout. Declarations keep their order (and blank lines between
 * groups of them); the clauses of a block come in a fixed order with their
 * keywords aligned; comments stay with the declaration or clause they
 * stand before (or beside, on its line). Idempotent. */
#include "fmt.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"
#include "../runtime/fileio.h"
#include "diag.h"
#include "parse.h"
#include "print.h"

/* A `#` comment of the source. */
typedef struct comment {
    size_t start, end; /* bytes; end at the line end */
    int line;
    bool trailing; /* code before it on its line */
    bool done;
} comment;

typedef struct fmt_ctx {
    FILE *out;
    const src_file *f;
    comment *c;
    int nc;
} fmt_ctx;

/* ---- comments ---- */

static int find_comments(const src_file *f, comment **out)
{
    const char *t = f->text;
    size_t n = f->len, cap = 0;
    int k = 0;
    *out = NULL;
    bool code = false; /* code seen on the current line */
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (ch == '\n') {
            code = false;
        } else if (ch == '"' || ch == '`') { /* skip the literal */
            for (i++; i < n && t[i] != ch && t[i] != '\n'; i++)
                if (ch == '"' && t[i] == '\\' && i + 1 < n)
                    i++;
            code = true;
        } else if (ch == '#') {
            size_t s = i;
            while (i < n && t[i] != '\n')
                i++;
            rt_grow((void **)out, &cap, (size_t)k + 1, sizeof **out);
            int line, col;
            source_linecol(f, s, &line, &col);
            (*out)[k++] = (comment){s, i, line, code, false};
            code = false;
        } else if (ch != ' ' && ch != '\t' && ch != '\r') {
            code = true;
        }
    }
    return k;
}

/* Prints the own-line comments before offset `before`, indented. */
static void leading(fmt_ctx *x, size_t before, const char *indent)
{
    for (int i = 0; i < x->nc; i++) {
        comment *c = &x->c[i];
        if (c->done || c->start >= before || c->trailing)
            continue;
        fprintf(x->out, "%s%.*s\n", indent, (int)(c->end - c->start),
                x->f->text + c->start);
        c->done = true;
    }
}

/* Ends a printed line, with the comments that stood beside the code of
 * source bytes [from, to). */
static void end_line(fmt_ctx *x, size_t from, size_t to)
{
    for (int i = 0; i < x->nc; i++) {
        comment *c = &x->c[i];
        if (c->done || !c->trailing || c->start < from || c->start >= to)
            continue;
        fprintf(x->out, "  %.*s", (int)(c->end - c->start),
                x->f->text + c->start);
        c->done = true;
    }
    fputc('\n', x->out);
}

/* ---- blocks ---- */

/* Canonical clause order; language variants follow their base. */
static const clause_kind order[] = {
    CL_TITLE,  CL_DOMAIN,     CL_DEFINITION,  CL_UNIT,        CL_DECIMALS,
    CL_FROM,   CL_NUMERATOR,  CL_DENOMINATOR, CL_VALUE,       CL_BY,
    CL_BETTER, CL_THRESHOLDS, CL_TARGET,      CL_SUPPRESS,    CL_FLAG,
    CL_CI,     CL_SE,         CL_SOURCE,      CL_PERIODICITY, CL_NOTE};

static void keyword(const ast_clause *c, char *buf, size_t size)
{
    if (c->lang)
        snprintf(buf, size, "%s@%s", ast_clause_keyword(c->kind), c->lang);
    else
        snprintf(buf, size, "%s", ast_clause_keyword(c->kind));
}

static int cmp_lang(const ast_clause *a, const ast_clause *b)
{
    if (!a->lang || !b->lang)
        return (a->lang != NULL) - (b->lang != NULL);
    return strcmp(a->lang, b->lang);
}

/* The clauses in canonical order (stable among equals). */
static const ast_clause **sorted_clauses(const ast_decl *d, rt_arena *a)
{
    const ast_clause **v =
        rt_arena_alloc(a, sizeof(*v) * (size_t)(d->nclauses + 1));
    int n = 0;
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        int first = n;
        for (int i = 0; i < d->nclauses; i++)
            if (d->clauses[i].kind == order[k])
                v[n++] = &d->clauses[i];
        for (int i = first + 1; i < n; i++) /* insertion sort by lang */
            for (int j = i; j > first && cmp_lang(v[j - 1], v[j]) > 0; j--) {
                const ast_clause *t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
    }
    return v;
}

/* Where a clause's text ends: at the next clause (or the closing brace). */
static size_t clause_end(const ast_decl *d, int i)
{
    size_t next = d->end_at.start;
    for (int j = 0; j < d->nclauses; j++)
        if (d->clauses[j].at.start > d->clauses[i].at.start &&
            d->clauses[j].at.start < next)
            next = d->clauses[j].at.start;
    return next;
}

static void clauses(fmt_ctx *x, const ast_decl *d, rt_arena *a)
{
    const ast_clause **v = sorted_clauses(d, a);
    size_t width = 0;
    char kw[64];
    for (int i = 0; i < d->nclauses; i++) {
        keyword(v[i], kw, sizeof kw);
        width = strlen(kw) > width ? strlen(kw) : width;
    }
    for (int i = 0; i < d->nclauses; i++) {
        leading(x, v[i]->at.start, "  ");
        keyword(v[i], kw, sizeof kw);
        if (v[i]->kind == CL_SE) /* a clause without a body */
            fprintf(x->out, "  %s", kw);
        else
            fprintf(x->out, "  %-*s ", (int)width, kw);
        print_clause_body(x->out, v[i]);
        int idx = (int)(v[i] - d->clauses);
        end_line(x, v[i]->at.start, clause_end(d, idx));
    }
}

static void column(fmt_ctx *x, const ast_column *c, int wname, int wtype)
{
    fputs("  column ", x->out);
    long at = ftell(x->out);
    print_name(x->out, c->name);
    long used = at >= 0 ? ftell(x->out) - at : 0;
    fprintf(x->out, "%*s %-*s", (int)(wname - used > 0 ? wname - used : 0), "",
            wtype, c->type);
    if (c->nallowed) {
        fputs(" in (", x->out);
        for (int i = 0; i < c->nallowed; i++) {
            fputs(i ? ", " : "", x->out);
            print_expr(x->out, c->allowed[i]);
        }
        fputc(')', x->out);
    }
    if (c->lo) {
        fputs(" in ", x->out);
        print_expr(x->out, c->lo);
        fputs("..", x->out);
        print_expr(x->out, c->hi);
    }
    if (c->nmissing) {
        fputs(" missing (", x->out);
        for (int i = 0; i < c->nmissing; i++) {
            fputs(i ? ", " : "", x->out);
            print_expr(x->out, c->missing[i]);
        }
        fputc(')', x->out);
    }
}

/* Where a dataset item's text ends: at the next item or the brace. */
static size_t item_end(const ast_decl *d, size_t start)
{
    size_t next = d->end_at.start;
    size_t starts[3] = {d->period ? d->period_at.start : 0,
                        d->weight ? d->weight_at.start : 0,
                        d->design ? d->design->at.start : 0};
    for (int k = 0; k < 3; k++)
        if (starts[k] > start && starts[k] < next)
            next = starts[k];
    for (int k = 0; k < d->ncolumns; k++)
        if (d->columns[k].at.start > start && d->columns[k].at.start < next)
            next = d->columns[k].at.start;
    return next;
}

static void dataset(fmt_ctx *x, const ast_decl *d)
{
    int wname = 0, wtype = 0;
    for (int i = 0; i < d->ncolumns; i++) {
        int n = (int)strlen(d->columns[i].name);
        wname = n > wname ? n : wname;
        n = (int)strlen(d->columns[i].type);
        wtype = n > wtype ? n : wtype;
    }
    if (d->period) {
        leading(x, d->period_at.start, "  ");
        fputs("  period ", x->out);
        print_name(x->out, d->period);
        end_line(x, d->period_at.start, item_end(d, d->period_at.start));
    }
    if (d->weight) {
        leading(x, d->weight_at.start, "  ");
        fputs("  weight ", x->out);
        print_name(x->out, d->weight);
        if (d->weight_negative)
            fputs(" allow negative", x->out);
        end_line(x, d->weight_at.start, item_end(d, d->weight_at.start));
    }
    if (d->design) {
        const ast_design *g = d->design;
        const char *const words[] = {"strata", "cluster", "fpc", "lonely"};
        const char *const vals[] = {g->strata, g->cluster, g->fpc, g->lonely};
        leading(x, g->at.start, "  ");
        fputs("  design {", x->out);
        for (int k = 0; k < 4; k++) {
            if (!vals[k])
                continue;
            fprintf(x->out, "%s%s ", k && vals[0] ? "  " : " ", words[k]);
            print_name(x->out, vals[k]);
        }
        fputs(" }", x->out);
        end_line(x, g->at.start, item_end(d, g->at.start));
    }
    for (int i = 0; i < d->ncolumns; i++) {
        size_t at = d->columns[i].at.start;
        leading(x, at, "  ");
        column(x, &d->columns[i], wname, wtype);
        end_line(x, at, item_end(d, at));
    }
}

static void params(fmt_ctx *x, const ast_decl *d)
{
    for (int i = 0; i < d->nparams; i++) {
        fputs(i ? ", " : "", x->out);
        print_name(x->out, d->params[i].name);
        if (d->params[i].def) {
            fputs(" = ", x->out);
            print_expr(x->out, d->params[i].def);
        }
    }
}

/* `data NAME "line" "line"`: one line of the table per source line,
 * aligned under the first. */
static void test_data(fmt_ctx *x, const ast_testdata *t)
{
    fputs("  data ", x->out);
    int indent = 7;
    if (t->dataset) {
        long at = ftell(x->out);
        print_name(x->out, t->dataset);
        fputc(' ', x->out);
        indent += at >= 0 ? (int)(ftell(x->out) - at) : 0;
    }
    for (const char *p = t->text;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = strndup(p, n);
        print_string(x->out, line);
        free(line);
        if (!nl)
            break;
        fprintf(x->out, "\n%*s", indent, "");
        p = nl + 1;
    }
}

static void test_expect(fmt_ctx *x, const ast_expect *e)
{
    fputs("  expect ", x->out);
    print_name(x->out, e->indicator);
    if (e->ncells) {
        fputc('(', x->out);
        for (int i = 0; i < e->ncells; i++) {
            fputs(i ? ", " : "", x->out);
            print_name(x->out, e->cells[i]->lhs->str);
            fputs(" = ", x->out);
            print_expr(x->out, e->cells[i]->rhs);
        }
        fputc(')', x->out);
    }
    fputs(" = ", x->out);
    print_expr(x->out, e->value);
    if (e->within) {
        fputs(" within ", x->out);
        print_expr(x->out, e->within);
    }
    if (e->ci) {
        fputs(" ci ", x->out);
        print_expr(x->out, e->ci->lo);
        fputs(" .. ", x->out);
        print_expr(x->out, e->ci->hi);
    }
}

/* A test block: its tables, then its expectations, as written. */
static void test_block(fmt_ctx *x, const ast_decl *d, size_t next)
{
    fputs("test ", x->out);
    print_name(x->out, d->name);
    fputs(" {", x->out);
    size_t first = d->end_at.start;
    if (d->ndata && d->data[0].at.start < first)
        first = d->data[0].at.start;
    if (d->nexpects && d->expects[0].at.start < first)
        first = d->expects[0].at.start;
    end_line(x, d->at.start, first);
    for (int i = 0; i < d->ndata; i++) {
        leading(x, d->data[i].at.start, "  ");
        test_data(x, &d->data[i]);
        end_line(x, d->data[i].at.start,
                 i + 1 < d->ndata ? d->data[i + 1].at.start
                 : d->nexpects    ? d->expects[0].at.start
                                  : d->end_at.start);
    }
    for (int i = 0; i < d->nexpects; i++) {
        leading(x, d->expects[i].at.start, "  ");
        test_expect(x, &d->expects[i]);
        end_line(x, d->expects[i].at.start,
                 i + 1 < d->nexpects ? d->expects[i + 1].at.start
                                     : d->end_at.start);
    }
    leading(x, d->end_at.start, "  ");
    fputs("}", x->out);
    end_line(x, d->end_at.start, next);
}

static size_t index_next(const ast_decl *d, size_t start);

/* The first item of a block, or its closing brace. */
static size_t body_start(const ast_decl *d)
{
    size_t first = d->end_at.start;
    for (int i = 0; i < d->nclauses; i++)
        if (d->clauses[i].at.start < first)
            first = d->clauses[i].at.start;
    if (d->period && d->period_at.start < first)
        first = d->period_at.start;
    if (d->weight && d->weight_at.start < first)
        first = d->weight_at.start;
    for (int i = 0; i < d->ncolumns; i++)
        if (d->columns[i].at.start < first)
            first = d->columns[i].at.start;
    if (d->kind == DECL_INDEX && index_next(d, 0) < first)
        first = index_next(d, 0);
    return first;
}

/* ---- index ---- */

/* ---- hierarchy and codelist ---- */

/* `hierarchy geography { region > district > municipality }`: one line. */
static void hierarchy(fmt_ctx *x, const ast_decl *d, size_t next)
{
    fputs("hierarchy ", x->out);
    print_name(x->out, d->name);
    fputs(" {", x->out);
    for (int i = 0; i < d->nlevels; i++) {
        fputs(i ? " > " : " ", x->out);
        print_name(x->out, d->levels[i].name);
    }
    fputs(" }", x->out);
    end_line(x, d->at.start, next);
}

/* One entry a line: level, code, `in` parent, title, title@sr. */
static void codelist(fmt_ctx *x, const ast_decl *d, size_t next)
{
    fputs("codelist ", x->out);
    print_name(x->out, d->name);
    fputs(" {", x->out);
    end_line(x, d->at.start,
             d->ncodes ? d->codes[0].level_at.start : d->end_at.start);
    for (int i = 0; i < d->ncodes; i++) {
        const ast_code *c = &d->codes[i];
        leading(x, c->level_at.start, "  ");
        fputs("  ", x->out);
        print_name(x->out, c->level);
        fputc(' ', x->out);
        print_string(x->out, c->code);
        const char *kw[] = {" in ", " title ", " title@sr "};
        const char *v[] = {c->parent, c->title, c->title_sr};
        for (int k = 0; k < 3; k++)
            if (v[k]) {
                fputs(kw[k], x->out);
                print_string(x->out, v[k]);
            }
        end_line(x, c->level_at.start,
                 i + 1 < d->ncodes ? d->codes[i + 1].level_at.start
                                   : d->end_at.start);
    }
    leading(x, d->end_at.start, "  ");
    fputs("}", x->out);
    end_line(x, d->end_at.start, next);
}

/* Every item start of an index block (clauses, its words, areas and
 * members), so that an item's comments end where the next item starts. */
static size_t index_next(const ast_decl *d, size_t start)
{
    const ast_index *ix = d->index;
    size_t next = d->end_at.start;
    size_t words[4] = {ix->across ? ix->across_at.start : 0,
                       ix->scale ? ix->scale_at.start : 0,
                       ix->combine ? ix->combine_at.start : 0,
                       ix->missing ? ix->missing_at.start : 0};
    for (int k = 0; k < 4; k++)
        if (words[k] > start && words[k] < next)
            next = words[k];
    for (int i = 0; i < d->nclauses; i++)
        if (d->clauses[i].at.start > start && d->clauses[i].at.start < next)
            next = d->clauses[i].at.start;
    for (int i = 0; i < ix->nareas; i++) {
        const ast_area *ar = &ix->areas[i];
        if (ar->at.start > start && ar->at.start < next)
            next = ar->at.start;
        for (int k = 0; k < ar->nmembers; k++)
            if (ar->members[k].at.start > start &&
                ar->members[k].at.start < next)
                next = ar->members[k].at.start;
    }
    return next;
}

static void index_word(fmt_ctx *x, const ast_decl *d, int width, const char *kw,
                       const char *word, loc at)
{
    if (!word)
        return;
    leading(x, at.start, "  ");
    fprintf(x->out, "  %-*s ", width, kw);
    print_name(x->out, word);
    const ast_index *ix = d->index;
    if (word == ix->scale && ix->has_range) {
        fputc(' ', x->out);
        print_number(x->out, ix->lo);
        fputs("..", x->out);
        print_number(x->out, ix->hi);
    }
    if (word == ix->scale && ix->ref) {
        fputc(' ', x->out);
        if (ix->ref_is_string)
            print_string(x->out, ix->ref);
        else
            print_name(x->out, ix->ref);
    }
    end_line(x, at.start, index_next(d, at.start));
}

/* `area economy weight 1 {`, a member a line, `}`. */
static void index_area(fmt_ctx *x, const ast_decl *d, const ast_area *ar)
{
    leading(x, ar->at.start, "  ");
    fputs("  area ", x->out);
    print_name(x->out, ar->name);
    if (ar->weight >= 0) {
        fputs(" weight ", x->out);
        print_number(x->out, ar->weight);
    }
    fputs(" {", x->out);
    end_line(x, ar->at.start,
             ar->nmembers ? ar->members[0].at.start
                          : index_next(d, ar->at.start));
    for (int k = 0; k < ar->nmembers; k++) {
        const ast_member *m = &ar->members[k];
        leading(x, m->at.start, "    ");
        fputs("    ", x->out);
        print_name(x->out, m->name);
        if (m->weight >= 0) {
            fputs(" weight ", x->out);
            print_number(x->out, m->weight);
        }
        if (k + 1 < ar->nmembers)
            fputc(',', x->out);
        end_line(x, m->at.start, index_next(d, m->at.start));
    }
    fputs("  }\n", x->out);
}

/* Titles and definitions, then across, scale, combine, missing, then
 * the other clauses (keywords aligned together), then the areas. */
static void index_block(fmt_ctx *x, const ast_decl *d, rt_arena *a)
{
    const ast_index *ix = d->index;
    const ast_clause **v = sorted_clauses(d, a);
    int width = 7; /* "combine", "missing" */
    char kw[64];
    for (int i = 0; i < d->nclauses; i++) {
        keyword(v[i], kw, sizeof kw);
        width = (int)strlen(kw) > width ? (int)strlen(kw) : width;
    }
    int i = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (; i < d->nclauses; i++) {
            bool head = v[i]->kind == CL_TITLE || v[i]->kind == CL_DEFINITION;
            if (pass == 0 && !head)
                break;
            leading(x, v[i]->at.start, "  ");
            keyword(v[i], kw, sizeof kw);
            fprintf(x->out, "  %-*s ", width, kw);
            print_clause_body(x->out, v[i]);
            end_line(x, v[i]->at.start, index_next(d, v[i]->at.start));
        }
        if (pass == 0) {
            index_word(x, d, width, "across", ix->across, ix->across_at);
            index_word(x, d, width, "scale", ix->scale, ix->scale_at);
            index_word(x, d, width, "combine", ix->combine, ix->combine_at);
            index_word(x, d, width, "missing", ix->missing, ix->missing_at);
        }
    }
    for (int k = 0; k < ix->nareas; k++)
        index_area(x, d, &ix->areas[k]);
}

/* Prints a declaration; `next` is where the next one starts. */
static void decl(fmt_ctx *x, const ast_decl *d, rt_arena *a, size_t next)
{
    switch (d->kind) {
    case DECL_USE:
        fputs("use ", x->out);
        if (d->use_is_path)
            print_string(x->out, d->name);
        else
            print_name(x->out, d->name);
        end_line(x, d->at.start, next);
        return;
    case DECL_CONST:
    case DECL_LET:
    case DECL_FN:
        fputs(d->kind == DECL_CONST ? "const "
              : d->kind == DECL_LET ? "let "
                                    : "fn ",
              x->out);
        print_name(x->out, d->name);
        if (d->kind == DECL_FN) {
            fputc('(', x->out);
            params(x, d);
            fputc(')', x->out);
        }
        fputs(" = ", x->out);
        print_expr(x->out, d->expr);
        end_line(x, d->at.start, next);
        return;
    default: break;
    }
    if (d->kind == DECL_TEST) {
        test_block(x, d, next);
        return;
    }
    if (d->kind == DECL_HIERARCHY) {
        hierarchy(x, d, next);
        return;
    }
    if (d->kind == DECL_CODELIST) {
        codelist(x, d, next);
        return;
    }
    if (d->kind == DECL_POLICY) {
        fputs("policy {", x->out);
    } else {
        fputs(d->kind == DECL_DATASET  ? "dataset "
              : d->kind == DECL_DOMAIN ? "domain "
              : d->kind == DECL_INDEX  ? "index "
                                       : "indicator ",
              x->out);
        print_name(x->out, d->name);
        fputs(" {", x->out);
    }
    end_line(x, d->at.start, body_start(d));
    if (d->kind == DECL_DATASET)
        dataset(x, d);
    else if (d->kind == DECL_INDEX)
        index_block(x, d, a);
    else
        clauses(x, d, a);
    leading(x, d->end_at.start, "  ");
    fputs("}", x->out);
    end_line(x, d->end_at.start, next);
}

/* Whether a blank line stood between two declarations (or their leading
 * comments): groups of lets stay together, blocks apart. */
static bool blank_between(const fmt_ctx *x, size_t from, size_t to)
{
    const char *t = x->f->text;
    int newlines = 0;
    for (size_t i = from; i < to; i++) {
        if (t[i] == '#') /* a comment line: only what precedes it counts */
            break;
        if (t[i] == '\n' && ++newlines >= 2)
            return true;
        if (t[i] != '\n' && t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            newlines = 0;
    }
    return false;
}

static size_t decl_end(const ast_decl *d)
{
    if (d->kind == DECL_USE)
        return d->name_at.end;
    if (d->kind == DECL_CONST || d->kind == DECL_LET || d->kind == DECL_FN)
        return d->expr->at.end;
    return d->end_at.end;
}

/* ---- the command ---- */

/* `--dump`: the tree with each block's clauses in canonical order, so a
 * test can check that formatting changed nothing but the layout. */
static int dump_file(const char *path)
{
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    src_file *f = source_load(a, path);
    ast_decl **decls = NULL;
    int n = 0;
    size_t cap = 0;
    if (f)
        parse_file(a, &d, f, &decls, &n, &cap);
    for (int i = 0; f && d.errors == 0 && i < n; i++) {
        const ast_clause **v = sorted_clauses(decls[i], a);
        ast_clause *copy =
            rt_arena_alloc(a, sizeof *copy * (size_t)(decls[i]->nclauses + 1));
        for (int k = 0; k < decls[i]->nclauses; k++)
            copy[k] = *v[k];
        decls[i]->clauses = copy;
    }
    ast_program prog = {decls, n};
    if (f && d.errors == 0)
        ast_dump(stdout, &prog);
    int rc = f && d.errors == 0 ? 0 : 2;
    free(decls);
    rt_arena_free(a);
    return rc;
}

/* Formats one file into a string; NULL (diagnostics printed) on a
 * syntax error. */
static char *format_file(const char *path, size_t *len)
{
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    src_file *f = source_load(a, path);
    if (!f) {
        fprintf(stderr, "sicalc: error: cannot read '%s': %s\n", path,
                strerror(errno));
        rt_arena_free(a);
        return NULL;
    }
    ast_decl **decls = NULL;
    int n = 0;
    size_t cap = 0;
    parse_file(a, &d, f, &decls, &n, &cap);
    char *buf = NULL;
    if (d.errors == 0) {
        FILE *out = open_memstream(&buf, len);
        fmt_ctx x = {.out = out, .f = f};
        x.nc = find_comments(f, &x.c);
        size_t prev = 0;
        for (int i = 0; i < n; i++) {
            if (i && blank_between(&x, prev, decls[i]->at.start))
                fputc('\n', out);
            leading(&x, decls[i]->at.start, "");
            decl(&x, decls[i], a,
                 i + 1 < n ? decls[i + 1]->at.start : f->len + 1);
            prev = decl_end(decls[i]);
        }
        leading(&x, f->len + 1, "");
        fclose(out);
        free(x.c);
    }
    free(decls);
    rt_arena_free(a);
    return buf;
}

static bool same_as_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool same = true;
    size_t i = 0;
    int ch;
    while (same && (ch = fgetc(f)) != EOF)
        same = i < len && (char)ch == text[i++];
    fclose(f);
    return same && i == len;
}

typedef struct fmt_flags {
    bool check, write;
    const char *dump;
} fmt_flags;

/* Formats each file: to stdout, or checked (--check: exit 1 and the
 * names of the files that differ), or rewritten (-w). */
static int format_files(const fmt_flags *fl, const char *const *files, int n)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        size_t len = 0;
        char *text = format_file(files[i], &len);
        if (!text) {
            rc = EXIT_USAGE;
            continue;
        }
        if (fl->check) {
            if (!same_as_file(files[i], text, len)) {
                printf("%s\n", files[i]);
                rc = rc ? rc : EXIT_FAILED;
            }
        } else if (fl->write) {
            if (!same_as_file(files[i], text, len) &&
                rt_write_file_bytes(files[i], text, len) != 0) {
                fprintf(stderr, "sicalc: error: cannot write '%s': %s\n",
                        files[i], rt_write_strerror(files[i], errno));
                rc = EXIT_USAGE;
            }
        } else {
            fwrite(text, 1, len, stdout);
        }
        free(text);
    }
    return rc;
}

static const cli_extra fmt_options[] = {
    CLI_FLAG("--check", fmt_flags, check),
    CLI_FLAG("-w", fmt_flags, write),
    CLI_STRING("--dump", fmt_flags, dump),
    CLI_END,
};

int fmt_main(const cli_command *self, int argc, char **argv)
{
    fmt_flags fl = {0};
    cli_opts o = {0};
    int rc = cli_parse(self, 0, fmt_options, &fl, argc, argv, &o);
    if (rc == 0 && fl.dump)
        rc = dump_file(fl.dump);
    else if (rc == 0 && o.nargs == 0)
        rc = cli_usage_error(self, "%s", "no .si files given");
    else if (rc == 0 && fl.check && fl.write)
        rc = cli_usage_error(self, "%s", "--check and -w exclude each other");
    else if (rc == 0)
        rc = format_files(&fl, o.args, o.nargs);
    cli_free(&o);
    return rc == CLI_HELP ? EXIT_OK : rc;
}
