/* report_int.h — what the files of `sicalc report` share: the profile's
 * model (the focus unit, its benchmarks and peers, one cell per
 * indicator × period × unit), built once from the run's result rows and
 * the catalogue, then written as HTML (report_html.c, report_svg.c) or
 * Markdown (report_md.c). Internal to cmd/report*.c. */
#ifndef SICALC_REPORT_INT_H
#define SICALC_REPORT_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "../runtime/arena.h"
#include "../runtime/labels.h"
#include "../runtime/output.h"
#include "../runtime/program.h"
#include "ast.h"
#include "focus.h"
#include "geo.h"
#include "runner.h"

typedef enum { REP_HTML, REP_MD } rep_format;

/* A unit's role in the profile. The parents (district, region) and the
 * country are the benchmarks; the peers are the other units of the
 * focus's level. */
typedef enum { ROLE_FOCUS, ROLE_PARENT, ROLE_COUNTRY, ROLE_PEER } rep_role;

typedef struct rep_unit {
    const char *name;  /* the dimension value; the country: NULL */
    int dim;           /* its dimension among dim_names; -1: country */
    const char *level; /* "municipality", "district", ...; "total" */
    rep_role role;
} rep_unit;

/* One indicator's figure for one unit in one period. has is false both
 * for missing (no row, no value) and for suppressed: a suppressed cell's
 * numbers are never copied here, only the fact (suppressed). */
typedef struct rep_cell {
    bool row; /* the run has a row for it */
    bool has, has_ci, has_num, has_den, suppressed;
    double v, lo, hi, num, den;
    unsigned long long n;
    const char *status;            /* threshold band or "" */
    const char *flags;             /* ";"-separated or "" */
    unsigned rank;                 /* among the focus's level; 0: none */
    unsigned ranked;               /* how many units were ranked */
    bool partial;                  /* some units below have no data (focus.c) */
    unsigned n_members, n_present; /* of the lowest level, when partial */
    bool has_se;                   /* survey design: se and cv */
    double se, cv;                 /* cv a fraction */
} rep_cell;

/* A published reference value (--reference FILE, cmd/reference.h). */
typedef struct rep_ref {
    int period; /* index into periods; -1: a period not shown */
    const char *period_text;
    int unit;         /* the report's unit it stands beside; -1: none */
    const char *name; /* its area as shown */
    double v;
    const char *source; /* in words, as the file gives it */
} rep_ref;

typedef struct rep_ind {
    const ast_decl *decl;
    const char *id, *title, *definition, *source, *domain, *unit;
    bool definition_en, source_en; /* English fallbacks in sr (not
                                      transliterated) */
    int decimals;                  /* -1: the readable default */
    int better;                    /* 1 higher, -1 lower, 0 not declared */
    bool has_ci;
    rt_ci ci;               /* the interval's method; RT_CI_NONE */
    double ci_level;        /* 0.95 */
    bool se;                /* design-based standard errors (se, cv) */
    const rt_standard *std; /* standardised: direct or indirect; NULL */
    const char *target;     /* "15 by 2030" as written, or NULL */
    rep_ref *refs;          /* the reference values, by source then period */
    int nrefs;
    const char *area; /* an index's area score: the area's name; NULL */
    bool is_index;    /* a composite index's score or area score */
    rep_cell *cells;  /* [period * nunits + unit] */
    int last;         /* last period with a row for the focus; -1 */
    int kmin, kmax;   /* the first and last period with any row */
} rep_ind;

typedef struct report {
    rep_format fmt;
    rt_lang lang;
    bool peers; /* --peers: peer bars in the per-indicator charts */
    const char *focus;
    const ast_program *prog;
    const rt_result *res;
    rep_unit *units; /* focus, parents (nearest first), country, peers */
    int nunits;
    const char **periods;
    int nperiods;
    rep_ind *inds; /* catalogue order, grouped by domain; then each
                      composite index, its areas after it */
    int ninds;
    int nplain;           /* the indicators among inds (the rest: indices) */
    const char **domains; /* in order of first appearance; NULL: none */
    int ndomains;
    const char *const *data_paths;
    int ndata;
    const char *const *sources;
    int nsources;
    const char *revision; /* git describe of the catalogue, or NULL */
    bool progress;        /* stderr is a terminal */
    bool has_period;      /* dim_names[0] is the period */
    rt_arena *arena;      /* the model's strings and arrays */
    const geo_model *geo; /* the catalogue's hierarchy and codelist */
    bool one_top;         /* report_one_top: no separate total */
    bool any_partial;     /* a cell shown has partial coverage: † legend */
} report;

/* ---- report_focus.c: which units the profile compares ---- */

/* Fills r->units from r->res (after focus_apply): the focus (a unit of
 * the catalogue's hierarchy), its parents from the codelist, the total
 * of the data (unless it is the one top unit) and the peers. Returns 0
 * or EXIT_USAGE after printing the error. */
int report_focus(report *r, const geo_model *g);
/* Whether the run's rows (before focus_apply keeps the focus's) have one
 * unit of the top level only (one region): then the total of the data is
 * that unit, and the profile shows it once. */
bool report_one_top(const rt_result *res, const geo_model *g);

/* ---- report_model.c ---- */

/* Fills periods, inds, domains and the cells from r->res and r->prog
 * (r->units set). Returns 0, or EXIT_USAGE when nothing is left. */
int report_model(report *r, const rt_program *p);
const rep_cell *rep_cell_at(const report *r, const rep_ind *ind, int period,
                            int unit);
/* The benchmark of the focus: the nearest parent (else the country) with
 * a value in that period; -1: none. */
int rep_benchmark(const report *r, const rep_ind *ind, int period);
/* Smallest and largest value of the focus's level in a period (no
 * suppressed cell, no missing one); false when none has a value. */
/* A unit's coverage as of the last period any indicator has a row for
 * it: that row's cell (partial, n_members, n_present), *period its
 * period; NULL when none says (the coverage is not known). */
const rep_cell *rep_coverage(const report *r, int unit, int *period);
/* The units a chart shows (peers only with --peers) into units (room for
 * nunits), ranked: values first, best first (largest first without a
 * direction), then the missing ones in unit order. Returns how many. */
int rep_ranked_units(const report *r, const rep_ind *ind, int k, int *units);
bool rep_peer_range(const report *r, const rep_ind *ind, int period, double *lo,
                    double *hi);

/* ---- report_text.c: words, numbers, names ---- */

#define REP_TEXTS(X)                                                            \
    X(R_PROFILE, "Municipal profile", "Profil opštine")                         \
    X(R_LEVEL_OF, "Level", "Nivo")                                              \
    X(R_PERIOD, "Period", "Period")                                             \
    X(R_DATA, "Data files", "Datoteke sa podacima")                             \
    X(R_CATALOGUE, "Catalogue", "Katalog")                                      \
    X(R_REVISION, "revision", "revizija")                                       \
    X(R_GENERATED, "Generated by sicalc", "Generisano alatom sicalc")           \
    X(R_OVERVIEW, "Overview", "Pregled")                                        \
    X(R_INDICATOR, "Indicator", "Indikator")                                    \
    X(R_VALUE, "Value", "Vrednost")                                             \
    X(R_BENCHMARK, "Benchmark", "Poređenje")                                    \
    X(R_RANGE, "Range of the units", "Raspon jedinica")                         \
    X(R_RANK, "Rank", "Rang")                                                   \
    X(R_OF, "of", "od")                                                         \
    X(R_STATUS, "Status", "Status")                                             \
    X(R_MIN, "lowest", "najniža")                                               \
    X(R_MAX, "highest", "najviša")                                              \
    X(R_WORST, "worst / lowest", "najlošija / najniža")                         \
    X(R_BEST, "best / highest", "najbolja / najviša")                           \
    X(R_NUMERATOR, "Numerator", "Brojilac")                                     \
    X(R_DENOMINATOR, "Denominator", "Imenilac")                                 \
    X(R_COMPARE, "Comparison of the units", "Poređenje jedinica")               \
    X(R_TREND, "Trend", "Kretanje")                                             \
    X(R_METHODS, "Methods", "Metodologija")                                     \
    X(R_NO_VALUE, "no value", "nema vrednosti")                                 \
    X(R_SUPPRESSED, "suppressed (too few cases to publish)",                    \
      "ne objavljuje se (premalo slučajeva)")                                   \
    X(R_LOW_COUNT, "low count: read with care",                                 \
      "mali broj slučajeva: tumačiti oprezno")                                  \
    X(R_PARTIAL, "partial coverage: not every unit below is in the data",       \
      "delimičan obuhvat: nisu sve niže jedinice u podacima")                   \
    X(R_SUPPRESSED_SHORT, "suppressed", "ne objavljuje se")                     \
    X(R_LOW_COUNT_SHORT, "low count", "mali broj slučajeva")                    \
    X(R_NO_DATA, "no data", "nema podataka")                                    \
    X(R_ZERO_DEN, "denominator zero", "imenilac je nula")                       \
    X(R_REWEIGHTED, "some members missing, weights rescaled",                   \
      "neki pokazatelji nedostaju, ponderi preračunati")                        \
    X(R_SKIPPED, "rows with missing values skipped",                            \
      "redovi bez vrednosti izostavljeni")                                      \
    X(R_INVALID, "invalid values skipped",                                      \
      "neispravne vrednosti izostavljene")                                      \
    X(R_COMPLEMENTARY, "suppressed so that another cell cannot be derived",     \
      "ne objavljuje se da se druga ćelija ne bi izvela")                       \
    X(R_TARGET, "Target", "Cilj")                                               \
    X(R_REFERENCES, "Reference values", "Referentne vrednosti")                 \
    X(R_INDEX_SCORE, "Index", "Indeks")                                         \
    X(R_ABOVE_ONLY, "no value for the unit itself; the data give it for",       \
      "nema vrednosti za samu jedinicu; podaci je daju za")                     \
    X(R_AREA, "Area", "Oblast")                                                 \
    X(R_UNIT, "Unit", "Jedinica")                                               \
    X(R_INDEX_NOTE,                                                             \
      "Scores 1-100 among the units of the period (higher is better); the "     \
      "bars: every unit's index.",                                              \
      "Skorovi 1-100 među jedinicama perioda (veće je bolje); trake: indeks " \
      "svake jedinice.")                                                        \
    X(R_COMPUTED, "computed here", "izračunato ovde")                           \
    X(R_CATALOGUE_SRC, "the catalogue", "katalog")                              \
    X(R_MISSING_DEN, "no denominator in the data", "imenilac nije u podacima")  \
    X(R_REFERENCE_FLAG, "published reference value",                            \
      "objavljena referentna vrednost")                                         \
    X(R_PARTIAL_SHORT, "partial coverage", "delimičan obuhvat")                 \
    X(R_IN_DATA, "in the data", "u podacima")                                   \
    X(R_DAGGER,                                                                 \
      "† partial coverage: not every municipality of the unit is in the data",  \
      "† delimičan obuhvat: nisu sve opštine jedinice u podacima")              \
    X(R_SE, "standard error", "standardna greška")                              \
    X(R_CV, "coefficient of variation", "koeficijent varijacije")               \
    X(R_INTERVAL, "Interval", "Interval")                                       \
    X(R_STANDARDISED, "Standardisation", "Standardizacija")                     \
    X(R_SE_METHOD,                                                              \
      "design-based standard error (linearisation) and coefficient of "         \
      "variation",                                                              \
      "standardna greška po planu uzorka (linearizacija) i koeficijent "       \
      "varijacije")                                                             \
    X(R_SOURCE, "source", "izvor")                                              \
    X(R_CI, "95% confidence interval", "interval poverenja 95%")                \
    X(R_CI_OF, "confidence interval", "interval poverenja")                     \
    X(R_HIGHER, "higher is better", "veća vrednost je bolja")                   \
    X(R_LOWER, "lower is better", "manja vrednost je bolja")                    \
    X(R_NO_POLARITY, "no better direction declared: not ranked",                \
      "smer nije određen: bez rangiranja")                                      \
    X(R_GOOD, "good", "dobro")                                                  \
    X(R_WARNING, "warning", "upozorenje")                                       \
    X(R_BAD, "bad", "loše")                                                     \
    X(R_NO_BAND, "no thresholds", "bez pragova")                                \
    X(R_LEGEND, "Legend", "Legenda")                                            \
    X(R_LEGEND_SPINE,                                                           \
      "Grey bar: range of the units of the same level (worse on the left, "     \
      "better on the right where a direction is declared); black line: the "    \
      "benchmark; marker: the unit, its shape and colour the status.",          \
      "Siva traka: raspon jedinica istog nivoa (lošije levo, bolje desno "     \
      "kada je smer određen); crna linija: poređenje; oznaka: jedinica, "     \
      "oblik i boja pokazuju status.")                                          \
    X(R_LEGEND_TREND, "solid: the unit; dashed: the benchmark",                 \
      "puna linija: jedinica; isprekidana: poređenje")                          \
    X(R_ALL_UNITS, "All units in the data", "Sve jedinice u podacima")          \
    X(R_VS, "benchmark", "poređenje")                                           \
    X(R_NONE, "none", "nema")                                                   \
    X(R_CONTENTS, "Contents", "Sadržaj")                                        \
    X(R_FLAGS, "Notes", "Napomene")                                             \
    X(R_LAST_PERIOD, "The last period of each indicator",                       \
      "Poslednji period svakog indikatora")                                     \
    X(R_MISSING_NOTE,                                                           \
      "– no value; ∅ suppressed. Colours and the letters G, W, B show the " \
      "status.",                                                                \
      "– nema vrednosti; ∅ ne objavljuje se. Boje i slova G, W, B "         \
      "pokazuju status.")

typedef enum {
#define X(id, en, sr) id,
    REP_TEXTS(X)
#undef X
} rep_text;

const char *rep_tr(const report *r, rep_text t);
/* v rounded to the indicator's decimals in the report's language:
 * "1,234.5" or "1 234,5" (thin space). buf at least 400 bytes. */
void rep_num(const report *r, const rep_ind *ind, double v, char *buf,
             size_t size);
/* The unit's suffix after a value: "%", " per 1,000", "" for a count. */
const char *rep_unit_suffix(const report *r, const rep_ind *ind);
/* A unit's name as shown: the codelist's name in the report's language
 * (the code when it has none; the country: "All units in the data"). */
const char *rep_unit_name(const report *r, int u);
/* The status band's class: "good", "warning", "bad", "other", "none". */
const char *rep_status_class(const char *status);
/* One letter the status shows as besides its colour: G, W, B, ?, "". */
const char *rep_status_letter(const char *status);
/* The status band in words ("good" / "dobro", another label as it is). */
const char *rep_status_word(const report *r, const char *status);
/* Writes each flag of the cell in words, separated by "; "; partial
 * coverage with its counts ("3 of 4 municipalities in the data"). */
void rep_flags_words(const report *r, FILE *out, const rep_cell *c, bool html);
/* The interval's method in words: "95% Wilson interval" (heap). */
char *rep_ci_name(const report *r, const rep_ind *ind);
/* The standardisation in words: "direct, to a standard population of 18
 * strata" (heap), or NULL. */
char *rep_std_name(const report *r, const rep_ind *ind);
/* The indicator's reference values as one list, each source once: the
 * catalogue's target, then the --reference values by source. Nothing
 * when there is none. */
void rep_refs(const report *r, FILE *out, const rep_ind *ind, bool html);
/* "†" after a partial cell's value; "" otherwise. */
const char *rep_dagger(const rep_cell *c);
/* Writes s HTML-escaped. */
void rep_html_text(FILE *out, const char *s);
/* The Serbian Latin document in Cyrillic, markup, entities, code and
 * the style sheet untouched (heap). */
char *rep_translit_doc(const char *s, bool html);

/* A domain's title in the report's language (heap; NULL: "Other"). */
char *report_domain_title(const report *r, const char *dom);
/* "District" / "Okrug" for the level "district"; else the word. */
const char *report_level_name(const report *r, const char *level);
bool report_same(const char *a, const char *b);

/* ---- report_svg.c: the charts ---- */

/* The spine of one indicator's overview line. */
void svg_spine(FILE *out, const report *r, const rep_ind *ind, int period);
/* The focus against its benchmarks (and peers with --peers), ranked. */
void svg_bars(FILE *out, const report *r, const rep_ind *ind, int period);
/* The focus and its benchmark over the periods. */
void svg_trend(FILE *out, const report *r, const rep_ind *ind);
/* A small legend of the status shapes. */
void svg_status_marker(FILE *out, const char *status, double x, double y);

/* ---- writers ---- */

int report_html(FILE *out, const report *r);
int report_md(FILE *out, const report *r);
/* The methods section (the catalogue's entries, by domain), from
 * cmd/doc.c. */
void report_methods(FILE *out, const report *r);
void report_progress(const report *r, int done);
/* An index's rows in inds: from i, the index, then its areas (i + 1 ...
 * the returned end). */
int rep_index_end(const report *r, int i);

#endif
