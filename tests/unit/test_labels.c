/* test_labels.c — Serbian Cyrillic transliteration, unit labels and
 * rounding half away from zero on the decimal value (the cases Python's
 * Decimal(repr(v)).quantize(q, ROUND_HALF_UP) gives). */
#include "labels.h"
#include "testhelp.h"

#include <stdlib.h>
#include <string.h>

static int cyrl_is(const char *lat, const char *want)
{
    char *got = rt_translit_cyrl(lat);
    int ok = strcmp(got, want) == 0;
    if (!ok)
        printf("  got \"%s\", want \"%s\"\n", got, want);
    free(got);
    return ok;
}

static int unit_is(const char *unit, rt_lang lang, const char *want)
{
    char *got = rt_unit_label(unit, lang);
    int ok = strcmp(got, want) == 0;
    if (!ok)
        printf("  got \"%s\", want \"%s\"\n", got, want);
    free(got);
    return ok;
}

static int round_is(double v, int places, char decimal, const char *want)
{
    char buf[400];
    rt_round_decimal(buf, sizeof buf, v, places, decimal);
    if (strcmp(buf, want) != 0) {
        printf("  %.17g to %d: got \"%s\", want \"%s\"\n", v, places, buf,
               want);
        return 0;
    }
    return 1;
}

static void test_translit(void)
{
    TEST_COND("lj, nj, dž, đ one letter each",
              cyrl_is("ljudi njiva džep đak", "људи њива џеп ђак"));
    TEST_COND("capital digraphs, both forms",
              cyrl_is("Ljubovija LJ Njegoš NJ Džep DŽ Đ",
                      "Љубовија Љ Његош Њ Џеп Џ Ђ"));
    TEST_COND("č, ć, š, ž", cyrl_is("Čačak Ćuprija Šabac Žagubica",
                                    "Чачак Ћуприја Шабац Жагубица"));
    TEST_COND("codes and numbers stay",
              cyrl_is("NEET_15 na 1.000 dece 0-17 SILC2022 x",
                      "NEET_15 на 1.000 деце 0-17 SILC2022 x"));
    TEST_COND("punctuation passes", cyrl_is("(a, b; c)", "(а, б; ц)"));
}

static void test_units(void)
{
    TEST_COND("percent en", unit_is("percent", RT_LANG_EN, "%"));
    TEST_COND("percent sr", unit_is("percent", RT_LANG_SR, "procenat"));
    TEST_COND("per 1000 en", unit_is("per 1000", RT_LANG_EN, "per 1,000"));
    TEST_COND("per 1000 sr-Cyrl",
              unit_is("per 1000", RT_LANG_SR_CYRL, "на 1.000"));
    TEST_COND("unknown unit is its own label",
              unit_is("litres", RT_LANG_SR, "litres"));
}

static void test_rounding(void)
{
    TEST_COND("2.675 to 2.68 (the decimal value, not the double)",
              round_is(2.675, 2, '.', "2.68"));
    TEST_COND("-1.005 to -1.01", round_is(-1.005, 2, '.', "-1.01"));
    TEST_COND("0.5 to 1", round_is(0.5, 0, '.', "1"));
    TEST_COND("-2.5 to -3", round_is(-2.5, 0, '.', "-3"));
    TEST_COND("999.995 to 1000.00", round_is(999.995, 2, '.', "1000.00"));
    TEST_COND("0.005 to 0.01", round_is(0.005, 2, '.', "0.01"));
    TEST_COND("0.004 to 0.00", round_is(0.004, 2, '.', "0.00"));
    TEST_COND("-0.004 to 0.00, never -0.00", round_is(-0.004, 2, '.', "0.00"));
    TEST_COND("0.00456 to 0.005", round_is(0.00456, 3, '.', "0.005"));
    TEST_COND("12.5 to 12.50, comma", round_is(12.5, 2, ',', "12,50"));
    TEST_COND("0 to 0.0", round_is(0.0, 1, '.', "0.0"));
    TEST_COND("1e20 to 100000000000000000000.0",
              round_is(1e20, 1, '.', "100000000000000000000.0"));
    TEST_COND("1e-300 to 0.00", round_is(1e-300, 2, '.', "0.00"));
    TEST_COND("3.9447731755424065 to 3.94",
              round_is(3.9447731755424065, 2, '.', "3.94"));
}

int main(void)
{
    test_translit();
    test_units();
    test_rounding();
    return TEST_REPORT();
}
