/* disclosure.h — statistical disclosure control of the result rows:
 * hiding a cell, and complementary suppression so that a hidden cell
 * cannot be recovered from its breakdown's other cells and total. */
#ifndef SICALC_DISCLOSURE_H
#define SICALC_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "output.h"

/* Empties a row's numbers (numerator, denominator, value, interval) and
 * status; the caller adds the flag. */
void rt_hide_row(rt_outrow *r);

/* Rows of one indicator: wherever a line of cells (the groups of one
 * dimension, the other dimensions and the period fixed) adds up to a
 * published marginal and holds exactly one suppressed cell, hides the
 * smallest other cell of the line too (by denominator, else n), or the
 * marginal when the line has no other cell; repeats until no line gives a
 * cell away. Hidden cells get the flags "suppressed;complementary". Flags
 * strings are reallocated in a. */
void rt_complementary(rt_outrow *rows, size_t n, int ndims, bool has_period,
                      rt_arena *a);

#endif
