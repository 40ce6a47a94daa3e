/* reference.c — the reference file of reference.h: a small CSV reader
 * (RFC 4180 quotes, a BOM, CRLF) and one result row per line. */
#include "reference.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/suggest.h"
#include "../runtime/arena.h"
#include "../runtime/dataerr.h"
#include "cli.h"

enum { F_INDICATOR, F_PERIOD, F_LEVEL, F_AREA, F_VALUE, F_SOURCE, F_N };
static const char *const field_names[F_N] = {"indicator", "period", "level",
                                             "area",      "value",  "source"};

/* One line's fields, split in place (quotes removed). */
typedef struct fields {
    char *v[32];
    int n;
} fields;

static void split(char *line, fields *f)
{
    f->n = 0;
    char *p = line;
    while (f->n < 32) {
        char *out = p;
        f->v[f->n++] = out;
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"')
                    p++;
                else if (*p == '"') {
                    p++;
                    break;
                }
                *out++ = *p;
            }
        }
        while (*p && *p != ',')
            *out++ = *p++;
        bool more = *p == ',';
        *out = 0;
        if (!more)
            return;
        p++;
    }
}

typedef struct reader {
    const char *path;
    size_t line;
    int col[F_N]; /* field of each column, -1 absent */
    const geo_model *g;
    const ast_program *prog;
    const rt_result *res;
    rt_arena *a;
} reader;

static int fail(const reader *r, int f, const char *value, const char *msg)
{
    rt_data_error e = {0};
    rt_data_error_set(&e, r->path, r->line, f >= 0 ? field_names[f] : NULL,
                      f >= 0 ? r->col[f] + 1 : 0, value, msg);
    rt_data_error_print(stderr, &e);
    rt_data_error_clear(&e);
    return EXIT_DATA;
}

/* "unknown X; did you mean 'Y'?" as a message (in buf). */
static const char *unknown(char *buf, size_t size, const char *what,
                           const char *x, const char **cands, int n)
{
    const char *best = suggest_best(x, cands, n);
    if (best)
        snprintf(buf, size, "unknown %s; did you mean '%s'?", what, best);
    else
        snprintf(buf, size, "unknown %s", what);
    return buf;
}

static int header(reader *r, fields *f, bool has_period)
{
    for (int k = 0; k < F_N; k++) {
        r->col[k] = -1;
        for (int i = 0; i < f->n; i++)
            if (strcmp(f->v[i], field_names[k]) == 0)
                r->col[k] = i;
        if (r->col[k] < 0 && (k != F_PERIOD || has_period)) {
            char msg[96];
            snprintf(msg, sizeof msg, "the header has no column '%s'",
                     field_names[k]);
            return fail(r, -1, NULL, msg);
        }
    }
    return 0;
}

/* The first computed row of indicator id, or NULL. */
static const rt_outrow *model_row(const rt_result *res, const char *id)
{
    for (size_t i = 0; i < res->nrows; i++)
        if (strcmp(res->rows[i].indicator, id) == 0 && !res->rows[i].source)
            return &res->rows[i];
    return NULL;
}

static bool declared(const ast_program *prog, const char *id, const char ***ids,
                     int *n)
{
    bool found = false;
    *ids = rt_xcalloc((size_t)prog->ndecls + 1, sizeof **ids);
    *n = 0;
    for (int i = 0; i < prog->ndecls; i++) {
        const ast_decl *d = prog->decls[i];
        if ((d->kind == DECL_INDICATOR || d->kind == DECL_INDEX) && d->name) {
            (*ids)[(*n)++] = d->name;
            found = found || strcmp(d->name, id) == 0;
        }
    }
    return found;
}

/* The level of the line (-1: country), or -2 after the error. */
static int line_level(const reader *r, const char *level)
{
    if (strcmp(level, "country") == 0)
        return -1;
    int l = geo_level(r->g, level);
    if (l >= 0)
        return l;
    const char **names = rt_xcalloc((size_t)r->g->nlevels + 2, sizeof *names);
    names[0] = "country";
    for (int i = 0; i < r->g->nlevels; i++)
        names[i + 1] = r->g->levels[i];
    char buf[160];
    fail(r, F_LEVEL, level,
         unknown(buf, sizeof buf, "level", level, names, r->g->nlevels + 1));
    free(names);
    return -2;
}

static int check_area(const reader *r, int level, const char *area)
{
    if (level < 0 || geo_find(r->g, level, area) >= 0)
        return 0;
    const char **codes = rt_xcalloc((size_t)r->g->nunits + 1, sizeof *codes);
    int n = 0;
    for (int i = 0; i < r->g->nunits; i++)
        if (r->g->units[i].level == level)
            codes[n++] = r->g->units[i].code;
    char buf[200];
    int rc =
        fail(r, F_AREA, area,
             unknown(buf, sizeof buf, r->g->levels[level], area, codes, n));
    free(codes);
    return rc;
}

/* The row of one line; *row NULL when its indicator did not run. */
static int make_row(const reader *r, const fields *f, rt_outrow **row)
{
    *row = NULL;
    const char *v[F_N];
    for (int k = 0; k < F_N; k++) {
        v[k] = r->col[k] >= 0 && r->col[k] < f->n ? f->v[r->col[k]] : "";
    }
    const char **ids;
    int nids;
    bool known = declared(r->prog, v[F_INDICATOR], &ids, &nids);
    if (!known) {
        char buf[200];
        int rc = fail(
            r, F_INDICATOR, v[F_INDICATOR],
            unknown(buf, sizeof buf, "indicator", v[F_INDICATOR], ids, nids));
        free(ids);
        return rc;
    }
    free(ids);
    int level = line_level(r, v[F_LEVEL]);
    if (level < -1)
        return EXIT_DATA;
    if (check_area(r, level, v[F_AREA]))
        return EXIT_DATA;
    char *end;
    errno = 0;
    double x = strtod(v[F_VALUE], &end);
    if (!*v[F_VALUE] || *end || errno || !isfinite(x))
        return fail(r, F_VALUE, v[F_VALUE], "is not a number");
    const rt_outrow *m = model_row(r->res, v[F_INDICATOR]);
    if (!m)
        return 0;
    const rt_result *res = r->res;
    int dim = level >= 0 ? -1 : -2;
    for (int d = 0; level >= 0 && d < res->ndims; d++)
        if (strcmp(res->dim_names[d], r->g->levels[level]) == 0)
            dim = d;
    if (dim == -1)
        return 0; /* the indicator has no such breakdown */
    rt_outrow *o = rt_arena_alloc(r->a, sizeof *o);
    memset(o, 0, sizeof *o);
    const char **dims = rt_arena_alloc(r->a, sizeof(char *) * (res->ndims + 1));
    size_t words = RT_DIMSET_WORDS(res->ndims) + 1;
    uint64_t *total = rt_arena_alloc(r->a, sizeof(uint64_t) * words);
    memset(total, 0, sizeof(uint64_t) * words);
    for (int d = 0; d < res->ndims; d++) {
        bool period = d == 0 && r->col[F_PERIOD] >= 0;
        dims[d] = period     ? rt_arena_strdup(r->a, v[F_PERIOD])
                  : d == dim ? rt_arena_strdup(r->a, v[F_AREA])
                             : NULL;
        if (!dims[d])
            total[d / 64] |= (uint64_t)1 << (d % 64);
    }
    o->indicator = m->indicator;
    o->dims = dims;
    o->total = total;
    o->value = x;
    o->has_value = true;
    o->unit = m->unit;
    o->status = "";
    o->flags = "reference";
    o->title = m->title;
    o->title_sr = m->title_sr;
    o->decimals = m->decimals;
    o->has_decimals = m->has_decimals;
    o->source = rt_arena_strdup(r->a, v[F_SOURCE]);
    o->source_area = rt_arena_strdup(r->a, v[F_AREA]);
    *row = o;
    return 0;
}

int reference_read(const char *path, const geo_model *g,
                   const ast_program *prog, bool has_period, rt_arena *a,
                   const rt_result *res, rt_outrow **rows, size_t *n)
{
    reader r = {.path = path, .g = g, .prog = prog, .res = res, .a = a};
    FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
    *rows = NULL;
    *n = 0;
    if (!in) {
        fprintf(stderr, "sicalc: error: cannot read '%s': %s\n", path,
                strerror(errno));
        return EXIT_DATA;
    }
    char *line = NULL;
    size_t cap = 0, room = 0;
    int rc = 0;
    fields f;
    while (rc == 0 && getline(&line, &cap, in) >= 0) {
        r.line++;
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        if (r.line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3;
        if (!*p)
            continue;
        split(p, &f);
        if (r.line == 1) {
            rc = header(&r, &f, has_period);
            continue;
        }
        rt_outrow *o;
        rc = make_row(&r, &f, &o);
        if (rc || !o)
            continue;
        if (*n == room) {
            room = room ? 2 * room : 16;
            rt_outrow *grown = rt_arena_alloc(a, sizeof *grown * room);
            if (*n)
                memcpy(grown, *rows, sizeof *grown * *n);
            *rows = grown;
        }
        (*rows)[(*n)++] = *o;
    }
    if (rc == 0 && r.line == 0)
        rc = fail(&r, -1, NULL, "is empty: a header line is needed");
    free(line);
    if (in != stdin)
        fclose(in);
    return rc;
}
