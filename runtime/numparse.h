/* numparse.h — reading numbers from data fields, exactly (correctly
 * rounded, like strtod in the C locale) and fast. */
#ifndef SICALC_NUMPARSE_H
#define SICALC_NUMPARSE_H

#include <float.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Parses s[0..len) as a decimal number with the given decimal separator
 * ('.' or ','); leading and trailing spaces are allowed, nothing else.
 * Accepts an optional sign, digits, fraction, exponent. Rejects inf/nan,
 * hex, and values out of double range. Returns true on success. */
bool rt_parse_number(const char *s, size_t len, char decimal, double *out);
/* The exact powers of ten a word's fraction divides by. */
static const double rt_pow10_word[8] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};

#define RT_ONES 0x0101010101010101ull
#define RT_ZEROS (0x30 * RT_ONES) /* '0' in every byte */

/* The bytes of x that are zero, as their high bits (exact: no borrow
 * from one byte into the next). */
static inline uint64_t rt_zero_bytes(uint64_t x)
{
    return ~(((x & 0x7F * RT_ONES) + 0x7F * RT_ONES) | x) & 0x80 * RT_ONES;
}

/* Whether every byte of w is an ASCII digit. */
static inline bool rt_all_digits(uint64_t w)
{
    return (w & 0xF0 * RT_ONES) == RT_ZEROS &&
           ((w + 0x06 * RT_ONES) & 0xF0 * RT_ONES) == RT_ZEROS;
}

/* Eight digit bytes, the first most significant, as their value
 * (three multiplies: pairs, then fours, then the eight). */
static inline uint64_t rt_word_value(uint64_t w)
{
    uint64_t v = w - RT_ZEROS;
    v = v * 10 + (v >> 8);
    v = ((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32)) +
         ((v >> 16 & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
        32;
    return v;
}

/* rt_parse_number's plain decimals of 1..8 bytes at once: the field is
 * loaded as a word (little-endian: its first byte lowest), moved to the
 * top so leading
 * '0' bytes fill the bottom, its one separator (if any) taken out by
 * shifting the digits before it up a byte. Accepts exactly what
 * its plain path accepts, with the same result; false means "ask it". */
static inline __attribute__((always_inline)) bool
rt_word_decimal(const char *s, size_t len, char decimal, double *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&    \
    FLT_EVAL_METHOD == 0
    if (len == 0 || len > 8)
        return false;
    uint64_t w;
    memcpy(&w, s, sizeof w);
    unsigned pad = 8 * (8 - (unsigned)len);
    if (pad)
        w = w << pad | RT_ZEROS >> (64 - pad);
    uint64_t sep = rt_zero_bytes(w ^ ((unsigned char)decimal * RT_ONES));
    int frac = 0;
    if (sep) {
        if ((sep & (sep - 1)) || len == 1) /* two separators, or no digit */
            return false;
        int at = __builtin_ctzll(sep) / 8; /* byte of the separator */
        frac = 7 - at;
        uint64_t below = at ? w & (~0ull >> (64 - 8 * at)) : 0;
        uint64_t above = at == 7 ? 0 : w & (~0ull << (8 * (at + 1)));
        w = above | below << 8 | '0';
    }
    if (!rt_all_digits(w))
        return false;
    uint64_t v = rt_word_value(w);
    *out = frac ? (double)v / rt_pow10_word[frac] : (double)v;
    return true;
#else
    (void)s, (void)len, (void)decimal, (void)out;
    return false;
#endif
}

/* rt_parse_number for a data field, which has RT_FIELD_SLACK readable
 * bytes past its end (csvin.h): a field of up to 8 bytes is read as one
 * machine word. Inline: the record loop reads a few numbers a record. */
static inline __attribute__((always_inline)) bool
rt_parse_field_number(const char *s, size_t len, char decimal, double *out)
{
    return rt_word_decimal(s, len, decimal, out) ||
           rt_parse_number(s, len, decimal, out);
}

/* Whether s[0..len) has the syntax of a number (rt_parse_number may
 * still refuse it as out of range: 1e999, 1e-400). */
bool rt_number_syntax(const char *s, size_t len, char decimal);
/* Orders dimension values (periods, groups, units) as output lists them:
 * numbers numerically, other text bytewise, missing (NULL, an unknown)
 * last. */
int rt_dim_compare(const char *a, const char *b);

#endif
