/* load.c — reads the catalogue: the files named on the command line and,
 * depth-first, what they `use` (embedded stdlib modules or files relative
 * to the using file), each file once, with `use` cycles reported. A used
 * file must lie inside the catalogue root (the folder of the command-line
 * file that leads to it), and expressions deeper than the checker can
 * walk are refused here, before anything recurses over them. */
#include "load.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domains.h"
#include "geo.h"
#include "parse.h"
#include "suggest.h"

/* The stdlib modules, embedded at build time (stdlib/embed.sh). */
static const struct {
    const char *name, *text;
} stdlib_modules[] = {
#include "stdlib.inc"
    {NULL, NULL}};

/* How deeply `use` may nest (a uses b uses c ...): far beyond any real
 * catalogue, and well inside the C stack, since loading recurses. */
#define LOAD_MAX_USE_DEPTH 64

/* How deeply an expression may nest (operators, calls, `if`s; brackets
 * alone add nothing). The checker, planner and evaluator recurse over
 * expressions, so a limit here is what keeps 100,000 nested operators
 * from overflowing the stack; 256 is far beyond hand-written formulas
 * (a sum of 256 columns) and leaves room for `fn` expansion. */
#define LOAD_MAX_EXPR_DEPTH 256

/* One file being loaded, on the stack that finds cycles. */
typedef struct frame {
    const char *key;  /* realpath, or "stdlib:NAME" */
    const char *path; /* as shown in messages */
    const char *root; /* realpath of the catalogue root its `use`s must
                         stay in: the folder of the command-line file
                         (NULL for stdlib modules) */
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
    const char *root;        /* root of the file about to be loaded */
    const load_files *files; /* NULL: the file system */
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

/* Whether key needs no loading: loaded already, or being loaded (a use
 * cycle, reported at u). */
static bool seen(loader *L, const ast_decl *u, const char *key)
{
    if (is_done(L, key))
        return true;
    int cyc = on_stack(L, key);
    if (cyc >= 0)
        report_cycle(L, u, cyc);
    return cyc >= 0;
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

/* The realpath of the folder holding real (itself a realpath), in the
 * arena: the catalogue root of a command-line file. */
static const char *folder_of(rt_arena *a, const char *real)
{
    const char *slash = strrchr(real, '/');
    size_t n = slash ? (size_t)(slash - real) : 0;
    return n ? rt_arena_strndup(a, real, n) : "/";
}

/* Whether real (a realpath) lies inside the folder root. */
static bool inside(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0)
        return true;
    return strncmp(real, root, n) == 0 && real[n] == '/';
}

/* A `use`d file must be a regular file (not a FIFO that would block, a
 * device or a folder) inside the catalogue root; true when it is, after
 * reporting why not otherwise. */
static bool use_allowed(loader *L, const ast_decl *u, const char *real)
{
    const char *root = L->stack[L->nstack - 1].root;
    if (root && !inside(real, root)) {
        diag_error(L->diag, use_loc(u),
                   "'%s' is outside the catalogue root (the folder of %s); "
                   "a used file must lie in that folder or below",
                   u->name, L->stack[0].path);
        return false;
    }
    struct stat st;
    if (stat(real, &st) == 0 && !S_ISREG(st.st_mode)) {
        diag_error(L->diag, use_loc(u), "cannot use '%s': not a regular file",
                   u->name);
        return false;
    }
    return true;
}

/* What went wrong reading a source file, from source_load's errno. */
static const char *read_error(int err)
{
    if (err == EFBIG)
        return "larger than the limit of " SOURCE_MAX_BYTES_TEXT
               " for a .si file";
    return strerror(err);
}

/* path with "." and "x/.." components resolved by name, in the arena;
 * NULL when a ".." climbs above the top. */
static char *normalize(rt_arena *a, const char *path)
{
    char *out = rt_arena_alloc(a, strlen(path) + 1);
    size_t n = 0;
    for (const char *p = path; *p;) {
        size_t k = strcspn(p, "/");
        if (k == 2 && p[0] == '.' && p[1] == '.') {
            if (n == 0)
                return NULL;
            while (n > 0 && out[n - 1] != '/')
                n--;
            n -= n > 0;
        } else if (k > 0 && !(k == 1 && p[0] == '.')) {
            if (n)
                out[n++] = '/';
            memcpy(out + n, p, k);
            n += k;
        }
        p += k;
        p += *p == '/';
    }
    out[n] = '\0';
    return out;
}

/* Loads a file named by a `use` or the command line (u NULL) from
 * L->files: the key is the normalized name, the root its folder. */
static void load_provided(loader *L, const char *path, const ast_decl *u)
{
    const char *key = normalize(L->arena, path);
    const char *root = u ? L->stack[L->nstack - 1].root : NULL;
    if (!key || !*key || (root && *root && !inside(key, root))) {
        if (u)
            diag_error(L->diag, use_loc(u),
                       "'%s' is outside the catalogue root (the folder of "
                       "%s); a used file must lie in that folder or below",
                       u->name, L->stack[0].path);
        else
            diag_plain(L->diag, "cannot read '%s': not a catalogue name", path);
        return;
    }
    if (seen(L, u, key))
        return;
    size_t len = 0;
    errno = 0;
    char *text = L->files->read(L->files->ctx, key, &len);
    if (text && len > SOURCE_MAX_BYTES) {
        free(text);
        text = NULL;
        errno = EFBIG;
    }
    if (!text) {
        int err = errno ? errno : ENOENT;
        if (u)
            diag_error(L->diag, use_loc(u), "cannot read '%s': %s", path,
                       read_error(err));
        else
            diag_plain(L->diag, "cannot read '%s': %s", path, read_error(err));
        return;
    }
    src_file *f = source_from_text(L->arena, path, text, len);
    free(text);
    if (!u) {
        const char *slash = strrchr(key, '/');
        root =
            slash ? rt_arena_strndup(L->arena, key, (size_t)(slash - key)) : "";
    }
    L->root = root;
    load_source(L, f, key);
}

/* Loads a file named by a `use` or the command line (u NULL). */
static void load_path(loader *L, const char *path, const ast_decl *u)
{
    if (L->files) {
        load_provided(L, path, u);
        return;
    }
    char real[PATH_MAX];
    src_file *f = NULL;
    const char *key = realpath(path, real) ? real : NULL;
    if (u && key && !use_allowed(L, u, key))
        return;
    if (key && seen(L, u, key))
        return;
    if (key) { /* read what was checked, shown as it was named */
        f = source_load(L->arena, key);
        if (f)
            f->path = rt_arena_strdup(L->arena, path);
    }
    if (!f && u)
        diag_error(L->diag, use_loc(u), "cannot read '%s': %s", path,
                   read_error(errno));
    else if (!f)
        diag_plain(L->diag, "cannot read '%s': %s", path, read_error(errno));
    else {
        L->root = u ? L->stack[L->nstack - 1].root : folder_of(L->arena, key);
        load_source(L, f, rt_arena_strdup(L->arena, key));
    }
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
    if (seen(L, u, key))
        return;
    const char *text = stdlib_modules[i].text;
    L->root = NULL;
    load_source(L, source_from_text(L->arena, path, text, strlen(text)), key);
}

/* Loads what u names; user is the file that says it, on top of the
 * loading stack. */
static void load_use(loader *L, const src_file *user, const ast_decl *u)
{
    if (L->nstack >= LOAD_MAX_USE_DEPTH) {
        diag_error(L->diag, use_loc(u),
                   "'use' nested too deeply: more than %d files, each "
                   "using the next",
                   LOAD_MAX_USE_DEPTH);
    } else if (!u->use_is_path) {
        load_module(L, u);
    } else if (strncmp(L->stack[L->nstack - 1].key, "stdlib:", 7) == 0) {
        diag_error(L->diag, use_loc(u),
                   "a stdlib module can use only other modules");
    } else if (u->name[0] == '/') {
        diag_error(L->diag, use_loc(u),
                   "'%s' is an absolute path; a used file is named "
                   "relative to the file that uses it",
                   u->name);
    } else {
        char *path = resolve_path(user->path, u->name);
        load_path(L, path, u);
        free(path);
    }
}

/* ---- expression depth ---- */

/* A node waiting to be visited, with its depth. */
typedef struct pending {
    const ast_expr *e;
    int depth;
} pending;

typedef struct walk {
    pending *v; /* heap: the walk is iterative, so it cannot overflow */
    size_t n, cap;
    const ast_expr *deep; /* the expression that nests too deeply */
} walk;

static void push(walk *w, const ast_expr *e, int depth)
{
    if (!e)
        return;
    rt_grow((void **)&w->v, &w->cap, w->n + 1, sizeof *w->v);
    w->v[w->n++] = (pending){e, depth};
}

/* Visits the tree under root (without recursion); false, with w->deep
 * set to root, when a node lies deeper than LOAD_MAX_EXPR_DEPTH. */
static bool depth_ok(walk *w, const ast_expr *root)
{
    w->n = 0;
    push(w, root, 1);
    while (w->n) {
        pending p = w->v[--w->n];
        const ast_expr *e = p.e;
        if (p.depth > LOAD_MAX_EXPR_DEPTH) {
            w->deep = root;
            return false;
        }
        int d = p.depth + 1;
        push(w, e->lhs, d), push(w, e->rhs, d);
        push(w, e->cond, d), push(w, e->then, d), push(w, e->els, d);
        push(w, e->lo, d), push(w, e->hi, d);
        push(w, e->where, d), push(w, e->weight, d), push(w, e->per, d);
        for (int i = 0; i < e->nitems; i++)
            push(w, e->items[i], d);
        for (int i = 0; i < e->nargs; i++)
            push(w, e->args[i].key, d), push(w, e->args[i].value, d);
    }
    return true;
}

/* Whether each of n expressions is within the depth limit. */
static bool all_depth_ok(walk *w, ast_expr *const *v, int n)
{
    bool ok = true;
    for (int i = 0; ok && i < n; i++)
        ok = depth_ok(w, v[i]);
    return ok;
}

/* Whether every expression of a declaration is within the depth limit. */
static bool decl_depth_ok(walk *w, const ast_decl *dc)
{
    bool ok = depth_ok(w, dc->expr);
    for (int i = 0; ok && i < dc->nparams; i++)
        ok = depth_ok(w, dc->params[i].def);
    for (int i = 0; ok && i < dc->nclauses; i++) {
        const ast_clause *c = &dc->clauses[i];
        ok = depth_ok(w, c->expr) && depth_ok(w, c->year) &&
             all_depth_ok(w, c->items, c->nitems);
        for (int k = 0; ok && k < c->nbands; k++)
            ok = depth_ok(w, c->bands[k].bound);
    }
    for (int i = 0; ok && i < dc->ncolumns; i++) {
        const ast_column *c = &dc->columns[i];
        ok = depth_ok(w, c->lo) && depth_ok(w, c->hi) &&
             all_depth_ok(w, c->allowed, c->nallowed) &&
             all_depth_ok(w, c->missing, c->nmissing);
    }
    return ok;
}

/* Reports and removes the declarations with an expression nested deeper
 * than the limit; returns how many are left. */
static int drop_too_deep(loader *L, ast_decl **decls, int n)
{
    walk w = {0};
    int kept = 0;
    for (int i = 0; i < n; i++) {
        if (decl_depth_ok(&w, decls[i])) {
            decls[kept++] = decls[i];
            continue;
        }
        loc at = w.deep->at;
        at.end = at.start + 1;
        diag_error(L->diag, at,
                   "expression nested too deeply: more than %d levels of "
                   "operators, calls and 'if's (split it with 'let' or "
                   "'fn')",
                   LOAD_MAX_EXPR_DEPTH);
    }
    free(w.v);
    return kept;
}

/* Parses f, loads what it uses first, then appends its declarations:
 * a used file's declarations come before those of the file using it. */
static void load_source(loader *L, const src_file *f, const char *key)
{
    ast_decl **decls = NULL;
    int n = 0;
    size_t cap = 0;
    parse_file(L->arena, L->diag, f, &decls, &n, &cap);
    n = drop_too_deep(L, decls, n);

    rt_grow((void **)&L->stack, &L->stack_cap, (size_t)L->nstack + 1,
            sizeof *L->stack);
    L->stack[L->nstack++] = (frame){key, f->path, L->root};
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
    return load_catalogue_from(a, d, paths, npaths, NULL);
}

ast_program *load_catalogue_from(rt_arena *a, diag *d, const char *const *paths,
                                 int npaths, const load_files *files)
{
    loader L = {.arena = a, .diag = d, .files = files};
    diag_hold(d); /* the errors of every file, in source order */
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
    /* After a syntax error a domain may be missing from the tree, and
     * its indicators would only add follow-on errors. */
    if (d->errors == 0) {
        domains_check(d, p);
        geo_check(d, p);
    }
    diag_flush(d);
    return p;
}
