/* fuzz_csv.c — libFuzzer harness for the CSV reader with type
 * conversion: the first input byte chooses the options (delimiter given
 * or detected, decimal point or comma, all columns or some), the rest is
 * the file. The header is read, every field of every record goes through
 * rt_parse_number, and the file is scanned twice (a second pass must see
 * the same records), and once more with every line through libcsv (the
 * fast path for plain lines must read exactly the same records and
 * errors). Invariants of csvin.h are checked with abort(). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "numparse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char path[128];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "/tmp/sicalc-fuzz-csv-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/data.csv", dir);
    return 0;
}

typedef struct scan_ctx {
    const rt_csv *c;
    char decimal;
    const bool *wanted;
    size_t rows, numbers;
    size_t last_line;
    uint64_t digest; /* of every record's line and fields */
} scan_ctx;

static void mix(uint64_t *h, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ ((const unsigned char *)p)[i]) * 1099511628211ull;
}

static int on_row(void *p, const rt_row *row)
{
    scan_ctx *s = p;
    if (row->nfields != rt_csv_ncols(s->c))
        abort(); /* ragged rows are errors, never rows */
    if (row->line < 1 || row->line < s->last_line)
        abort(); /* lines only go forward (a bare CR ends a record but
                    not a line, so a record may share the header's) */
    s->last_line = row->line;
    mix(&s->digest, &row->line, sizeof row->line);
    for (int i = 0; i < row->nfields; i++) {
        const char *f = row->field[i];
        size_t n = row->len[i];
        mix(&s->digest, f, n + 1);
        if (f[n] != '\0' || memchr(f, '\0', n))
            abort(); /* NUL-terminated, no NUL inside */
        if (s->wanted && !s->wanted[i] && n != 0)
            abort(); /* unwanted fields are "" */
        double v;
        if (rt_parse_number(f, n, s->decimal, &v) && v - v != 0)
            abort(); /* never inf or nan */
        s->numbers++;
    }
    s->rows++;
    return 0;
}

/* The same file with every line through libcsv: the same records (by
 * digest), result and error text. */
static void same_as_libcsv(const rt_csv_opts *o, char decimal, int rc,
                           uint64_t digest, const char *err)
{
    rt_csv_opts slow = *o;
    slow.libcsv_only = true;
    char *e = NULL;
    rt_csv *c = rt_csv_open(path, &slow, &e);
    if (!c)
        abort(); /* the header opened the first time */
    scan_ctx s = {c, decimal, NULL, 0, 0, 0, 0};
    int r = rt_csv_scan(c, NULL, on_row, &s);
    if (r != rc || s.digest != digest || strcmp(rt_csv_error(c), err) != 0)
        abort();
    rt_csv_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char delims[4] = {0, ',', ';', '\t'};
    rt_csv_opts o = {.delimiter = delims[data[0] & 3]};
    char decimal = data[0] & 4 ? ',' : '.';
    bool some = data[0] & 8;
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
        abort();

    char *err = NULL;
    rt_csv *c = rt_csv_open(path, &o, &err);
    if (!c) {
        if (!err || !*err)
            abort(); /* a failed open always says why */
        free(err);
        return 0;
    }
    int n = rt_csv_ncols(c);
    if (n < 1)
        abort();
    bool *wanted = calloc((size_t)n, sizeof *wanted);
    for (int i = 0; i < n; i++) {
        const char *name = rt_csv_colname(c, i);
        if (!name || !*name || rt_csv_find(c, name) != i)
            abort(); /* names are non-empty and unique */
        wanted[i] = !some || i % 2 == 0;
    }
    scan_ctx s1 = {c, decimal, some ? wanted : NULL, 0, 0, 0, 0};
    int r1 = rt_csv_scan(c, s1.wanted, on_row, &s1);
    if (r1 == -1 && !*rt_csv_error(c))
        abort(); /* an error has a message */
    scan_ctx s2 = {c, decimal, NULL, 0, 0, 0, 0};
    int r2 = rt_csv_scan(c, NULL, on_row, &s2);
    if (r1 != r2 ||
        (r1 == 0 && (s1.rows != s2.rows || rt_csv_rows(c) != s2.rows)))
        abort(); /* passes agree */
    same_as_libcsv(&o, decimal, r2, s2.digest, rt_csv_error(c));
    free(wanted);
    rt_csv_close(c);
    return 0;
}
