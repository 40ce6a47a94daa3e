/* catsrc.c — loading one side of a `sicalc diff`: files and folders of the
 * working tree, or a git revision read into memory with git cat-file and
 * loaded from there (git is run directly, never through a shell, so
 * revisions and paths need no quoting; nothing is written to disk). */
#include "catsrc.h"
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "load.h"

/* ---- running git ---- */

/* Runs `git args...`, its standard output into *out (heap, NUL-ended,
 * *len bytes); its standard error goes to ours unless quiet. Returns
 * git's exit status, or -1 when it could not be run. */
static int git_run(const char *const *args, bool quiet, char **out, size_t *len)
{
    int fd[2];
    *out = NULL;
    *len = 0;
    if (pipe(fd) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        if (quiet)
            dup2(null, STDERR_FILENO);
        execvp("git", (char *const *)args);
        _exit(127);
    }
    close(fd[1]);
    size_t cap = 4096;
    char *buf = rt_xmalloc(cap);
    for (;;) {
        if (*len + 1 >= cap)
            buf = rt_xrealloc(buf, cap *= 2);
        ssize_t k = read(fd[0], buf + *len, cap - *len - 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        *len += (size_t)k;
    }
    buf[*len] = '\0';
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) {
            free(buf);
            return -1;
        }
    *out = buf;
    if (!WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st) == 127 ? -1 : WEXITSTATUS(st);
}

static bool is_revision(const char *rev)
{
    size_t n = strlen(rev);
    char *spec = rt_xmalloc(n + 10);
    sprintf(spec, "%s^{commit}", rev);
    const char *args[] = {"git",     "rev-parse", "--verify",
                          "--quiet", spec,        NULL};
    char *out;
    size_t len;
    int rc = git_run(args, true, &out, &len);
    free(out);
    free(spec);
    return rc == 0;
}

/* ---- files ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push(char ***v, int *n, size_t *cap, char *s)
{
    rt_grow((void **)v, cap, (size_t)*n + 1, sizeof **v);
    (*v)[(*n)++] = s;
}

static void list_into(const char *folder, char ***v, int *n, size_t *cap,
                      int depth)
{
    DIR *d = opendir(folder);
    if (!d || depth > 32) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(folder) + strlen(e->d_name) + 2;
        char *p = rt_xmalloc(len);
        if (strcmp(folder, ".") == 0)
            snprintf(p, len, "%s", e->d_name);
        else
            snprintf(p, len, "%s%s%s", folder,
                     cli_ends_with(folder, "/") ? "" : "/", e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_into(p, v, n, cap, depth + 1);
            free(p);
        } else if (cli_ends_with(p, ".si") && S_ISREG(st.st_mode)) {
            push(v, n, cap, p);
        } else {
            free(p);
        }
    }
    closedir(d);
}

char **catsrc_list(const char *folder, int *n)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    list_into(folder, &v, n, &cap, 0);
    if (*n)
        qsort(v, (size_t)*n, sizeof *v, cmp_str);
    return v;
}

static void free_list(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Whether name (a path from a git tree or a folder listing) is a plain
 * catalogue-relative name: relative, and no component empty, "." or
 * "..". A crafted tree (git mktree) can hold entries named "..". */
static bool safe_relative(const char *name)
{
    if (!*name || *name == '/')
        return false;
    for (const char *p = name;;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.') ||
            (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

/* "sicalc: error: ...": a path of rev that could name a file outside
 * the catalogue. */
static void refuse_path(const char *rev, const char *name)
{
    fprintf(stderr,
            "sicalc: error: %s holds a file named '%s': a path with an "
            "empty, '.' or '..' component, or an absolute one, could "
            "reach outside the catalogue; refusing to read it\n",
            rev, name);
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096;
    char *buf = rt_xmalloc(cap);
    *n = 0;
    size_t k;
    while ((k = fread(buf + *n, 1, cap - *n, f)) > 0) {
        *n += k;
        if (*n == cap)
            buf = rt_xrealloc(buf, cap *= 2);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ---- blobs: a catalogue's files held in memory ---- */

/* The .si files of a revision (or of the git diff driver's side), by
 * catalogue-relative name; load_catalogue_from reads them through
 * blobs_read, so nothing is written to disk. */
typedef struct blobs {
    char **names, **texts; /* heap */
    size_t *lens;
    int n;
    size_t cap, cap_texts, cap_lens;
} blobs;

/* Adds name (copied) with text (taken: heap, len bytes). */
static void blobs_add(blobs *b, const char *name, char *text, size_t len)
{
    rt_grow((void **)&b->names, &b->cap, (size_t)b->n + 1, sizeof *b->names);
    rt_grow((void **)&b->texts, &b->cap_texts, (size_t)b->n + 1,
            sizeof *b->texts);
    rt_grow((void **)&b->lens, &b->cap_lens, (size_t)b->n + 1, sizeof *b->lens);
    b->names[b->n] = rt_xstrdup(name);
    b->texts[b->n] = text;
    b->lens[b->n++] = len;
}

/* load_files.read over blobs: a heap copy of path's bytes, or NULL with
 * errno ENOENT. */
static char *blobs_read(void *ctx, const char *path, size_t *len)
{
    const blobs *b = ctx;
    for (int i = 0; i < b->n; i++)
        if (strcmp(b->names[i], path) == 0) {
            char *t = rt_xmalloc(b->lens[i] + 1);
            memcpy(t, b->texts[i], b->lens[i]);
            *len = b->lens[i];
            return t;
        }
    errno = ENOENT;
    return NULL;
}

static void blobs_free(blobs *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->names[i]);
        free(b->texts[i]);
    }
    free(b->names);
    free(b->texts);
    free(b->lens);
}

/* ---- specs ---- */

bool catsrc_parse(catsrc_spec *s, const char *arg)
{
    memset(s, 0, sizeof *s);
    s->arg = arg;
    if (access(arg, F_OK) == 0) {
        s->path = rt_xstrdup(arg);
        return true;
    }
    const char *colon = strchr(arg, ':');
    s->rev = colon ? rt_xstrdup(arg) : rt_xstrdup(arg);
    if (colon) {
        s->rev[colon - arg] = '\0';
        if (colon[1])
            s->path = rt_xstrdup(colon + 1);
    }
    if (*s->rev && is_revision(s->rev))
        return true;
    fprintf(stderr,
            "sicalc: error: '%s' is not a file, a folder or a git "
            "revision\n",
            colon ? s->rev : arg);
    return false;
}

void catsrc_inherit_path(catsrc_spec *s, const catsrc_spec *other)
{
    if (s->rev && !s->path && other->path)
        s->path = rt_xstrdup(other->path);
}

void catsrc_spec_free(catsrc_spec *s)
{
    free(s->rev);
    free(s->path);
}

/* ---- loading ---- */

static void side_init(catsrc *c, const char *label)
{
    memset(c, 0, sizeof *c);
    c->label = label;
    c->arena = rt_arena_new();
    diag_init(&c->diag, stderr);
}

/* Loads paths into c, from the file system or from files (when not
 * NULL); messages name the files as given. */
static int load_in(catsrc *c, const load_files *files, const char *const *paths,
                   int n)
{
    c->prog = load_catalogue_from(c->arena, &c->diag, paths, n, files);
    /* Names are checked only against data (diff_main compiles each side
     * with it): without data a `dataset` that declares only its period
     * would make every other column an error. */
    if (c->diag.errors) {
        fprintf(stderr, "sicalc: error: the catalogue of %s does not load\n",
                c->label);
        return 2;
    }
    return 0;
}

static int load_worktree(catsrc *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "sicalc: error: cannot read '%s': %s\n", path,
                strerror(errno));
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        const char *one[] = {path};
        return load_in(c, NULL, one, 1);
    }
    int n;
    char **v = catsrc_list(path, &n);
    int rc = load_in(c, NULL, (const char *const *)v, n);
    free_list(v, n);
    return rc;
}

/* The full names of the .si files of rev under path (git ls-tree -z). */
static char **tree_files(const char *rev, const char *path, int *n, int *rc)
{
    const char *args[] = {"git",         "ls-tree", "-r", "-z", "--full-name",
                          "--name-only", rev,       "--", path, NULL};
    char *out;
    size_t len;
    *n = 0;
    *rc = git_run(args, false, &out, &len);
    char **v = NULL;
    size_t cap = 0;
    for (size_t i = 0; *rc == 0 && i < len; i += strlen(out + i) + 1) {
        if (!cli_ends_with(out + i, ".si"))
            continue;
        if (!safe_relative(out + i)) {
            refuse_path(rev, out + i);
            *rc = 2;
        } else {
            push(&v, n, &cap, rt_xstrdup(out + i));
        }
    }
    free(out);
    if (*n)
        qsort(v, (size_t)*n, sizeof *v, cmp_str);
    return v;
}

/* Reads rev's blob of name into b. */
static int extract(blobs *b, const char *rev, const char *name)
{
    char *obj = rt_xmalloc(strlen(rev) + strlen(name) + 2);
    sprintf(obj, "%s:%s", rev, name);
    const char *args[] = {"git", "cat-file", "blob", obj, NULL};
    char *out;
    size_t len;
    int rc = git_run(args, false, &out, &len);
    free(obj);
    if (rc == 0)
        blobs_add(b, name, out, len);
    else
        free(out);
    return rc;
}

static int load_revision(catsrc *c, const char *rev, const char *path)
{
    bool one = cli_ends_with(path, ".si");
    char *dir = one ? rt_folder_of(path) : rt_xstrdup(path);
    int n, rc;
    char **all = tree_files(rev, dir, &n, &rc);
    free(dir);
    char **sel = all;
    int nsel = n;
    if (rc == 0 && one)
        sel = tree_files(rev, path, &nsel, &rc);
    if (rc != 0 || nsel == 0) {
        if (rc == 0)
            fprintf(stderr, "sicalc: error: %s has no .si file at '%s'\n", rev,
                    path);
        rc = 2;
    }
    blobs b = {0};
    for (int i = 0; rc == 0 && i < n; i++)
        if (extract(&b, rev, all[i]) != 0)
            rc = 2;
    load_files files = {blobs_read, &b};
    if (rc == 0)
        rc = load_in(c, &files, (const char *const *)sel, nsel);
    blobs_free(&b);
    if (sel != all)
        free_list(sel, nsel);
    free_list(all, n);
    return rc;
}

/* git's answer without its final newline (heap), or NULL on failure or
 * an empty answer. */
static char *git_line(const char *const *args)
{
    char *out;
    size_t len;
    if (git_run(args, true, &out, &len) != 0 || len == 0) {
        free(out);
        return NULL;
    }
    while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    if (len == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* top (a path from the repository's top) as a path from here: `git
 * rev-parse --show-cdup` before it. Heap. */
static char *from_top(const char *top)
{
    const char *args[] = {"git", "rev-parse", "--show-cdup", NULL};
    char *up = git_line(args);
    char *p = rt_xmalloc((up ? strlen(up) : 0) + strlen(top) + 1);
    sprintf(p, "%s%s", up ? up : "", top);
    free(up);
    return p;
}

void catsrc_catalogue(catsrc_spec *a, catsrc_spec *b, const char *option)
{
    if (!a->rev || !b->rev || a->path || b->path)
        return;
    char *path = NULL;
    if (option) {
        path = rt_xstrdup(option);
    } else {
        const char *cfg[] = {"git", "config", "--get", "sicalc.catalogue",
                             NULL};
        char *v = git_line(cfg);
        if (v)
            path = from_top(v);
        free(v);
        if (!path) {
            char *dflt = from_top("indicators");
            int n, rc;
            char **v2 = tree_files(b->rev, dflt, &n, &rc);
            free_list(v2, n);
            if (rc == 0 && n > 0)
                path = dflt;
            else
                free(dflt);
        }
    }
    if (!path)
        return;
    a->path = path;
    b->path = rt_xstrdup(path);
}

int catsrc_load(catsrc *c, const catsrc_spec *s)
{
    side_init(c, s->arg);
    if (!s->rev)
        return load_worktree(c, s->path);
    return load_revision(c, s->rev, s->path ? s->path : ".");
}

/* Reads the working tree's .si files under folder into b, but skip
 * (the file that stands in for it). */
static void read_siblings(blobs *b, const char *folder, const char *skip)
{
    int n;
    char **v = catsrc_list(folder, &n);
    for (int i = 0; i < n; i++) {
        size_t len;
        char *text;
        if (!safe_relative(v[i]) || strcmp(v[i], skip) == 0 ||
            !(text = read_all(v[i], &len)))
            continue;
        blobs_add(b, v[i], text, len);
    }
    free_list(v, n);
}

int catsrc_load_as(catsrc *c, const char *label, const char *path,
                   const char *file)
{
    side_init(c, label);
    if (strcmp(file, "/dev/null") == 0)
        return load_in(c, NULL, NULL, 0);
    if (rt_same_file(path, file))
        return load_in(c, NULL, &path, 1);
    size_t len;
    char *text = read_all(file, &len);
    if (!text) {
        fprintf(stderr, "sicalc: error: cannot read '%s': %s\n", file,
                strerror(errno));
        return 2;
    }
    blobs b = {0};
    if (safe_relative(path)) {
        char *dir = rt_folder_of(path);
        read_siblings(&b, dir, path);
        free(dir);
    }
    const char *name = safe_relative(path) ? path : "file.si";
    blobs_add(&b, name, text, len);
    load_files files = {blobs_read, &b};
    int rc = load_in(c, &files, &name, 1);
    blobs_free(&b);
    return rc;
}

void catsrc_free(catsrc *c)
{
    if (c->arena)
        rt_arena_free(c->arena);
    memset(c, 0, sizeof *c);
}
