/* suggest.h — "did you mean" by edit distance. */
#ifndef SICALC_SUGGEST_H
#define SICALC_SUGGEST_H

#include <stdio.h>

/* Levenshtein distance of a and b (bytes), capped at 100. */
int suggest_distance(const char *a, const char *b);
/* The candidate closest to name when it is close enough to be a likely
 * typo (distance <= 2, at most a third of the length plus one, and under
 * half of it: 'x' and 'n' are not a typo of each other), else NULL. */
const char *suggest_best(const char *name, const char *const *cands, int n);
/* Writes "; did you mean 'X'?" to f when suggest_best finds an X: the tail
 * of a command line's error message. */
void suggest_hint(FILE *f, const char *name, const char *const *cands, int n);

#endif
