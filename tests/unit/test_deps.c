/* test_deps.c — the dependency walker (compiler/deps.h) and the domain
 * titles (compiler/domains.h), on snippets parsed from memory: what an
 * indicator reads, through lets, fns and their parameters' defaults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "deps.h"
#include "diag.h"
#include "domains.h"
#include "parse.h"
#include "testhelp.h"

typedef struct parsed {
    rt_arena *a;
    ast_program p;
} parsed;

static parsed parse(const char *text)
{
    parsed r = {rt_arena_new(), {0}};
    diag d;
    diag_init(&d, stderr);
    const src_file *f = source_from_text(r.a, "t.si", text, strlen(text));
    size_t cap = 0;
    parse_file(r.a, &d, f, &r.p.decls, &r.p.ndecls, &cap);
    return r;
}

static void parsed_free(parsed *r)
{
    free(r->p.decls);
    rt_arena_free(r->a);
}

/* The names indicator id reads, space-separated in declaration order. */
static char *reads(const parsed *r, const char *id)
{
    bool *used = calloc((size_t)r->p.ndecls + 1, sizeof *used);
    static char buf[256];
    buf[0] = '\0';
    for (int i = 0; i < r->p.ndecls; i++)
        if (r->p.decls[i]->kind == DECL_INDICATOR &&
            strcmp(r->p.decls[i]->name, id) == 0)
            deps_mark(&r->p, r->p.decls[i], used);
    for (int i = 0; i < r->p.ndecls; i++)
        if (used[i]) {
            strcat(buf, buf[0] ? " " : "");
            strcat(buf, r->p.decls[i]->name);
        }
    free(used);
    return buf;
}

static void test_walk(void)
{
    parsed r = parse("const cutoff = 0.6\n"
                     "const unused = 1\n"
                     "let adult = age >= 18\n"
                     "let x = 2\n"
                     "fn below(x, p = cutoff) = share(x < p * median(x))\n"
                     "fn twice(v) = 2 * v\n"
                     "indicator a { value below(income) }\n"
                     "indicator b { value count(where adult) }\n"
                     "indicator c { value twice(count()) by sex }\n"
                     "indicator d { value count() target 1 by cutoff }\n");
    TEST_COND("deps: a parameter's default is read",
              strcmp(reads(&r, "a"), "cutoff below") == 0);
    TEST_COND("deps: a let named in a condition",
              strcmp(reads(&r, "b"), "adult") == 0);
    TEST_COND("deps: a parameter hides the let of its name",
              strcmp(reads(&r, "c"), "twice") == 0);
    TEST_COND("deps: the year of a target",
              strcmp(reads(&r, "d"), "cutoff") == 0);
    TEST_COND("deps: lookup finds lets, consts and fns only",
              deps_lookup(&r.p, "below") == 4 && deps_lookup(&r.p, "a") == -1);
    parsed_free(&r);
}

static void test_domain_titles(void)
{
    parsed r = parse("domain labour {\n"
                     "  title \"Labour market\"\n"
                     "  title@sr \"Tržište rada\"\n"
                     "}\n"
                     "domain health { title@sr \"Zdravlje\" }\n");
    TEST_COND("domains: the plain title",
              strcmp(domains_title(&r.p, "labour", NULL), "Labour market") ==
                  0);
    TEST_COND("domains: a language's title",
              strcmp(domains_title(&r.p, "labour", "sr"), "Tržište rada") == 0);
    TEST_COND("domains: no plain title, no undeclared domain",
              !domains_title(&r.p, "health", NULL) &&
                  !domains_title(&r.p, "safety", NULL));
    parsed_free(&r);
}

int main(void)
{
    test_walk();
    test_domain_titles();
    return TEST_REPORT();
}
