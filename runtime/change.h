/* change.h — time in the result table: the change of each value from the
 * previous period and from a base period (--change, --base), and the wide
 * layout, periods as columns (--wide).
 * Ownership: new rows, names and numbers live in arena a; the rows'
 * strings are shared with the table given. */
#ifndef SICALC_CHANGE_H
#define SICALC_CHANGE_H

#include "arena.h"
#include "output.h"

/* Adds the extra columns change and change_pct (from the indicator's
 * previous period) and, with base, change_base and change_base_pct, to
 * every row of res, whose dim_names[0] is the period. change_pct is
 * 100 * change / |previous|, empty when the previous value is 0. A row
 * whose indicator has the period to compare with but where the group has
 * no value on either side (missing, suppressed, no row) gets no change
 * and the flag no_change. Returns 0, or -1 when no row has period base. */
int rt_change(rt_result *res, const char *base, rt_arena *a);

/* Turns res (dim_names[0] the period) into one row per indicator and
 * group: the columns indicator, the other dimensions, unit, one column
 * per period (its value), then, when res had change columns, those of
 * the group's latest period. */
void rt_wide(rt_result *res, rt_arena *a);

#endif
