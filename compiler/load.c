/* load.c — reads the catalogue: the files named on the command line and,
 * depth-first, what they `use` (embedded stdlib modules or files relative
 * to the using file), each file once, with `use` cycles reported. */
#include "load.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "suggest.h"

/* The stdlib modules, embedded at build time (stdlib/embed.sh). */
static const struct {
    const char *name, *text;
} stdlib_modules[] = {
#include "stdlib.inc"
    {NULL, NULL}};

/* One file being loaded, on the stack that finds cycles. */
typedef struct frame {
    const char *key;  /* realpath, or "stdlib:NAME" */
    const char *path; /* as shown in messages */
} frame;

typedef struct loader {
    rt_arena *arena;
    diag *diag;
    ast_decl **decls; /* the program so far (heap) */
    int ndecls;
    size_t cap;
    const char **done; /* keys of files already loaded (heap) */
    int ndone;
    size_t done_cap;
    frame *stack; /* files being loaded, outermost first (heap) */
    int nstack;
    size_t stack_cap;
} loader;

static bool is_done(const loader *L, const char *key)
{
    for (int i = 0; i < L->ndone; i++)
        if (strcmp(L->done[i], key) == 0)
            return true;
    return false;
}

/* Index of key on the loading stack, or -1. */
static int on_stack(const loader *L, const char *key)
{
    for (int i = 0; i < L->nstack; i++)
        if (strcmp(L->stack[i].key, key) == 0)
            return i;
    return -1;
}

/* The span of a whole `use ...` declaration, where its errors point. */
static loc use_loc(const ast_decl *u)
{
    return (loc){u->at.file, u->at.start, u->name_at.end};
}

/* "use cycle: a.si -> b.si -> a.si", from where the cycle starts. */
static void report_cycle(loader *L, const ast_decl *u, int from)
{
    size_t size = 64;
    for (int i = from; i < L->nstack; i++)
        size += strlen(L->stack[i].path) + 4;
    size += strlen(L->stack[from].path);
    char *msg = rt_xmalloc(size);
    strcpy(msg, "use cycle: ");
    for (int i = from; i < L->nstack; i++) {
        strcat(msg, L->stack[i].path);
        strcat(msg, " -> ");
    }
    strcat(msg, L->stack[from].path);
    diag_error(L->diag, use_loc(u), "%s", msg);
    free(msg);
}

static void load_source(loader *L, const src_file *f, const char *key);

/* Resolves `use "x.si"` against the directory of the using file. */
static char *resolve_path(const char *user, const char *rel)
{
    const char *slash = strrchr(user, '/');
    if (rel[0] == '/' || !slash) {
        char *p = rt_xmalloc(strlen(rel) + 1);
        return strcpy(p, rel);
    }
    size_t dir = (size_t)(slash - user) + 1;
    char *p = rt_xmalloc(dir + strlen(rel) + 1);
    memcpy(p, user, dir);
    strcpy(p + dir, rel);
    return p;
}

/* Loads a file named by a `use` or the command line (u NULL). */
static void load_path(loader *L, const char *path, const ast_decl *u)
{
    char real[PATH_MAX];
    src_file *f = NULL;
    const char *key = realpath(path, real) ? real : NULL;
    if (key && is_done(L, key))
        return;
    int cyc = key ? on_stack(L, key) : -1;
    if (cyc >= 0) {
        report_cycle(L, u, cyc);
        return;
    }
    if (key)
        f = source_load(L->arena, path);
    if (!f && u)
        diag_error(L->diag, use_loc(u), "cannot read '%s': %s", path,
                   strerror(errno));
    else if (!f)
        diag_plain(L->diag, "cannot read '%s': %s", path, strerror(errno));
    else
        load_source(L, f, rt_arena_strdup(L->arena, key));
}

/* The names of the stdlib modules, for "did you mean". */
static const char *suggest_module(const char *name)
{
    const char *names[sizeof stdlib_modules / sizeof *stdlib_modules];
    int n = 0;
    for (; stdlib_modules[n].name; n++)
        names[n] = stdlib_modules[n].name;
    return suggest_best(name, names, n);
}

/* Loads the embedded module of `use NAME`. */
static void load_module(loader *L, const ast_decl *u)
{
    int i = 0;
    while (stdlib_modules[i].name && strcmp(stdlib_modules[i].name, u->name))
        i++;
    if (!stdlib_modules[i].name) {
        const char *near = suggest_module(u->name);
        diag_error(L->diag, u->name_at, "unknown module '%s'%s%s%s", u->name,
                   near ? " (did you mean '" : "", near ? near : "",
                   near ? "'?)" : "");
        return;
    }
    size_t n = strlen(u->name);
    char *key = rt_arena_alloc(L->arena, n + 8);
    char *path = rt_arena_alloc(L->arena, n + 11);
    sprintf(key, "stdlib:%s", u->name);
    sprintf(path, "stdlib/%s.si", u->name);
    if (is_done(L, key))
        return;
    int cyc = on_stack(L, key);
    if (cyc >= 0) {
        report_cycle(L, u, cyc);
        return;
    }
    const char *text = stdlib_modules[i].text;
    load_source(L, source_from_text(L->arena, path, text, strlen(text)), key);
}

/* Loads what u names; user is the file that says it, on top of the
 * loading stack. */
static void load_use(loader *L, const src_file *user, const ast_decl *u)
{
    if (!u->use_is_path) {
        load_module(L, u);
    } else if (strncmp(L->stack[L->nstack - 1].key, "stdlib:", 7) == 0) {
        diag_error(L->diag, use_loc(u),
                   "a stdlib module can use only other modules");
    } else {
        char *path = resolve_path(user->path, u->name);
        load_path(L, path, u);
        free(path);
    }
}

/* Parses f, loads what it uses first, then appends its declarations:
 * a used file's declarations come before those of the file using it. */
static void load_source(loader *L, const src_file *f, const char *key)
{
    ast_decl **decls = NULL;
    int n = 0;
    size_t cap = 0;
    parse_file(L->arena, L->diag, f, &decls, &n, &cap);

    rt_grow((void **)&L->stack, &L->stack_cap, (size_t)L->nstack + 1,
            sizeof *L->stack);
    L->stack[L->nstack++] = (frame){key, f->path};
    for (int i = 0; i < n; i++)
        if (decls[i]->kind == DECL_USE)
            load_use(L, f, decls[i]);
    L->nstack--;

    rt_grow((void **)&L->done, &L->done_cap, (size_t)L->ndone + 1,
            sizeof *L->done);
    L->done[L->ndone++] = key;
    for (int i = 0; i < n; i++)
        ast_push_decl(&L->decls, &L->ndecls, &L->cap, decls[i]);
    free(decls);
}

ast_program *load_catalogue(rt_arena *a, diag *d, const char *const *paths,
                            int npaths)
{
    loader L = {.arena = a, .diag = d};
    for (int i = 0; i < npaths; i++)
        load_path(&L, paths[i], NULL);
    ast_program *p = rt_arena_alloc(a, sizeof *p);
    p->ndecls = L.ndecls;
    p->decls = rt_arena_alloc(a, (size_t)L.ndecls * sizeof *p->decls);
    if (L.ndecls)
        memcpy(p->decls, L.decls, (size_t)L.ndecls * sizeof *p->decls);
    free(L.decls);
    free(L.done);
    free(L.stack);
    return p;
}
