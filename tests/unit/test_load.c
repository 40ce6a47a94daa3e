/* test_load.c — the loader over a file provider (load_catalogue_from, as
 * diff reads a git revision): `use` resolved by name against the user's
 * folder, "." and ".." by name, a climb out of the catalogue root
 * refused, a missing file reported, each file read once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "testhelp.h"

static const char *const files[][2] = {
    {"lib/top.si", "use \"base.si\"\nuse \"./sub/../base.si\"\nconst t = 1\n"},
    {"lib/base.si", "const b = 2\n"},
    {"lib/up.si", "use \"../root.si\"\nconst u = 1\n"},
    {"lib/gone.si", "use \"missing.si\"\nconst g = 1\n"},
    {"root.si", "const r = 1\n"},
};
static int reads;

static char *provide(void *ctx, const char *path, size_t *len)
{
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (strcmp(files[i][0], path) == 0) {
            reads++;
            *len = strlen(files[i][1]);
            char *t = malloc(*len + 1);
            memcpy(t, files[i][1], *len + 1);
            return t;
        }
    errno = ENOENT;
    return NULL;
}

/* Loads path; *errs gets the messages (heap). Returns the declarations. */
static int load(const char *path, char **errs, int *nerrors)
{
    size_t n;
    FILE *out = open_memstream(errs, &n);
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, out);
    load_files lf = {provide, NULL};
    reads = 0;
    ast_program *p = load_catalogue_from(a, &d, &path, 1, &lf);
    int decls = p->ndecls;
    *nerrors = d.errors;
    rt_arena_free(a);
    fclose(out);
    return decls;
}

int main(void)
{
    char *errs;
    int nerr;
    int n = load("lib/top.si", &errs, &nerr);
    TEST_COND("use by name, ./sub/.. resolved, read once",
              nerr == 0 && n == 4 && reads == 2);
    free(errs);
    n = load("lib/up.si", &errs, &nerr);
    TEST_COND("use climbing out of the root refused",
              nerr == 1 && strstr(errs, "'../root.si' is outside the "
                                        "catalogue root"));
    free(errs);
    n = load("lib/gone.si", &errs, &nerr);
    TEST_COND("missing use reported",
              nerr == 1 && strstr(errs, "cannot read 'lib/missing.si': No "
                                        "such file or directory"));
    free(errs);
    n = load("../x.si", &errs, &nerr);
    TEST_COND("command-line name above the top refused",
              nerr == 1 && strstr(errs, "not a catalogue name"));
    free(errs);
    return TEST_REPORT();
}
