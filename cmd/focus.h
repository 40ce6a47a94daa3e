/* focus.h — the geography of a run's result (a catalogue's `hierarchy`
 * and `codelist`, compiler/geo.h): each row's level, the coverage of a
 * district or region (flag `partial`, n_members and n_present), rows
 * identical to the total left out (unless --all-levels), published
 * reference values beside the computed rows (--reference, reference.h),
 * and --focus NAME [--peers]: the rows of one unit, of every unit above
 * it and of its peers, ranked. One entry point, so that a report can ask
 * the same question as `sicalc run`. */
#ifndef SICALC_FOCUS_H
#define SICALC_FOCUS_H

#include "../compiler/ast.h"
#include "../compiler/geo.h"
#include "../runtime/output.h"

typedef struct focus_opts {
    const char *focus;     /* --focus NAME or LEVEL:NAME, or NULL */
    bool peers;            /* --peers: every unit of the focus's level */
    bool all_levels;       /* --all-levels: keep rows equal to the total */
    const char *reference; /* --reference FILE, or NULL */
} focus_opts;

/* Annotates and filters *res (new arrays in arena a; strings shared)
 * before the selection (select.h), so coverage and ranks are those of
 * all the data: levels, `partial`, rows equal to the total, reference
 * rows, then --focus's rows and ranks (1 = best by the indicator's
 * `better`; none without it; a missing or suppressed value has none and
 * does not count). g NULL: the catalogue has no hierarchy, and the
 * options are an error. Returns 0, EXIT_USAGE (an unknown focus, with
 * the closest name) or EXIT_DATA (a bad reference file), the error
 * printed. */
int focus_apply(const focus_opts *o, const geo_model *g,
                const ast_program *prog, bool has_period, rt_arena *a,
                rt_result *res);

/* The unit --focus NAME names: LEVEL:NAME or NAME (the lowest level
 * first), a codelist member or a value of the level's dimension in res;
 * and the units above it in the codelist, nearest first. What a report
 * asks to name its district and region and draw them beside the unit. */
typedef struct focus_unit {
    int level;        /* index into g->levels */
    const char *code; /* the value in the data */
    int unit;         /* its codelist unit, or -1 */
} focus_unit;

/* Fills *u and up to g->nlevels - 1 parents (*nparents of them; none when
 * the unit is not in the codelist). Returns 0, or EXIT_USAGE after
 * printing the error with the closest name. */
int focus_find(const geo_model *g, const rt_result *res, bool has_period,
               rt_arena *a, const char *name, focus_unit *u,
               focus_unit *parents, int *nparents);

/* After the selection, with --focus: the hierarchy's dimension columns
 * become one `area` column (the unit's code; the total's _T), beside the
 * `level` column. */
void focus_merge(const focus_opts *o, const geo_model *g, rt_arena *a,
                 rt_result *res);

/* The rt_outopts.dim_label hook over a codelist: ctx is a focus_labels. */
typedef struct focus_labels {
    const geo_model *g;
    rt_arena *a; /* transliterated labels */
} focus_labels;
const char *focus_dim_label(void *ctx, const char *dim, const char *value,
                            rt_lang lang);

#endif
