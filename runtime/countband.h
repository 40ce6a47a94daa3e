/* countband.h — weighted counts whose wheres differ by an interval of one
 * column, fed as one packed counter per record instead of one per where.
 *
 * The bench's 60 indicators count `unemployed and age in 15..24`,
 * `unemployed and age in 25..34`, ... `employed and age in 20..64`: a
 * record passes a dozen such wheres and updated a dozen counters. Split
 * each where into its tests of the band column (age, an int column with a
 * small declared range) and the rest (`unemployed`): the wheres with the
 * same rest cut the band column's values into classes (the values that
 * pass the same of their intervals), and a group keeps one counter per
 * (rest, class). A record adds its weight once for each rest it passes,
 * to the counter of its value's class; after the scan, a where's count is
 * the sum of the counters of the classes inside its intervals. Sums of
 * packed counters are exact, so every count is the same double.
 *
 * A record whose band value is not a whole number in the declared range
 * (missing, say) takes the wheres one by one, as without bands. */
#ifndef SICALC_COUNTBAND_H
#define SICALC_COUNTBAND_H

#include <stdint.h>

#include "filter.h"
#include "program.h"

typedef struct rt_countband {
    int slot;  /* the band column (a number slot) */
    double lo; /* its table: the whole numbers lo .. lo + n - 1 */
    long n;
    int nrest;
    int *rest;         /* [nrest]: the rest's where id, -1: every record */
    int every;         /* the rest of index every is every record; -1 */
    int *rest_of;      /* [where id]: its rest index, -1 (not a rest) */
    uint64_t *is_rest; /* [words]: the where ids that are rests */
    int words;         /* (up to the last rest's) */
    uint16_t *counter; /* [rest * n + entry]: the counter a record of
                          that rest and band value adds to */
    int ncounters;     /* the last one is a bin: values inside no
                          interval of their rest's wheres */
    int nwheres;       /* the banded wheres, in the caller's order */
    int *wfirst;       /* [nwheres + 1]: where i's counters are */
    int *wcounters;    /* wcounters[wfirst[i] .. wfirst[i + 1]) */
    int *cfirst;       /* [ncounters + 1]: counter c adds into the */
    int *cwheres;      /* wheres cwheres[cfirst[c] .. cfirst[c + 1]) */
} rt_countband;

/* Bands the wheres fids[0 .. n) (-1: none) of set s by one of the
 * columns cols[0 .. ncols), before rt_filterset_finish: adds their rests
 * to s. NULL when no column gives fewer rests than wheres. */
rt_countband *rt_countband_plan(rt_filterset *s, const rt_column *cols,
                                int ncols, const int *fids, int n);
/* After the set's wheres are renumbered (where f is now newid[f], of
 * nf). */
void rt_countband_renumber(rt_countband *b, const int *newid, int nf);
void rt_countband_free(rt_countband *b);

#endif
