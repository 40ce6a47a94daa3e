/* fuzz_si.c — libFuzzer harness for the .si front end: the input is one
 * catalogue file; it is loaded (lex, parse, `use` of stdlib modules and
 * of files beside it), then checked and planned against the headers of
 * the two bundled example datasets. Any crash, leak, sanitizer report or
 * hang is a bug; diagnostics are expected and go to /dev/null. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "load.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];   /* a private catalogue root per process */
static char path[128]; /* DIR/input.si: the fuzzed file */
static FILE *devnull;

/* Headers like examples/pirot/municipal.csv and examples/silc/silc.csv,
 * so that names resolve and the checker and planner get deep. */
static const char *const municipal[] = {
    "municipality", "district",   "year",
    "sex",          "age_group",  "population",
    "active",       "unemployed", "mop_beneficiaries"};
static const char *const silc[] = {"year",
                                   "region",
                                   "household_id",
                                   "person_id",
                                   "sex",
                                   "age",
                                   "weight",
                                   "hh_size",
                                   "hh_disposable_income",
                                   "eq_income",
                                   "activity",
                                   "education_level",
                                   "deprivation_items",
                                   "work_intensity"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "/tmp/sicalc-fuzz-si-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/input.si", dir);
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_input(data, size);
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, devnull);
    const char *paths[] = {path};
    ast_program *prog = load_catalogue(a, &d, paths, 1);
    if (d.errors == 0) {
        check_data cd[2] = {{"municipal", municipal,
                             (int)(sizeof municipal / sizeof *municipal)},
                            {"silc", silc, (int)(sizeof silc / sizeof *silc)}};
        /* One dataset or two, as the first byte says: the single-file
         * run and the joined one take different paths in the checker. */
        check_opts co = {.data = cd, .ndata = size && (data[0] & 1) ? 2 : 1};
        rt_program *p = compile_catalogue(a, &d, prog, &co);
        compile_free(p);
    }
    rt_arena_free(a);
    return 0;
}
