/* floor.c — the floor of `make bench`: libcsv parsing a CSV file with empty
 * callbacks, read in 1 MiB blocks with the parser options sicalc's reader
 * uses (CSV_STRICT | CSV_STRICT_FINI). Any engine built on libcsv pays at
 * least this much.
 *
 *   bench/floor FILE.csv      prints "fields records" on stdout
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

#define BLOCK_SIZE (1u << 20)

static size_t nfields, nrecords;

static void on_field(void *s, size_t len, void *data)
{
    (void)s, (void)len, (void)data;
}

static void on_record(int c, void *data)
{
    (void)c, (void)data;
}

/* counting callbacks, only with -c (the default is truly empty) */
static void count_field(void *s, size_t len, void *data)
{
    (void)s, (void)len, (void)data;
    nfields++;
}

static void count_record(int c, void *data)
{
    (void)c, (void)data;
    nrecords++;
}

int main(int argc, char **argv)
{
    int count = argc == 3 && argv[1][0] == '-' && argv[1][1] == 'c';
    if (argc != 2 + count) {
        fprintf(stderr, "usage: floor [-c] FILE.csv\n");
        return 2;
    }
    const char *path = argv[1 + count];
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    static char block[BLOCK_SIZE];
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return 1;
    void (*fcb)(void *, size_t, void *) = count ? count_field : on_field;
    void (*rcb)(int, void *) = count ? count_record : on_record;
    size_t n;
    while ((n = fread(block, 1, sizeof block, f)) > 0) {
        if (csv_parse(&p, block, n, fcb, rcb, NULL) != n) {
            fprintf(stderr, "floor: %s: %s\n", path,
                    csv_strerror(csv_error(&p)));
            return 1;
        }
    }
    if (ferror(f) || csv_fini(&p, fcb, rcb, NULL) != 0) {
        fprintf(stderr, "floor: %s: read or parse error\n", path);
        return 1;
    }
    csv_free(&p);
    fclose(f);
    if (count)
        printf("%zu %zu\n", nfields, nrecords);
    return 0;
}
