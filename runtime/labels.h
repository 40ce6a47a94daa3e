/* labels.h — what --labels, --lang and --excel show beside the codes:
 * titles and unit labels in English, Serbian Latin or Serbian Cyrillic
 * (transliterated, never written by hand), and values rounded half away
 * from zero on their decimal form. */
#ifndef SICALC_LABELS_H
#define SICALC_LABELS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { RT_LANG_EN, RT_LANG_SR, RT_LANG_SR_CYRL } rt_lang;

/* Parses "en", "sr", "sr-Cyrl"; false when unknown. */
bool rt_lang_parse(const char *name, rt_lang *out);

/* The Serbian Latin text s in Cyrillic: one letter for lj, nj, dž (Lj→Љ,
 * NJ→Њ, dž→џ), đ→ђ and so on. A word holding a digit, '_' or a letter
 * outside the Serbian alphabet (q, w, x, y) is a code and stays as it is,
 * as is every other byte. Returns a heap string (free it). */
char *rt_translit_cyrl(const char *s);

/* The label of a unit as printed ("percent", "per 1000") in lang: "%",
 * "per 1,000", "na 1.000"; a unit the table does not know is its own
 * label. Returns a heap string (free it). */
char *rt_unit_label(const char *unit, rt_lang lang);

/* v rounded to places decimals, half away from zero on the shortest
 * decimal form that reads back as v (so 2.675 gives 2.68, as Python's
 * Decimal(repr(v)).quantize(..., ROUND_HALF_UP)), written with exactly
 * places decimals and decimal as the separator into buf (at least 400
 * bytes). -0 prints as 0. v must be finite. */
void rt_round_decimal(char *buf, size_t size, double v, int places,
                      char decimal);

#endif
