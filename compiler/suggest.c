/* suggest.c — edit distance for "did you mean" hints. */
#include "suggest.h"

#include <string.h>

/* Names longer than this are not compared (no useful hint, and the row
 * buffer stays on the stack). */
#define SUGGEST_MAX 100

/* Optimal string alignment distance: insertions, deletions,
 * substitutions and swaps of neighbours ("medain" is one step from
 * "median"). */
int suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SUGGEST_MAX || lb > SUGGEST_MAX)
        return SUGGEST_MAX;
    int d[3][SUGGEST_MAX + 1]; /* rows i-2, i-1, i (mod 3) */
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int *cur = d[i % 3], *up = d[(i - 1) % 3], *up2 = d[(i + 1) % 3];
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int best = up[j - 1] + (a[i - 1] != b[j - 1]);
            if (up[j] + 1 < best)
                best = up[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && up2[j - 2] + 1 < best)
                best = up2[j - 2] + 1;
            cur[j] = best;
        }
    }
    return d[la % 3][lb];
}

const char *suggest_best(const char *name, const char *const *cands, int n)
{
    const char *best = NULL;
    int bestd = 3;
    /* One edit turns a one- or two-letter name into any other ('x' and
     * 'n'): an edit counts only when it leaves more than half the name. */
    int len = (int)strlen(name);
    int limit = len / 3 + 1;
    if (limit > (len - 1) / 2)
        limit = (len - 1) / 2;
    for (int i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], name) == 0)
            continue;
        int d = suggest_distance(name, cands[i]);
        if (d < bestd && d <= limit) {
            bestd = d;
            best = cands[i];
        }
    }
    return best;
}

void suggest_hint(FILE *f, const char *name, const char *const *cands, int n)
{
    const char *best = suggest_best(name, cands, n);
    if (best)
        fprintf(f, "; did you mean '%s'?", best);
}
