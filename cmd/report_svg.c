/* report_svg.c — the profile's charts as inline SVG: the overview's
 * spine, the ranked bars of one indicator, its trend. Only cells with a
 * value are drawn or enter an axis range; a missing or suppressed one is
 * said in words where its bar or point would be. Colours come from the
 * style sheet's classes (report_html.c), so the legend and the print
 * style hold for all of them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* ---- axes ---- */

typedef struct axis {
    double lo, hi, step;
} axis;

static double nice_step(double range, int n)
{
    double raw = range / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/* An axis over [lo, hi] in steps of 1, 2 or 5 × 10^k. */
static axis nice_axis(double lo, double hi, int n)
{
    if (!(hi > lo)) {
        double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    axis a = {.step = nice_step(hi - lo, n)};
    a.lo = floor(lo / a.step) * a.step;
    a.hi = ceil(hi / a.step) * a.step;
    return a;
}

/* A tick's label: as many decimals as the step needs. */
static void tick_label(FILE *out, const report *r, double v, double step)
{
    int places = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    rep_ind fake = {.decimals = places};
    char buf[400];
    rep_num(r, &fake, fabs(v) < step / 1e6 ? 0 : v, buf, sizeof buf);
    fputs(buf, out);
}

static double scale(const axis *a, double v, double x0, double x1)
{
    return x0 + (v - a->lo) / (a->hi - a->lo) * (x1 - x0);
}

/* ---- markers ---- */

void svg_status_marker(FILE *out, const char *status, double x, double y)
{
    const char *c = rep_status_class(status);
    if (strcmp(c, "good") == 0)
        fprintf(out,
                "<circle class=\"st-good\" cx=\"%.1f\" cy=\"%.1f\" "
                "r=\"5.5\"/>",
                x, y);
    else if (strcmp(c, "warning") == 0)
        fprintf(out,
                "<path class=\"st-warning\" d=\"M%.1f %.1fl6.5 "
                "11.5h-13z\"/>",
                x, y - 7);
    else if (strcmp(c, "bad") == 0)
        fprintf(out,
                "<rect class=\"st-bad\" x=\"%.1f\" y=\"%.1f\" "
                "width=\"10\" height=\"10\"/>",
                x - 5, y - 5);
    else if (strcmp(c, "other") == 0)
        fprintf(out, "<path class=\"st-other\" d=\"M%.1f %.1fl6 6-6 6-6-6z\"/>",
                x, y - 6);
    else
        fprintf(out,
                "<circle class=\"st-none\" cx=\"%.1f\" cy=\"%.1f\" "
                "r=\"5\"/>",
                x, y);
}

static void svg_open(FILE *out, const char *id, const char *cls, double w,
                     double h, const char *label)
{
    fprintf(out,
            "<svg id=\"%s\" class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
            "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
            "role=\"img\"><title>",
            id, cls, w, h, w, h);
    rep_html_text(out, label);
    fputs("</title>", out);
}

/* ---- the spine ---- */

enum { SP_W = 240, SP_H = 22, SP_PAD = 8 };

void svg_spine(FILE *out, const report *r, const rep_ind *ind, int k)
{
    char id[512];
    snprintf(id, sizeof id, "spine-%s", ind->id);
    svg_open(out, id, "spine", SP_W, SP_H, ind->title);
    double lo = 0, hi = 0;
    if (k < 0 || !rep_peer_range(r, ind, k, &lo, &hi)) {
        fputs("</svg>", out);
        return;
    }
    axis a = {.lo = lo, .hi = hi > lo ? hi : lo + 1};
    if (!(hi > lo)) {
        a.lo = lo - 1;
        a.hi = lo + 1;
    }
    double x0 = SP_PAD, x1 = SP_W - SP_PAD;
    if (ind->better < 0) { /* better on the right */
        x0 = SP_W - SP_PAD;
        x1 = SP_PAD;
    }
    fprintf(out,
            "<rect class=\"range\" x=\"%d\" y=\"6\" width=\"%d\" "
            "height=\"10\"/>",
            SP_PAD, SP_W - 2 * SP_PAD);
    int b = rep_benchmark(r, ind, k);
    if (b >= 0) {
        double x = scale(&a, rep_cell_at(r, ind, k, b)->v, x0, x1);
        x = fmax(2, fmin(SP_W - 2, x));
        fprintf(out,
                "<line class=\"bench\" x1=\"%.1f\" y1=\"1\" x2=\"%.1f\" "
                "y2=\"21\"/>",
                x, x);
    }
    const rep_cell *c = rep_cell_at(r, ind, k, 0);
    if (c->has)
        svg_status_marker(out, c->status, scale(&a, c->v, x0, x1), 11);
    fputs("</svg>", out);
}

/* ---- ranked bars ---- */

enum { BAR_LABEL = 240, BAR_AREA = 330, BAR_VALUE = 130, BAR_ROW = 19 };

static axis bar_axis(const report *r, const rep_ind *ind, int k,
                     const int *units, int n)
{
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        const rep_cell *c = rep_cell_at(r, ind, k, units[i]);
        if (!c->has)
            continue;
        lo = fmin(lo, c->has_ci ? fmin(c->lo, c->v) : c->v);
        hi = fmax(hi, c->has_ci ? fmax(c->hi, c->v) : c->v);
    }
    return nice_axis(lo, hi, 5);
}

static const char *role_class(const report *r, int u)
{
    switch (r->units[u].role) {
    case ROLE_FOCUS: return "b-focus";
    case ROLE_PEER: return "b-peer";
    default: return "b-bench";
    }
}

static void bar_grid(FILE *out, const report *r, const axis *a, double top,
                     double bottom)
{
    for (double t = a->lo; t <= a->hi + a->step / 2; t += a->step) {
        double x = scale(a, t, BAR_LABEL, BAR_LABEL + BAR_AREA);
        fprintf(out,
                "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                "y2=\"%.1f\"/><text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
                "text-anchor=\"middle\">",
                x, top, x, bottom, x, bottom + 13);
        tick_label(out, r, t, a->step);
        fputs("</text>", out);
    }
}

static void bar_value(FILE *out, const report *r, const rep_ind *ind, int k,
                      int u, double y)
{
    const rep_cell *c = rep_cell_at(r, ind, k, u);
    char buf[400];
    rep_num(r, ind, c->v, buf, sizeof buf);
    fprintf(out,
            "<text class=\"val\" x=\"%d\" y=\"%.1f\"><tspan data-ind=\"%s\" "
            "data-unit=\"",
            BAR_LABEL + BAR_AREA + 22, y + 4, ind->id);
    rep_html_text(out, r->units[u].name ? r->units[u].name : "_T");
    fprintf(out, "\" data-period=\"%s\">%s</tspan>", r->periods[k], buf);
    if (c->partial) /* the caption's legend says what † means */
        fputs("<tspan class=\"lc\">\u2020</tspan>", out);
    if (strstr(c->flags, "low_count")) /* the caption says what * means */
        fputs("<tspan class=\"lc\"> *</tspan>", out);
    fputs("</text>", out);
    svg_status_marker(out, c->status, BAR_LABEL + BAR_AREA + 12, y);
}

static void bar_row(FILE *out, const report *r, const rep_ind *ind, int k,
                    const axis *a, int u, double y)
{
    const rep_cell *c = rep_cell_at(r, ind, k, u);
    fprintf(out,
            "<text class=\"lab%s\" x=\"%d\" y=\"%.1f\" "
            "text-anchor=\"end\">",
            u == 0 ? " focus" : "", BAR_LABEL - 6, y + 4);
    rep_html_text(out, rep_unit_name(r, u));
    fputs("</text>", out);
    if (!c->has) {
        fprintf(out, "<text class=\"miss\" x=\"%d\" y=\"%.1f\">", BAR_LABEL + 4,
                y + 4);
        rep_html_text(out,
                      rep_tr(r, c->suppressed ? R_SUPPRESSED : R_NO_VALUE));
        fputs("</text>", out);
        return;
    }
    double x0 = scale(a, 0, BAR_LABEL, BAR_LABEL + BAR_AREA);
    double x1 = scale(a, c->v, BAR_LABEL, BAR_LABEL + BAR_AREA);
    fprintf(out,
            "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            "height=\"13\"/>",
            role_class(r, u), fmin(x0, x1), y - 6.5, fabs(x1 - x0));
    if (c->has_ci) {
        double l = scale(a, c->lo, BAR_LABEL, BAR_LABEL + BAR_AREA);
        double h = scale(a, c->hi, BAR_LABEL, BAR_LABEL + BAR_AREA);
        fprintf(out,
                "<path class=\"ci\" d=\"M%.1f %.1fv8M%.1f %.1fh%.1fM%.1f "
                "%.1fv8\"/>",
                l, y - 4, l, y, h - l, h, y - 4);
    }
    bar_value(out, r, ind, k, u, y);
}

void svg_bars(FILE *out, const report *r, const rep_ind *ind, int k)
{
    int *units = rt_xcalloc((size_t)r->nunits, sizeof *units);
    int n = rep_ranked_units(r, ind, k, units);
    axis a = bar_axis(r, ind, k, units, n);
    double h = 10 + n * BAR_ROW + 22;
    char id[512];
    snprintf(id, sizeof id, "bars-%s", ind->id);
    svg_open(out, id, "bars", BAR_LABEL + BAR_AREA + BAR_VALUE, h, ind->title);
    bar_grid(out, r, &a, 4, 10 + n * BAR_ROW);
    for (int i = 0; i < n; i++)
        bar_row(out, r, ind, k, &a, units[i], 10 + i * BAR_ROW + BAR_ROW / 2.0);
    fputs("</svg>", out);
    free(units);
}

/* ---- the trend ---- */

enum { TR_W = 360, TR_H = 170, TR_L = 56, TR_R = 12, TR_T = 10, TR_B = 26 };

static axis trend_axis(const report *r, const rep_ind *ind, int b)
{
    double lo = 0, hi = 0;
    bool any = false;
    for (int k = ind->kmin; k <= ind->kmax; k++)
        for (int i = 0; i < 2; i++) {
            int u = i == 0 ? 0 : b;
            const rep_cell *c = u >= 0 ? rep_cell_at(r, ind, k, u) : NULL;
            if (!c || !c->has)
                continue;
            lo = any ? fmin(lo, c->v) : c->v;
            hi = any ? fmax(hi, c->v) : c->v;
            any = true;
        }
    double pad = (hi - lo) * 0.08;
    /* a positive series keeps its axis at or above zero */
    return nice_axis(lo >= 0 ? fmax(0, lo - pad) : lo - pad, hi + pad, 4);
}

/* The indicator's own periods span the width. */
static double trend_x(const rep_ind *ind, int k)
{
    int n = ind->kmax - ind->kmin;
    if (n < 1)
        return (TR_L + TR_W - TR_R) / 2.0;
    return TR_L + 14 + (double)(k - ind->kmin) / n * (TR_W - TR_L - TR_R - 28);
}

/* One unit's series: segments only between neighbouring periods that
 * both have a value, so a gap stays a gap. */
static void trend_series(FILE *out, const report *r, const rep_ind *ind,
                         const axis *a, int u, const char *cls)
{
    double ybot = TR_H - TR_B, ytop = TR_T;
    for (int k = ind->kmin; k < ind->kmax; k++) {
        const rep_cell *c = rep_cell_at(r, ind, k, u);
        const rep_cell *d = rep_cell_at(r, ind, k + 1, u);
        if (c->has && d->has)
            fprintf(out,
                    "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" "
                    "x2=\"%.1f\" y2=\"%.1f\"/>",
                    cls, trend_x(ind, k), scale(a, c->v, ybot, ytop),
                    trend_x(ind, k + 1), scale(a, d->v, ybot, ytop));
    }
    for (int k = ind->kmin; k <= ind->kmax; k++) {
        const rep_cell *c = rep_cell_at(r, ind, k, u);
        if (!c->has)
            continue;
        char buf[400];
        rep_num(r, ind, c->v, buf, sizeof buf);
        fprintf(out,
                "<circle class=\"%s-pt\" cx=\"%.1f\" cy=\"%.1f\" "
                "r=\"3\"><title>",
                cls, trend_x(ind, k), scale(a, c->v, ybot, ytop));
        rep_html_text(out, rep_unit_name(r, u));
        fprintf(out, " %s: %s%s</title></circle>", r->periods[k], buf,
                rep_unit_suffix(r, ind));
    }
}

static void trend_axes(FILE *out, const report *r, const rep_ind *ind,
                       const axis *a)
{
    for (double t = a->lo; t <= a->hi + a->step / 2; t += a->step) {
        double y = scale(a, t, TR_H - TR_B, TR_T);
        fprintf(out,
                "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                "y2=\"%.1f\"/><text class=\"tick\" x=\"%d\" y=\"%.1f\" "
                "text-anchor=\"end\">",
                TR_L, y, TR_W - TR_R, y, TR_L - 4, y + 4);
        tick_label(out, r, t, a->step);
        fputs("</text>", out);
    }
    int n = ind->kmax - ind->kmin + 1;
    int every = n > 8 ? (n + 7) / 8 : 1;
    for (int k = ind->kmin; k <= ind->kmax; k += every) {
        fprintf(out,
                "<text class=\"tick\" x=\"%.1f\" y=\"%d\" "
                "text-anchor=\"middle\">",
                trend_x(ind, k), TR_H - TR_B + 16);
        rep_html_text(out, r->periods[k]);
        fputs("</text>", out);
        const rep_cell *c = rep_cell_at(r, ind, k, 0);
        if (!c->has) /* missing is marked on the axis, never drawn as 0 */
            fprintf(out,
                    "<text class=\"miss\" x=\"%.1f\" y=\"%d\" "
                    "text-anchor=\"middle\">%s</text>",
                    trend_x(ind, k), TR_H - TR_B - 4,
                    c->suppressed ? "\u2205" : "\u2013");
    }
}

void svg_trend(FILE *out, const report *r, const rep_ind *ind)
{
    int b = rep_benchmark(r, ind, ind->last);
    axis a = trend_axis(r, ind, b);
    char id[512];
    snprintf(id, sizeof id, "trend-%s", ind->id);
    svg_open(out, id, "trend", TR_W, TR_H, ind->title);
    trend_axes(out, r, ind, &a);
    if (b >= 0)
        trend_series(out, r, ind, &a, b, "t-bench");
    trend_series(out, r, ind, &a, 0, "t-focus");
    fputs("</svg>", out);
}
