/* suggest.c — edit distance for "did you mean" hints. */
#include "suggest.h"

#include <string.h>

/* Names longer than this are not compared (no useful hint, and the row
 * buffer stays on the stack). */
#define SUGGEST_MAX 100

int suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SUGGEST_MAX || lb > SUGGEST_MAX)
        return SUGGEST_MAX;
    int row[SUGGEST_MAX + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *suggest_best(const char *name, const char *const *cands, int n)
{
    const char *best = NULL;
    int bestd = 3;
    int limit = (int)strlen(name) / 3 + 1;
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
