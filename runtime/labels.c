/* labels.c — titles and units in a language (Serbian Cyrillic by
 * transliteration), and decimal rounding for the readable outputs. */
#include "labels.h"

#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rt_lang_parse(const char *name, rt_lang *out)
{
    if (strcmp(name, "en") == 0)
        *out = RT_LANG_EN;
    else if (strcmp(name, "sr") == 0 || strcmp(name, "sr-Latn") == 0)
        *out = RT_LANG_SR;
    else if (strcmp(name, "sr-Cyrl") == 0)
        *out = RT_LANG_SR_CYRL;
    else
        return false;
    return true;
}

/* ---- transliteration ---------------------------------------------------- */

/* Latin letter (one or two, in UTF-8) to Cyrillic, digraphs first so that
 * "lj" is one letter. Upper case digraphs come in both forms (Lj, LJ). */
static const struct {
    const char *lat, *cyr;
} letters[] = {
    {"Lj", "Љ"}, {"LJ", "Љ"}, {"lj", "љ"}, {"Nj", "Њ"}, {"NJ", "Њ"},
    {"nj", "њ"}, {"Dž", "Џ"}, {"DŽ", "Џ"}, {"dž", "џ"}, {"A", "А"},
    {"a", "а"},  {"B", "Б"},  {"b", "б"},  {"C", "Ц"},  {"c", "ц"},
    {"Č", "Ч"},  {"č", "ч"},  {"Ć", "Ћ"},  {"ć", "ћ"},  {"D", "Д"},
    {"d", "д"},  {"Đ", "Ђ"},  {"đ", "ђ"},  {"E", "Е"},  {"e", "е"},
    {"F", "Ф"},  {"f", "ф"},  {"G", "Г"},  {"g", "г"},  {"H", "Х"},
    {"h", "х"},  {"I", "И"},  {"i", "и"},  {"J", "Ј"},  {"j", "ј"},
    {"K", "К"},  {"k", "к"},  {"L", "Л"},  {"l", "л"},  {"M", "М"},
    {"m", "м"},  {"N", "Н"},  {"n", "н"},  {"O", "О"},  {"o", "о"},
    {"P", "П"},  {"p", "п"},  {"R", "Р"},  {"r", "р"},  {"S", "С"},
    {"s", "с"},  {"Š", "Ш"},  {"š", "ш"},  {"T", "Т"},  {"t", "т"},
    {"U", "У"},  {"u", "у"},  {"V", "В"},  {"v", "в"},  {"Z", "З"},
    {"z", "з"},  {"Ž", "Ж"},  {"ž", "ж"},
};

#define NLETTERS (sizeof letters / sizeof letters[0])

static bool word_byte(unsigned char ch)
{
    return ch >= 0x80 || ch == '_' || (ch >= '0' && ch <= '9') ||
           ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

/* A code: a digit, '_' or q, w, x, y in the word. */
static bool is_code(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)w[i];
        if ((ch >= '0' && ch <= '9') || ch == '_' || strchr("qwxyQWXY", ch))
            return true;
    }
    return false;
}

/* The letter at p (of at most n bytes), or -1. */
static int letter_at(const char *p, size_t n)
{
    for (size_t k = 0; k < NLETTERS; k++) {
        size_t len = strlen(letters[k].lat);
        if (len <= n && memcmp(p, letters[k].lat, len) == 0)
            return (int)k;
    }
    return -1;
}

char *rt_translit_cyrl(const char *s)
{
    size_t cap = strlen(s) * 2 + 1, len = 0; /* a letter at most doubles */
    char *out = rt_xmalloc(cap);
    while (*s) {
        size_t n = 0;
        while (s[n] && word_byte((unsigned char)s[n]))
            n++;
        if (n == 0) {
            out[len++] = *s++;
            continue;
        }
        if (is_code(s, n)) {
            memcpy(out + len, s, n);
            len += n;
            s += n;
            continue;
        }
        for (const char *end = s + n; s < end;) {
            int k = letter_at(s, (size_t)(end - s));
            if (k < 0) {
                out[len++] = *s++;
                continue;
            }
            size_t cl = strlen(letters[k].cyr);
            memcpy(out + len, letters[k].cyr, cl);
            len += cl;
            s += strlen(letters[k].lat);
        }
    }
    out[len] = '\0';
    return out;
}

/* ---- units -------------------------------------------------------------- */

static const struct {
    const char *unit, *en, *sr;
} units[] = {
    {"percent", "%", "procenat"},
    {"per 100", "per 100", "na 100"},
    {"per 1000", "per 1,000", "na 1.000"},
    {"per 10000", "per 10,000", "na 10.000"},
    {"per 100000", "per 100,000", "na 100.000"},
    {"ratio", "ratio", "odnos"},
    {"count", "count", "broj"},
    {"persons", "persons", "lica"},
    {"years", "years", "godina"},
    {"score", "score", "skor"},
    {"RSD", "RSD", "dinara"},
};

char *rt_unit_label(const char *unit, rt_lang lang)
{
    const char *label = unit ? unit : "";
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (unit && strcmp(unit, units[i].unit) == 0)
            label = lang == RT_LANG_EN ? units[i].en : units[i].sr;
    return lang == RT_LANG_SR_CYRL ? rt_translit_cyrl(label)
                                   : rt_xstrdup(label);
}

/* ---- rounding ----------------------------------------------------------- */

/* The shortest decimal digits of |v| that read back as v: digits (no
 * point) and the exponent of the first, as in d.ddd × 10^exp. */
static int shortest_digits(double v, char *digits, int *exp)
{
    char buf[64];
    for (int p = 0; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    int n = 0;
    char *e = strchr(buf, 'e');
    for (char *q = buf; q < e; q++)
        if (*q >= '0' && *q <= '9')
            digits[n++] = *q;
    *exp = atoi(e + 1);
    return n;
}

void rt_round_decimal(char *buf, size_t size, double v, int places,
                      char decimal)
{
    bool neg = v < 0;
    double a = neg ? -v : v;
    /* digit i of the number has weight 10^(exp - i); keep those with
     * weight >= 10^-places, in a fixed array with room in front for a
     * carry. */
    char d[24];
    int exp = 0, nd = a == 0 ? 0 : shortest_digits(a, d, &exp);
    int keep = exp + places + 1; /* digits kept */
    char kept[400];
    int k = 0; /* kept[0] is the carry digit (weight 10^(exp+1)) */
    kept[k++] = '0';
    for (int i = 0; i < keep && i < 360; i++)
        kept[k++] = i < nd ? d[i] : '0';
    if (keep >= 0 && keep < nd && d[keep] >= '5') {
        int i = k - 1;
        while (kept[i] == '9')
            kept[i--] = '0';
        kept[i]++;
    } else if (keep < 0 || (keep == 0 && nd && d[0] >= '5')) {
        /* all digits are below the last place: 0, or 1 unit of it */
        k = 1;
        kept[0] = keep == 0 && nd && d[0] >= '5' ? '1' : '0';
        exp = -places - 1;
    }
    /* kept[0..k) has weights 10^(exp+1) down to 10^-places. */
    int intdigits = exp + 2; /* of kept, before the point */
    char out[420];
    int o = 0;
    bool nonzero = false;
    for (int i = 0; i < k; i++)
        nonzero = nonzero || kept[i] != '0';
    if (neg && nonzero)
        out[o++] = '-';
    if (intdigits <= 0) {
        out[o++] = '0';
    } else {
        int i = 0;
        while (i < intdigits - 1 && kept[i] == '0')
            i++;
        for (; i < intdigits; i++)
            out[o++] = i < k ? kept[i] : '0';
    }
    if (places > 0) {
        out[o++] = decimal;
        for (int p = 0; p < places; p++) {
            int i = intdigits + p;
            out[o++] = i >= 0 && i < k ? kept[i] : '0';
        }
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}
