/* layout_timeline.c - the timeline panel: a lane per worker, the requests, the
 * time axis, the cursor and the colour legend, for one run.
 *
 * Only the past is drawn: bars stop at the cursor and the rest of every lane is an
 * empty track, so a class can predict what comes next before the teacher plays it.
 *
 * Rows, top to bottom: the legend; the workers; the requests; the axis. The
 * vertical plan depends only on the height and the counts. The label column is
 * sized for the widest label any run of the doc may need, so that two runs side by
 * side share one time axis; the plot takes the rest of the width. Every worker and
 * request gets a lane of its own when an equal share of the height gives each at
 * least max(6, px / 2) pixels (and never more than 2 px). Otherwise the requests
 * are summed up in a band (layout_band.c), and the workers keep their lanes if
 * each still gets max(3, px / 5) pixels, else they become a band too (a thread
 * per request under load makes thousands of threads).
 */
#include <stdio.h>
#include <string.h>

#include "layout_timeline_internal.h"

typedef struct {
    int nw, pw;     /* worker lanes and their pitch (0 with a worker band) */
    int nr, pr;     /* request lanes and their pitch (0 with a request band) */
    int wband_h;    /* the worker band's height, 0 when none (its heading apart) */
    int rband_h;    /* the request band's height, 0 when none */
    bool wband, rband;
    int sep;        /* space between the workers and the requests */
    int height;     /* all of it */
} lane_plan;

static int text_h(const ui_ctx *c, int px)
{
    return c->m->height(c->m->ctx, UI_FONT_SANS, px);
}

static int min_i(int a, int b)
{
    return a < b ? a : b;
}

static int max_i(int a, int b)
{
    return a > b ? a : b;
}

/* Splits `avail` (the height after the gap between groups) into bands when
 * lanes cannot all have min_lane pixels. Workers keep lanes down to a thinner
 * min_worker: they are what the lesson is about, and rarely more than a few
 * dozen. lh: a band's heading row. */
static void plan_bands(lane_plan *p, int nw, int nr, int avail, int min_worker, int max_pitch,
                       int lh, int px)
{
    p->rband = nr > 0;
    int rmin = p->rband ? lh + min_i(3 * px, avail / 2) : 0;
    if (nw > 0 && nw * min_worker <= avail - rmin) {
        p->nw = nw;
        p->pw = min_i(max_pitch, (avail - rmin) / nw);
        p->rband_h = p->rband ? avail - nw * p->pw - lh : 0;
        return;
    }
    p->wband = nw > 0;
    int wpart = p->rband ? avail / 2 : avail;
    p->wband_h = p->wband ? wpart - lh : 0;
    p->rband_h = p->rband ? avail - (p->wband ? wpart : 0) - lh : 0;
}

/* Splits height H between nw workers and nr requests. */
static lane_plan plan_lanes(const ui_ctx *c, size_t nw, size_t nr, int H)
{
    int px = c->px, lh = text_h(c, ui__small_px(c));
    int max_pitch = 2 * px, min_lane = max_i(6, px / 2);
    lane_plan p = {0};
    p.sep = nw > 0 && nr > 0 ? px / 2 : 0;
    int avail = H - p.sep;
    if (avail <= 0 || nw + nr == 0)
        return p;
    int share = (int)((size_t)avail / (nw + nr));
    if (share >= min_lane) {
        p.nr = (int)nr;
        p.pr = min_i(max_pitch, share);
        p.nw = (int)nw;
        p.pw = nw ? min_i(max_pitch, (avail - p.nr * p.pr) / (int)nw) : 0;
    } else {
        plan_bands(&p, (int)nw, (int)nr, avail, max_i(3, px / 5), max_pitch, lh, px);
    }
    if (p.wband_h < 0 || p.rband_h < 0)
        p.wband = p.rband = false; /* no room for a band: show nothing rather than a sliver */
    p.height = p.nw * p.pw + p.nr * p.pr + p.sep + (p.wband ? lh + p.wband_h : 0) +
               (p.rband ? lh + p.rband_h : 0);
    return p;
}

static int lane_gap(int pitch)
{
    return pitch >= 12 ? pitch / 6 : pitch >= 4 ? 1 : 0;
}

/* Labels for lanes `pitch` apart: the base size when a line fits a lane, else
 * the small size, on every k-th lane when even that is taller than a lane. */
typedef struct {
    int px, every;
} label_fit;

static label_fit fit_labels(const ui_ctx *c, int pitch)
{
    label_fit f = {c->px, 1};
    if (pitch > 0 && text_h(c, c->px) > pitch) {
        f.px = ui__small_px(c);
        f.every = (text_h(c, f.px) + pitch - 1) / pitch;
    }
    return f;
}

/* "10,000": a count with thousands separators. */
static char *format_count(int64_t n, char *buf, size_t size)
{
    char raw[32];
    int len = snprintf(raw, sizeof raw, "%lld", (long long)n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && raw[0] != '-' && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return buf;
}

static int label_w(const ui_ctx *c, int px, const char *s)
{
    return c->m->width(c->m->ctx, UI_FONT_SANS, px, s, strlen(s));
}

/* Runs with more workers than this have their names left out of the label
 * column's sizing: they are drawn as a band in any window of a sane height. */
#define NAMED_WORKERS_MAX 256

/* The label column's width: the widest label any run of the doc may put there,
 * plus a margin. The same for every run, so that two runs side by side (compare)
 * share one time axis, x for x; a longer label is cut with an ellipsis. */
static int label_column(const ui_ctx *c, int max_w)
{
    const ui_doc *doc = c->doc;
    const char *longest = "Loop";
    int64_t most = 1, reqs = 1;
    for (size_t r = 0; r < doc->nruns; r++) {
        const ui_run *u = &doc->runs[r];
        int64_t n = (int64_t)timeline_lane_count(u->tl, TL_LANE_REQUEST);
        reqs = n > reqs ? n : reqs;
        most = n > most ? n : most;
        most = (int64_t)u->nworkers > most ? (int64_t)u->nworkers : most;
        for (size_t w = 0; u->nworkers <= NAMED_WORKERS_MAX && w < u->nworkers; w++)
            if (strlen(u->short_names[w]) > strlen(longest))
                longest = u->short_names[w];
    }
    char req[32], scale[32];
    snprintf(req, sizeof req, "#%lld", (long long)(reqs < 999 ? reqs : 999));
    format_count(ui__nice_ceil((double)most), scale, sizeof scale);
    int w = max_i(label_w(c, c->px, longest), label_w(c, c->px, req));
    w = max_i(w, label_w(c, ui__small_px(c), scale)) + c->px / 2;
    return min_i(max_i(w, c->px), max_w);
}

/* A label in the column left of the plot, right-aligned, centred on y_mid. */
static void side_label(const ui_ctx *c, ui_rect in, int col_w, int px, int y_mid, const char *s,
                       ui_role role, int32_t id)
{
    int h = text_h(c, px);
    int y = y_mid - h / 2;
    y = max_i(in.y, min_i(y, in.y + in.h - h));
    size_t from = c->out->n;
    ui_text(c->out, c->m, UI_FONT_SANS, px, c->theme->text, in.x, y, col_w - c->px / 3,
            UI_ALIGN_RIGHT, s);
    if (role != UI_ROLE_NONE)
        ui_tag(c->out, from, role, id, -1);
}

/* Where everything goes, once planned. */
typedef struct {
    ui_rect in;          /* inside the panel */
    int col_w;           /* the label column */
    ui__xmap m;
    int64_t tend;        /* the last time drawn: the cursor, or t1 */
    ui__lanes wl, rl;    /* worker and request lanes */
    ui_rect whead, wband, rhead, rband;
} tl_geom;

static void lanes_tracks(const ui_ctx *c, const tl_geom *g, const ui__lanes *l)
{
    for (int i = 0; i < l->n; i++)
        ui_rect_fill(c->out, (ui_rect){g->m.x, l->y + i * l->pitch, g->m.w, l->pitch - l->gap},
                     c->theme->bg, 0);
}

static void lanes_bars(const ui_ctx *c, size_t run, const tl_geom *g, tl_lane_kind kind,
                       const ui__lanes *l)
{
    const ui_run *u = &c->doc->runs[run];
    int bar_h = l->pitch - l->gap;
    label_fit f = fit_labels(c, l->pitch);
    for (int i = 0; i < l->n; i++) {
        ui_rect bar = {g->m.x, l->y + i * l->pitch, g->m.w, bar_h};
        ui__lane_bars(c, run, kind, (size_t)i, &g->m, g->tend, bar);
        if (i % f.every != 0)
            continue;
        char buf[32];
        bool w = kind == TL_LANE_WORKER;
        if (!w)
            snprintf(buf, sizeof buf, "#%d", i + 1);
        side_label(c, g->in, g->col_w, f.px, bar.y + bar_h / 2, w ? u->short_names[i] : buf,
                   UI_ROLE_LANE_LABEL, w ? i : -1 - i);
    }
}

/* A band's heading over the plot (the long form when it fits) and its scale in
 * the label column. */
static void band_labels(const ui_ctx *c, const tl_geom *g, ui_rect head, ui_rect band,
                        const char *longer, const char *shorter, int64_t scale, ui_role role)
{
    int sp = ui__small_px(c);
    const char *s = c->m->width(c->m->ctx, UI_FONT_BOLD, sp, longer, strlen(longer)) <= head.w
                        ? longer
                        : shorter;
    size_t from = c->out->n;
    ui_text(c->out, c->m, UI_FONT_BOLD, sp, c->theme->text, head.x, head.y, head.w, UI_ALIGN_LEFT,
            s);
    ui_tag(c->out, from, role, -1, -1);
    bool room_for_half = band.h >= 3 * text_h(c, sp);
    char buf[32];
    for (int k = 0; k <= 2; k++)
        if (k != 1 || room_for_half)
            side_label(c, g->in, g->col_w, sp, band.y + band.h - band.h * k / 2,
                       format_count(scale * k / 2, buf, sizeof buf), UI_ROLE_NONE, -1);
}

static void draw_bands(const ui_ctx *c, size_t run, const tl_geom *g, size_t nreq)
{
    int64_t scale = 1;
    char n[32], longer[96], shorter[64];
    if (g->wband.h > 0) {
        ui__worker_band(c, run, &g->m, g->tend, g->wband, &scale);
        band_labels(c, g, g->whead, g->wband, "Threads, how many in each state", "Threads", scale,
                    UI_ROLE_NONE);
    }
    if (g->rband.h > 0) {
        ui__request_band(c, run, &g->m, g->tend, g->rband, &scale);
        format_count((int64_t)nreq, n, sizeof n);
        snprintf(longer, sizeof longer, "%s requests, how many in each state", n);
        snprintf(shorter, sizeof shorter, "%s requests", n);
        band_labels(c, g, g->rhead, g->rband, longer, shorter, scale, UI_ROLE_REQUEST_BAND);
    }
}

/* Places the rows of plan p in the inner rect. */
static void place(tl_geom *g, const lane_plan *p, int top, int lh)
{
    int x = g->m.x, w = g->m.w, y = top;
    g->wl = (ui__lanes){y, p->nw, p->pw, lane_gap(p->pw)};
    y += p->nw * p->pw;
    if (p->wband) {
        g->whead = (ui_rect){x, y, w, lh};
        g->wband = (ui_rect){x, y + lh, w, p->wband_h};
        y += lh + p->wband_h;
    }
    y += p->sep;
    g->rl = (ui__lanes){y, p->nr, p->pr, lane_gap(p->pr)};
    y += p->nr * p->pr;
    if (p->rband) {
        g->rhead = (ui_rect){x, y, w, lh};
        g->rband = (ui_rect){x, y + lh, w, p->rband_h};
    }
}

void ui__timeline(const ui_ctx *c, size_t run, ui_rect r, int64_t t0, int64_t t1, ui_rect *plot)
{
    *plot = (ui_rect){r.x, r.y, 0, 0};
    if (!c->doc || run >= c->doc->nruns || r.w <= 0 || r.h <= 0)
        return;
    const ui_run *u = &c->doc->runs[run];
    size_t nreq = timeline_lane_count(u->tl, TL_LANE_REQUEST);
    tl_geom g = {.in = ui__panel(c, r, NULL)};
    int sp = ui__small_px(c), lh = text_h(c, sp), gap = c->px / 3;
    if (g.in.w < 6 * c->px || g.in.h < 4 * lh)
        return; /* too small to say anything readable */
    ui__seen seen;
    ui__states_seen(u, nreq > 0, &seen);
    int legend_h = ui__legend(c, &seen, g.in, false);
    int axis_h = c->px / 4 + 2 + lh;
    lane_plan p = plan_lanes(c, u->nworkers, nreq, g.in.h - legend_h - gap - axis_h);
    g.col_w = label_column(c, g.in.w / 4);
    g.m = ui__xmap_make(g.in.x + g.col_w, g.in.w - g.col_w - c->px / 2, t0, t1);
    g.tend = c->t < g.m.t1 ? c->t : g.m.t1;
    int top = g.in.y + legend_h + gap;
    place(&g, &p, top, lh);
    *plot = (ui_rect){g.m.x, top, g.m.w, p.height};
    ui_rect axis = {g.in.x, top + p.height, g.in.w, axis_h};

    char buf[32];
    ui_format_duration(g.m.t1, buf, sizeof buf);
    int64_t step = ui__tick_step(&g.m, label_w(c, sp, buf) + c->px / 2, c->px);

    ui__legend(c, &seen, (ui_rect){g.in.x, g.in.y, g.in.w, legend_h}, true);
    lanes_tracks(c, &g, &g.wl);
    lanes_tracks(c, &g, &g.rl);
    ui_rect_fill(c->out, g.wband, c->theme->bg, 0);
    ui_rect_fill(c->out, g.rband, c->theme->bg, 0);
    ui__time_grid(c, &g.m, step, *plot);
    lanes_bars(c, run, &g, TL_LANE_WORKER, &g.wl);
    lanes_bars(c, run, &g, TL_LANE_REQUEST, &g.rl);
    draw_bands(c, run, &g, nreq);
    ui__time_axis(c, &g.m, step, g.in, axis);
    ui__cursor(c, &g.m, g.in, *plot, axis);
}
