/* test_stats.c — intervals and quantiles against R's values (computed
 * with R 4.2: prop.test(..., correct = FALSE), poisson.test, qnorm,
 * qgamma; printed with 17 digits). */
#include <math.h>

#include "stats.h"
#include "testhelp.h"

static int close_to(double got, double want, double rel)
{
    if (want == 0)
        return fabs(got) < 1e-300;
    return fabs(got - want) <= rel * fabs(want);
}

int main(void)
{
    double lo, hi;
    TEST_COND("qnorm(0.975)",
              close_to(rt_qnorm(0.975), 1.9599639845400536, 1e-13));
    TEST_COND("qnorm(1e-10)",
              close_to(rt_qnorm(1e-10), -6.3613409024040557, 1e-12));
    TEST_COND("qnorm(0.5) is 0", fabs(rt_qnorm(0.5)) < 1e-15);
    TEST_COND("qgamma(0.025, 3.5)",
              close_to(rt_qgamma(0.025, 3.5), 0.84493459033867724, 1e-12));
    rt_wilson(30, 100, 0.95, &lo, &hi);
    TEST_COND("wilson 30/100 low", close_to(lo, 0.21894885294932756, 1e-12));
    TEST_COND("wilson 30/100 high", close_to(hi, 0.39584854633346661, 1e-12));
    rt_wilson(1, 7, 0.90, &lo, &hi);
    TEST_COND("wilson 1/7 at 90% low",
              close_to(lo, 0.032543802054786686, 1e-12));
    TEST_COND("wilson 1/7 at 90% high",
              close_to(hi, 0.452286694697029035, 1e-12));
    rt_wilson(0, 20, 0.95, &lo, &hi);
    TEST_COND("wilson 0/20 low is 0", lo == 0);
    TEST_COND("wilson 0/20 high", close_to(hi, 0.1611251580528193, 1e-12));
    rt_poisson_exact(7, 0.95, &lo, &hi);
    TEST_COND("poisson 7 low", close_to(lo, 2.8143630515198672, 1e-12));
    TEST_COND("poisson 7 high", close_to(hi, 14.4226753617023782, 1e-12));
    rt_poisson_exact(0, 0.95, &lo, &hi);
    TEST_COND("poisson 0 low is 0", lo == 0);
    TEST_COND("poisson 0 high", close_to(hi, 3.6888794541139354, 1e-12));
    rt_poisson_exact(1234, 0.99, &lo, &hi);
    TEST_COND("poisson 1234 at 99% low",
              close_to(lo, 1145.3942797460384, 1e-12));
    TEST_COND("poisson 1234 at 99% high",
              close_to(hi, 1327.3986488746732, 1e-12));
    return TEST_REPORT();
}
