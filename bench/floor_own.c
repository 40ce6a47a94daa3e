/* floor_own.c — the own-splitter floor of `make bench`: sicalc's CSV reader
 * (runtime/csvin.c: plain lines split 16 bytes at a time, the rest through
 * libcsv) over the whole file on one thread, every column taken, with a
 * callback that only counts. A pass of sicalc reads the file this way, so
 * it pays at least this much.
 *
 *   bench/floor_own FILE.csv  prints "fields records" on stdout, the header
 *                             counted as one record (as `bench/floor -c`)
 */
#include "csvin.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct counts {
    size_t fields, records;
} counts;

/* Counting is the whole callback: the scan's work is what is timed. */
static int count_row(void *ctx, const rt_row *row)
{
    counts *n = ctx;
    n->fields += (size_t)row->nfields;
    n->records++;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor_own FILE.csv\n");
        return 2;
    }
    char *err = NULL;
    rt_csv *c = rt_csv_open(argv[1], NULL, &err);
    if (!c) {
        fprintf(stderr, "floor_own: %s\n", err);
        free(err);
        return 1;
    }
    counts n = {0, 0};
    if (rt_csv_scan(c, NULL, count_row, &n) != 0) {
        fprintf(stderr, "floor_own: %s\n", rt_csv_error(c));
        rt_csv_close(c);
        return 1;
    }
    /* the header, which the reader keeps apart from the records */
    printf("%zu %zu\n", n.fields + (size_t)rt_csv_ncols(c), n.records + 1);
    rt_csv_close(c);
    return 0;
}
