/* siblings.c — the notes of siblings.h: names used and not declared,
 * found in the other .si files of the same folders. */
#include "siblings.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/arena.h"
#include "../runtime/fileio.h"
#include "cli.h"
#include "load.h"

/* At most this many notes (one per file): past them the first error is
 * fixed anyway. */
#define SIBLINGS_MAX_NOTES 8

typedef struct names {
    const char **v;
    int n, cap;
} names;

static void add(names *ns, const char *s)
{
    for (int i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i], s) == 0)
            return;
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 32;
        ns->v = rt_xrealloc(ns->v, sizeof *ns->v * (size_t)ns->cap);
    }
    ns->v[ns->n++] = s;
}

static bool has(const names *ns, const char *s)
{
    for (int i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i], s) == 0)
            return true;
    return false;
}

/* Every name an expression reads: plain names, called functions and the
 * dataset of a qualified name. */
static void used_in(names *ns, const ast_expr *e)
{
    if (!e)
        return;
    if (e->kind == AST_NAME || e->kind == AST_CALL)
        add(ns, e->str);
    if (e->kind == AST_NAME && e->qual)
        add(ns, e->qual);
    used_in(ns, e->lhs);
    used_in(ns, e->rhs);
    used_in(ns, e->cond);
    used_in(ns, e->then);
    used_in(ns, e->els);
    used_in(ns, e->lo);
    used_in(ns, e->hi);
    for (int i = 0; i < e->nitems; i++)
        used_in(ns, e->items[i]);
    for (int i = 0; i < e->nargs; i++)
        used_in(ns, e->args[i].value);
    used_in(ns, e->where);
    used_in(ns, e->weight);
    used_in(ns, e->per);
}

static void used_by(names *ns, const ast_decl *d)
{
    used_in(ns, d->expr);
    for (int i = 0; i < d->nparams; i++)
        used_in(ns, d->params[i].def);
    for (int c = 0; c < d->nclauses; c++) {
        const ast_clause *cl = &d->clauses[c];
        used_in(ns, cl->expr);
        used_in(ns, cl->year);
        for (int i = 0; i < cl->nitems; i++)
            used_in(ns, cl->items[i]);
        for (int i = 0; i < cl->nbands; i++)
            used_in(ns, cl->bands[i].bound);
        if (cl->kind == CL_FROM && cl->text)
            add(ns, cl->text);
    }
}

/* What prog declares: every declaration's name, parameters and dataset
 * columns (a column is not looked for elsewhere). */
static void declared_by(names *ns, const ast_program *prog)
{
    for (int k = 0; k < prog->ndecls; k++) {
        const ast_decl *d = prog->decls[k];
        if (d->name)
            add(ns, d->name);
        for (int i = 0; i < d->nparams; i++)
            add(ns, d->params[i].name);
        for (int i = 0; i < d->ncolumns; i++)
            add(ns, d->columns[i].name);
    }
}

static bool is_source(const char *path, const char *const *sources, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(path, sources[i]) == 0 ||
            (strncmp(sources[i], "./", 2) == 0 &&
             strcmp(path, sources[i] + 2) == 0))
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The .si files directly in folder, as folder/name (heap), bytewise
 * sorted; *n set. */
static char **list_si(const char *folder, int *n)
{
    names v = {0};
    DIR *dir = opendir(folder);
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || !cli_ends_with(e->d_name, ".si"))
            continue;
        char *p = rt_xmalloc(strlen(folder) + strlen(e->d_name) + 2);
        if (strcmp(folder, ".") == 0)
            strcpy(p, e->d_name);
        else
            sprintf(p, "%s/%s", folder, e->d_name);
        if (v.n == v.cap) {
            v.cap = v.cap ? v.cap * 2 : 16;
            v.v = rt_xrealloc(v.v, sizeof *v.v * (size_t)v.cap);
        }
        v.v[v.n++] = p;
    }
    if (dir)
        closedir(dir);
    if (v.n)
        qsort(v.v, (size_t)v.n, sizeof *v.v, cmp_str);
    *n = v.n;
    return (char **)v.v;
}

/* "'a', 'b' and 'c'" (quoted) or "a, b and c" into buf. */
static void join(char *buf, size_t size, const names *ns, bool quote)
{
    buf[0] = '\0';
    for (int i = 0; i < ns->n; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s%s%s",
                 i == 0           ? ""
                 : i + 1 == ns->n ? " and "
                                  : ", ",
                 quote ? "'" : "", ns->v[i], quote ? "'" : "");
}

/* One note for the missing names a sibling file declares itself (not
 * through its `use`s); whether it printed one. */
static bool hint_file(const char *path, const names *missing, names *told,
                      FILE *out)
{
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        return false;
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, null);
    ast_program *p = load_catalogue(a, &d, &path, 1);
    names defs = {0}, sets = {0};
    for (int k = 0; k < p->ndecls; k++) {
        const ast_decl *x = p->decls[k];
        bool kind = x->kind == DECL_LET || x->kind == DECL_CONST ||
                    x->kind == DECL_FN || x->kind == DECL_DATASET;
        if (!kind || !x->name || !has(missing, x->name) || has(told, x->name) ||
            !x->at.file || strcmp(x->at.file->path, path) != 0)
            continue;
        add(told, rt_xstrdup(x->name));
        add(x->kind == DECL_DATASET ? &sets : &defs, x->name);
    }
    char dl[512], sl[512];
    join(dl, sizeof dl, &defs, true);
    join(sl, sizeof sl, &sets, false);
    const char *which = sets.n == 1 ? "dataset" : "datasets";
    if (defs.n && sets.n)
        fprintf(out, "sicalc: note: %s %s declared in %s (also the %s %s); ",
                dl, defs.n == 1 ? "is" : "are", path, which, sl);
    else if (defs.n)
        fprintf(out, "sicalc: note: %s %s declared in %s; ", dl,
                defs.n == 1 ? "is" : "are", path);
    else if (sets.n)
        fprintf(out, "sicalc: note: the %s %s %s declared in %s; ", which, sl,
                sets.n == 1 ? "is" : "are", path);
    bool printed = defs.n || sets.n;
    if (printed)
        fputs("add it to the command or `use` it\n", out);
    free(defs.v);
    free(sets.v);
    rt_arena_free(a);
    fclose(null);
    return printed;
}

int siblings_hint(const ast_program *prog, const char *const *sources,
                  int nsources, const runner_data *in, FILE *out)
{
    names used = {0}, decl = {0}, missing = {0}, told = {0}, folders = {0};
    for (int k = 0; k < prog->ndecls; k++)
        used_by(&used, prog->decls[k]);
    declared_by(&decl, prog);
    for (int i = 0; in && i < in->n; i++) /* a column is no declaration */
        for (int h = 0; h < in->data[i].nheader; h++)
            add(&decl, in->data[i].header[h]);
    for (int i = 0; i < used.n; i++)
        if (!has(&decl, used.v[i]))
            add(&missing, used.v[i]);
    int printed = 0;
    if (in && in->bind_failed) /* the files, not the catalogue */
        missing.n = 0;
    char **dirs = rt_xcalloc((size_t)nsources + 1, sizeof(char *));
    for (int i = 0; missing.n && i < nsources; i++) {
        dirs[i] = rt_folder_of(sources[i]);
        if (has(&folders, dirs[i]))
            continue;
        add(&folders, dirs[i]);
        int n;
        char **files = list_si(dirs[i], &n);
        for (int f = 0; f < n; f++) {
            if (!is_source(files[f], sources, nsources) &&
                printed < SIBLINGS_MAX_NOTES)
                printed += hint_file(files[f], &missing, &told, out);
            free(files[f]);
        }
        free(files);
    }
    for (int i = 0; i < nsources; i++)
        free(dirs[i]);
    free(dirs);
    free(used.v);
    free(decl.v);
    free(missing.v);
    for (int i = 0; i < told.n; i++)
        free((void *)told.v[i]);
    free(told.v);
    free(folders.v);
    return printed;
}
