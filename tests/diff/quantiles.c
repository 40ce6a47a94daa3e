/* quantiles.c — reads "b p a b", "t p df 0" or "g p a 0" lines and prints
 * rt_qbeta, rt_qt or rt_qgamma of each, for tests/diff/intervals.R to
 * compare with R's qbeta, qt and qgamma. */
#include <stdio.h>

#include "stats.h"

int main(void)
{
    char f[8];
    double p, a, b;
    while (scanf("%7s %lf %lf %lf", f, &p, &a, &b) == 4) {
        double q = f[0] == 'b'   ? rt_qbeta(p, a, b)
                   : f[0] == 't' ? rt_qt(p, a)
                                 : rt_qgamma(p, a);
        printf("%.17g\n", q);
    }
    return 0;
}
