/* layout_orders.c - the orders view: every order a race can print.
 *
 * Over the frame (under the header), one panel per runtime on screen: a bar per
 * distinct order its runs over seeds 1-200 printed, most common first, each with
 * its share and its count of runs ("1 2 4 5 3", "52.5 %", "105 runs"), the order
 * the run on screen printed marked with a ▶ on a lit row; then how many orders did
 * not fit ("+2 more orders (3.0 %)"), and the spread of the makespan and the p99
 * latency over the runs. It is read from the back of a lecture hall: the orders
 * and the numbers are the biggest text that lets them all fit, never below the
 * base size; an order too long for one line wraps, and a row that does not fit
 * is left out and counted in "+k more", rather than anything being cut.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "ui_layout_internal.h"
#include "ui_orders.h"

#define MAX_BARS 6 /* more bars than this are hard to take in from a seat */

static const char marker[] = "\xE2\x96\xB6"; /* ▶ */
static const char dot[] = " \xC2\xB7 ";      /* a middle dot between items */

typedef struct {
    int opx, cpx;      /* the orders' and the counts' text size */
    int mark_w, num_w; /* the marker's column, the numbers' column */
    int order_w;       /* what is left for the order's text */
    int bar_h, gap;
    int nshow;         /* rows shown */
    int more_h;        /* the "+k more" line */
} bars_geom;

/* The height of row i at geometry g. */
static int row_h(const ui_ctx *c, const bars_geom *g, const char *order)
{
    int text = ui__wrap_height(c, UI_FONT_MONO, g->opx, g->order_w, order);
    int nums = ui__line_h(c, UI_FONT_BOLD, g->opx) + ui__line_h(c, UI_FONT_SANS, g->cpx);
    int h = text + g->gap / 2 + g->bar_h;
    return (h > nums ? h : nums) + g->gap;
}

/* The geometry at text size `tenths`, showing as many rows as fit in h (at most
 * MAX_BARS); true when every row up to MAX_BARS fits. */
static bool bars_try(const ui_ctx *c, const ui_orders_run *r, int w, int h, int tenths,
                     bars_geom *g)
{
    g->opx = ui__sized(c->px, tenths);
    g->cpx = g->opx * 8 / 10 > ui__min_px(c->px) ? g->opx * 8 / 10 : ui__min_px(c->px);
    g->gap = c->px / 2;
    g->bar_h = g->opx / 3 > 4 ? g->opx / 3 : 4;
    g->mark_w = ui__text_w(c, UI_FONT_BOLD, g->opx, marker) + g->gap;
    int a = ui__text_w(c, UI_FONT_BOLD, g->opx, "100.0 %");
    char most[48];
    snprintf(most, sizeof most, "%lld runs", (long long)(r->runs > 9 ? r->runs : 10));
    int b = ui__text_w(c, UI_FONT_SANS, g->cpx, most);
    g->num_w = (a > b ? a : b) + g->gap;
    g->order_w = w - g->mark_w - g->num_w - g->gap;
    g->more_h = ui__line_h(c, UI_FONT_SANS, c->px) + g->gap / 2;
    g->nshow = 0;
    if (g->order_w < 4 * g->opx)
        return false;
    size_t want = r->norders < MAX_BARS ? r->norders : MAX_BARS;
    int used = 0;
    for (size_t i = 0; i < want; i++) {
        int rh = row_h(c, g, r->orders[i].order);
        bool last = i + 1 == r->norders;
        if (used + rh + (last ? 0 : g->more_h) > h)
            break;
        used += rh;
        g->nshow++;
    }
    return (size_t)g->nshow == want;
}

static bars_geom bars_pick(const ui_ctx *c, const ui_orders_run *r, int w, int h)
{
    static const int tenths[] = {20, 18, 16, 14, 13, 12, 11, 10};
    bars_geom g;
    for (size_t i = 0; i < sizeof tenths / sizeof tenths[0]; i++)
        if (bars_try(c, r, w, h, tenths[i], &g))
            return g;
    return g; /* the smallest, with the rows that fit */
}

static void share_text(char *buf, size_t size, int64_t runs, int64_t total)
{
    snprintf(buf, size, "%.1f %%", total > 0 ? 100.0 * (double)runs / (double)total : 0.0);
}

/* Row i: the marker, the order wrapped, its bar, its share and count. Returns the
 * height used. */
static int bar_row(const ui_ctx *c, const bars_geom *g, const ui_orders_run *r, size_t i,
                   bool current, int x, int y, int w)
{
    const ui_theme *th = c->theme;
    const many_order *o = &r->orders[i];
    int h = row_h(c, g, o->order);
    size_t from = c->out->n;
    if (current) {
        ui_rect_fill(c->out, (ui_rect){x, y, w, h - g->gap / 2}, th->highlight, c->px / 4);
        ui_text(c->out, c->m, UI_FONT_BOLD, g->opx, th->accent, x + g->gap / 4, y, 0, UI_ALIGN_LEFT,
                marker);
    }
    int ox = x + g->mark_w;
    int th_h = ui_text_wrap(c->out, c->m, UI_FONT_MONO, g->opx, th->text,
                            (ui_rect){ox, y, g->order_w, 1 << 28}, o->order, UI_ROLE_ORDER,
                            (int32_t)i);
    int by = y + th_h + g->gap / 2;
    ui_rect_fill(c->out, (ui_rect){ox, by, g->order_w, g->bar_h}, th->grid, 0);
    int fill = r->runs > 0 ? (int)((int64_t)g->order_w * o->runs / r->runs) : 0;
    ui_rect_fill(c->out, (ui_rect){ox, by, fill > 1 ? fill : 1, g->bar_h}, th->accent, 0);
    char share[32], runs[48];
    share_text(share, sizeof share, o->runs, r->runs);
    snprintf(runs, sizeof runs, "%lld run%s", (long long)o->runs, o->runs == 1 ? "" : "s");
    int nx = x + w - g->num_w;
    ui_text(c->out, c->m, UI_FONT_BOLD, g->opx, th->text, nx, y, g->num_w, UI_ALIGN_RIGHT, share);
    ui_text(c->out, c->m, UI_FONT_SANS, g->cpx, th->text_dim, nx,
            y + ui__line_h(c, UI_FONT_BOLD, g->opx), g->num_w, UI_ALIGN_RIGHT, runs);
    ui_tag(c->out, from, UI_ROLE_ORDER, (int32_t)i, current ? 1 : 0);
    return h;
}

/* "makespan  1.0 ms · 1.2 ms · 1.5 ms": a metric's min, median and max over the runs. */
static void spread_line(const ui_ctx *c, const char *label, const many_spread *s, ui_rect box)
{
    char a[32], b[32], d[32], line[160];
    snprintf(line, sizeof line, "%s  %s%s%s%s%s", label,
             ui_format_time((int64_t)(s->min * 1e6), a, sizeof a), dot,
             ui_format_time((int64_t)(s->median * 1e6), b, sizeof b), dot,
             ui_format_time((int64_t)(s->max * 1e6), d, sizeof d));
    ui__text_in(c, UI_FONT_SANS, c->px, c->theme->text, box, UI_ALIGN_LEFT, line);
}

/* The foot of a column: the spreads once every run is in, else how far it got. */
static void foot(const ui_ctx *c, const ui_orders *o, const ui_orders_run *r, ui_rect f)
{
    const ui_theme *th = c->theme;
    int lh = ui__line_h(c, UI_FONT_SANS, c->px);
    char line[200];
    size_t from = c->out->n;
    uint64_t total = o->last - o->first + 1;
    if (r->rc < 0) {
        snprintf(line, sizeof line, "the run of seed %llu failed: %s",
                 (unsigned long long)r->failed_seed, sim_strerror(r->rc));
        ui_text_wrap(c->out, c->m, UI_FONT_SANS, c->px, th->text, f, line, UI_ROLE_ORDERS, -1);
    } else if ((uint64_t)r->runs < total) {
        snprintf(line, sizeof line, "running seed %llu of %llu%s", (unsigned long long)r->next,
                 (unsigned long long)o->last, "\xE2\x80\xA6");
        ui__text_in(c, UI_FONT_SANS, c->px, th->text_dim, f, UI_ALIGN_LEFT, line);
    } else {
        ui__text_in(c, UI_FONT_SANS, ui__min_px(c->px), th->text_dim, f, UI_ALIGN_LEFT,
                    "over the runs: smallest \xC2\xB7 median \xC2\xB7 largest");
        spread_line(c, "makespan", &r->spread[MANY_MAKESPAN_MS], (ui_rect){f.x, f.y + lh, f.w, lh});
        spread_line(c, "p99 latency", &r->spread[MANY_LAT_P99_MS],
                    (ui_rect){f.x, f.y + 2 * lh, f.w, lh});
    }
    ui_tag(c->out, from, UI_ROLE_ORDERS, -1, -1);
}

/* The heading: the runtime, then how many runs and orders; under it what the ▶
 * means. Returns its height. */
static int heading(const ui_ctx *c, const ui_orders *o, const ui_orders_run *r, size_t run,
                   ui_rect in)
{
    const ui_theme *th = c->theme;
    size_t from = c->out->n;
    int hpx = ui__sized(c->px, 12), lh = ui__line_h(c, UI_FONT_BOLD, hpx);
    char status[96];
    uint64_t total = o->last - o->first + 1;
    if ((uint64_t)r->runs < total && r->rc == 0)
        snprintf(status, sizeof status, "%lld of %llu runs", (long long)r->runs,
                 (unsigned long long)total);
    else
        snprintf(status, sizeof status, "%lld runs%s%zu order%s", (long long)r->runs, dot,
                 r->norders, r->norders == 1 ? "" : "s");
    int sw = ui__text_w(c, UI_FONT_BOLD, c->px, status);
    sw = sw < in.w / 2 ? sw : in.w / 2;
    ui__text_in(c, UI_FONT_BOLD, hpx, th->text, (ui_rect){in.x, in.y, in.w - sw - c->px, lh},
                UI_ALIGN_LEFT, c->doc->runs[run].name);
    ui__text_mid(c, UI_FONT_BOLD, c->px, th->accent, (ui_rect){in.x + in.w - sw, in.y, sw, lh},
                 UI_ALIGN_RIGHT, status);
    char what[200];
    snprintf(what, sizeof what, "Run once per seed, %llu to %llu. %s this run's order (seed %llu)",
             (unsigned long long)o->first, (unsigned long long)o->last, marker,
             (unsigned long long)c->doc->scn->seed);
    if (r->current && ui_orders_done(o, run) && r->rc == 0 && ui_orders_current(o, run) < 0)
        snprintf(what, sizeof what,
                 "Run once per seed, %llu to %llu. The order of the run on screen (seed %llu) "
                 "is not among them.",
                 (unsigned long long)o->first, (unsigned long long)o->last,
                 (unsigned long long)c->doc->scn->seed);
    int wpx = ui__min_px(c->px);
    ui_color col = th->text_dim;
    if (r->norders == 0 && r->runs > 0) { /* then this is the news: at full size */
        snprintf(what, sizeof what,
                 "It prints nothing, so there is no order to show. How its runs spread is "
                 "below.");
        wpx = c->px;
        col = th->text;
    }
    int wh = ui_text_wrap(c->out, c->m, UI_FONT_SANS, wpx, col,
                          (ui_rect){in.x, in.y + lh, in.w, 3 * ui__line_h(c, UI_FONT_SANS, wpx)},
                          what, UI_ROLE_ORDERS, -1);
    ui_tag(c->out, from, UI_ROLE_ORDERS, -1, -1);
    return lh + wh + c->px / 2;
}

static void column(const ui_ctx *c, const ui_orders *o, size_t run, ui_rect r)
{
    c->out->run = (uint8_t)run;
    size_t from = c->out->n;
    ui_rect in = ui__panel(c, r, NULL);
    ui_tag(c->out, from, UI_ROLE_ORDERS, -1, -1);
    if (!o || run >= o->nruns)
        return;
    const ui_orders_run *ru = &o->runs[run];
    int top = heading(c, o, ru, run, in);
    int lh = ui__line_h(c, UI_FONT_SANS, c->px);
    int foot_h = 3 * lh;
    ui_rect bars = {in.x, in.y + top, in.w, in.h - top - foot_h - c->px / 2};
    ui_rect f = {in.x, in.y + in.h - foot_h, in.w, foot_h};
    foot(c, o, ru, f);
    if (bars.h <= 0 || ru->norders == 0)
        return;
    bars_geom g = bars_pick(c, ru, bars.w, bars.h);
    int cur = ui_orders_current(o, run), y = bars.y;
    for (int i = 0; i < g.nshow; i++)
        y += bar_row(c, &g, ru, (size_t)i, i == cur, bars.x, y, bars.w);
    if ((size_t)g.nshow < ru->norders) {
        int64_t rest = 0;
        for (size_t i = (size_t)g.nshow; i < ru->norders; i++)
            rest += ru->orders[i].runs;
        char more[96], share[32];
        share_text(share, sizeof share, rest, ru->runs);
        size_t k = ru->norders - (size_t)g.nshow;
        snprintf(more, sizeof more, "+%zu more order%s (%s of the runs)%s", k, k == 1 ? "" : "s",
                 share, cur >= g.nshow ? ", this run's among them" : "");
        size_t at = c->out->n;
        ui_text_wrap(c->out, c->m, UI_FONT_SANS, c->px, c->theme->text,
                     (ui_rect){bars.x + g.mark_w, y, bars.w - g.mark_w, 2 * lh}, more,
                     UI_ROLE_ORDERS, -2);
        ui_tag(c->out, at, UI_ROLE_ORDERS, -2, -1);
    }
}

void ui__orders(const ui_ctx *c, ui_rect r)
{
    if (r.w <= 0 || r.h <= 0 || !c->doc)
        return;
    const ui_orders *o = c->view->order_runs;
    size_t runs[2], n = ui__runs_shown(c, runs);
    int gap = c->px / 2;
    size_t from = c->out->n;
    ui_rect_fill(c->out, r, c->theme->bg, 0);
    ui_tag(c->out, from, UI_ROLE_ORDERS, -1, -1);
    ui_rect in = ui__inset(r, gap);
    if (n == 2) {
        int lw = (in.w - gap) / 2;
        column(c, o, runs[0], (ui_rect){in.x, in.y, lw, in.h});
        column(c, o, runs[1], (ui_rect){in.x + lw + gap, in.y, in.w - lw - gap, in.h});
    } else if (n == 1) {
        column(c, o, runs[0], in);
    }
    c->out->run = 0;
}
