/* compile.c — the pipeline, top down: load (source, lexer, grammar, syntax
 * tree), check (symbols, types, contexts; lowering to IR and its tables),
 * plan (base groupings, passes, the program). Each stage finishes before
 * the next starts. */
#include "compile.h"

#include "index.h"
#include "load.h"
#include "plan.h"

rt_program *compile_catalogue(rt_arena *a, diag *d, const ast_program *prog,
                              const check_opts *o)
{
    lower_tables t;
    diag_hold(d);
    bool ok = check_run(a, d, prog, o, &t);
    diag_flush(d);
    if (!ok)
        return NULL;
    plan_program(&t);
    lower_free(&t);
    if (!index_compile(d, prog, t.p)) {
        compile_free(t.p);
        return NULL;
    }
    return t.p;
}

rt_program *compile_files(rt_arena *a, diag *d, const char *const *paths,
                          int npaths, const check_opts *o,
                          const ast_program **prog)
{
    int errors = d->errors;
    /* Load and check errors together, in source order. */
    diag_hold(d);
    ast_program *tree = load_catalogue(a, d, paths, npaths);
    if (prog)
        *prog = tree;
    rt_program *p =
        d->errors > errors ? NULL : compile_catalogue(a, d, tree, o);
    diag_flush(d);
    return p;
}

void compile_free(rt_program *p)
{
    if (p)
        rt_arena_free(p->arena);
}
