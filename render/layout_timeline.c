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
 * least a line of small text (lane_min: a lane is never thinner than its label,
 * and every lane is labelled), and never more than 2 px. Otherwise the requests
 * are summed up in a band (layout_band.c), and the workers keep their lanes if
 * each still gets lane_min, else they become a band too (a thread per request
 * under load makes thousands of threads).
 *
 * Compared runs share one y scale: a band's top is the larger of the two runs'
 * peaks, so the same count has the same height in both columns.
 *
 * The window: the teacher's zoom (the wheel, --from/--to), else the zoom of the
 * caption showing (a lesson about 5 ms turns shows 20 ms; past its end the window
 * pages along with the clock), else the whole run.
 * When it is not the whole run, the panel says so in words at its top right.
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
    int svc_h;      /* the services' groups under the workers (layout_service_lanes.c) */
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

static int64_t max64(int64_t a, int64_t b)
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
    if (nw > 0 && p->rband && nw * min_worker + 2 * lh <= avail) {
        /* not room for a full band under the workers' lanes, but for a line's
         * height of one */
        p->nw = nw;
        p->pw = min_worker;
        p->rband_h = avail - nw * p->pw - lh;
        return;
    }
    if (nw > 0 && nw * min_worker <= avail && nr <= nw) {
        /* room for the workers' lanes but not for a band under them as well, and
         * no more requests than workers: the workers carry the lesson; the
         * requests get what is left if it holds a heading and a line's height of
         * band, else they are left out (more requests than workers: two bands,
         * as the queue is then the lesson) */
        p->nw = nw;
        p->pw = min_worker;
        int rest = avail - nw * p->pw;
        p->rband = p->rband && rest >= 2 * lh;
        p->rband_h = p->rband ? rest - lh : 0;
        if (!p->rband)
            p->pw = min_i(max_pitch, avail / nw);
        return;
    }
    p->wband = nw > 0;
    int wpart = p->rband ? avail / 2 : avail;
    p->wband_h = p->wband ? wpart - lh : 0;
    p->rband_h = p->rband ? avail - (p->wband ? wpart : 0) - lh : 0;
}

/* The thinnest lane pitch: a bar as high as a line of small text, and a pixel
 * or two between lanes (ui__lane_gap). */
static int lane_min(const ui_ctx *c)
{
    return text_h(c, ui__small_px(c)) + 2;
}

/* Splits height H between nw workers and nr requests. */
static lane_plan plan_lanes(const ui_ctx *c, size_t nw, size_t nr, int H)
{
    int px = c->px, lh = text_h(c, ui__small_px(c));
    int min_lane = lane_min(c), max_pitch = max_i(2 * px, min_lane);
    lane_plan p = {0};
    p.sep = nw > 0 && nr > 0 ? px / 4 : 0;
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
        plan_bands(&p, (int)nw, (int)nr, avail, min_lane, max_pitch, lh, px);
    }
    if (p.wband_h < 0 || p.rband_h < 0)
        p.wband = p.rband = false; /* no room for a band: show nothing rather than a sliver */
    p.height = p.nw * p.pw + p.nr * p.pr + p.sep + (p.wband ? lh + p.wband_h : 0) +
               (p.rband ? lh + p.rband_h : 0);
    return p;
}

/* The space under a lane's bar: a sixth of the pitch, but never so much that the
 * bar gets thinner than a line of small text (lh), and at least a pixel. */
int ui__lane_gap(int pitch, int lh)
{
    if (pitch <= 0)
        return 0;
    int g = pitch / 6;
    g = g < pitch - lh ? g : pitch - lh;
    return g < 1 ? 1 : g;
}

/* Labels for lanes `pitch` apart with bars bar_h high: the base size when a line
 * fits a bar, else the small size, on every k-th lane when even that is taller
 * than a lane (never, with lanes at least lane_min apart). */
ui__label_fit ui__fit_labels(const ui_ctx *c, int pitch, int bar_h)
{
    ui__label_fit f = {c->px, 1};
    if (pitch > 0 && text_h(c, c->px) > bar_h) {
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
        for (size_t k = 0; k < u->nservices; k++) { /* the services' lanes */
            const ui_run *s = &u->services[k].run;
            for (size_t w = 0; s->nworkers <= NAMED_WORKERS_MAX && w < s->nworkers; w++)
                if (strlen(s->short_names[w]) > strlen(longest))
                    longest = s->short_names[w];
        }
    }
    char req[32], scale[32];
    snprintf(req, sizeof req, "#%lld", (long long)(reqs < 999 ? reqs : 999));
    format_count(ui__nice_ceil((double)most), scale, sizeof scale);
    int w = max_i(label_w(c, c->px, longest), label_w(c, c->px, req));
    w = max_i(w, label_w(c, ui__small_px(c), scale)) + c->px / 2;
    return min_i(max_i(w, c->px), max_w);
}

/* A label in the column left of the plot, right-aligned, centred on y_mid. */
void ui__side_label(const ui_ctx *c, ui_rect in, int col_w, int px, int y_mid, const char *s,
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
    int svc_y;           /* the services' groups' top */
    ui_rect whead, wband, rhead, rband;
    int wunit, runit;    /* the bands' scale heights (a taller band goes on up) */
} tl_geom;

/* The lanes' tracks, each tagged with the lane's state at the cursor. */
static void lanes_tracks(const ui_ctx *c, size_t run, const tl_geom *g, const ui__lanes *l,
                         bool workers)
{
    const timeline *tl = c->doc->runs[run].tl;
    for (int i = 0; i < l->n; i++) {
        ui_shape *s = ui_rect_fill(
            c->out, (ui_rect){g->m.x, l->y + i * l->pitch, g->m.w, l->pitch - l->gap}, c->theme->bg,
            0);
        tl_span at;
        if (s) {
            s->role = UI_ROLE_LANE;
            s->id = workers ? i : -1 - i;
            if (timeline_state_at_step(tl, workers ? TL_LANE_WORKER : TL_LANE_REQUEST, (size_t)i,
                                       c->t, c->step, &at) == 0)
                s->state = (int16_t)at.state;
        }
    }
}

static void lanes_bars(const ui_ctx *c, size_t run, const tl_geom *g, tl_lane_kind kind,
                       const ui__lanes *l)
{
    const ui_run *u = &c->doc->runs[run];
    int bar_h = l->pitch - l->gap;
    ui__label_fit f = ui__fit_labels(c, l->pitch, bar_h);
    for (int i = 0; i < l->n; i++) {
        ui_rect bar = {g->m.x, l->y + i * l->pitch, g->m.w, bar_h};
        ui__lane_bars(c, run, kind, (size_t)i, &g->m, g->tend, bar);
        if (i % f.every != 0)
            continue;
        char buf[32];
        bool w = kind == TL_LANE_WORKER;
        if (!w)
            snprintf(buf, sizeof buf, "#%d", i + 1);
        ui__side_label(c, g->in, g->col_w, f.px, bar.y + bar_h / 2, w ? u->short_names[i] : buf,
                       UI_ROLE_LANE_LABEL, w ? i : -1 - i);
    }
}

/* The labelled steps of a band's scale, in halves of the scale: every half when
 * it is three lines of small text high, else every whole scale. */
static int band_step(const ui_ctx *c, int unit_h)
{
    return unit_h >= 3 * text_h(c, ui__small_px(c)) ? 1 : 2;
}

/* How many halves of a scale unit_h pixels high fit in h, in whole steps (2: the
 * scale itself). */
static int halves_in(int unit_h, int step, int h)
{
    int k = 2;
    while (unit_h > 0 && k + step < 64 && unit_h * (k + step) / 2 <= h)
        k += step;
    return k;
}

/* A band's heading over the plot (the long form when it fits) and its scale in
 * the label column: `scale` is the count unit_h pixels high, labelled at every
 * half of it up to the band's top (a band taller than the unit goes on up).
 * which: 0 requests, 1 threads. */
static void band_labels(const ui_ctx *c, const tl_geom *g, ui_rect head, ui_rect band,
                        const char *longer, const char *shorter, int64_t scale, int unit_h,
                        ui_role role, int which)
{
    int sp = ui__small_px(c);
    const char *s = c->m->width(c->m->ctx, UI_FONT_BOLD, sp, longer, strlen(longer)) <= head.w
                        ? longer
                        : shorter;
    size_t from = c->out->n;
    ui_text(c->out, c->m, UI_FONT_BOLD, sp, c->theme->text, head.x, head.y, head.w, UI_ALIGN_LEFT,
            s);
    ui_tag(c->out, from, role, -1, -1);
    int step = band_step(c, unit_h), top = halves_in(unit_h, step, band.h);
    char buf[32];
    for (int k = 0; k <= top && k < 64; k++)
        if (k % step == 0) {
            size_t at = c->out->n;
            ui__side_label(c, g->in, g->col_w, sp, band.y + band.h - unit_h * k / 2,
                           format_count(scale * k / 2, buf, sizeof buf), UI_ROLE_NONE, -1);
            /* the frame's data reads the top label as the band's scale (state 2) */
            ui_tag(c->out, at, UI_ROLE_BAND_SCALE, which, (int16_t)(k == top ? 2 : k == 2 ? 3 : k));
        }
}

/* The band's track, tagged so the frame's data tells its height. */
static void band_track(const ui_ctx *c, ui_rect band, int which)
{
    ui_shape *s = band.h > 0 ? ui_rect_fill(c->out, band, c->theme->bg, 0) : NULL;
    if (s) {
        s->role = UI_ROLE_BAND_SCALE;
        s->id = which;
    }
}

/* The band's grid: a line at every labelled step of the scale. */
static void band_grid(const ui_ctx *c, ui_rect band, int unit_h)
{
    int step = band_step(c, unit_h);
    for (int k = step; unit_h > 0 && unit_h * k / 2 <= band.h && k < 64; k += step) {
        int y = band.y + band.h - unit_h * k / 2;
        ui_line(c->out, band.x, y, band.x + band.w, y, c->theme->grid, 1);
    }
}

/* The height of a band with room `own` whose scale is unit_h pixels high: the
 * most whole steps of the scale that fit (band_labels' rows), at least the unit. */
static int whole_halves(const ui_ctx *c, int unit_h, int own)
{
    int k = halves_in(unit_h, band_step(c, unit_h), own);
    return own > unit_h ? unit_h * k / 2 : unit_h;
}

/* The count at a band's top when `scale` is unit_h pixels high: the count of its
 * top label (a band taller than the unit is whole steps of it high). */
static int64_t band_top(const ui_ctx *c, int64_t scale, int unit_h, int h)
{
    return unit_h > 0 && h > unit_h ? scale * halves_in(unit_h, band_step(c, unit_h), h) / 2
                                    : scale;
}

static void draw_bands(const ui_ctx *c, size_t run, const tl_geom *g, size_t nreq, int64_t wscale,
                       int64_t rscale)
{
    char n[32], longer[96], shorter[64];
    if (g->wband.h > 0) {
        band_grid(c, g->wband, g->wunit);
        ui__worker_band(c, run, &g->m, g->tend, g->wband,
                        band_top(c, wscale, g->wunit, g->wband.h));
        band_labels(c, g, g->whead, g->wband, "Threads, how many in each state", "Threads", wscale,
                    g->wunit, UI_ROLE_NONE, 1);
    }
    if (g->rband.h > 0) {
        band_grid(c, g->rband, g->runit);
        ui__request_band(c, run, &g->m, g->tend, g->rband,
                         band_top(c, rscale, g->runit, g->rband.h));
        format_count((int64_t)nreq, n, sizeof n);
        snprintf(longer, sizeof longer, "%s requests, how many in each state", n);
        snprintf(shorter, sizeof shorter, "%s requests", n);
        band_labels(c, g, g->rhead, g->rband, longer, shorter, rscale, g->runit,
                    UI_ROLE_REQUEST_BAND, 0);
    }
}

/* Places the rows of plan p in the inner rect: the workers, the services'
 * groups, the requests. */
static void place(tl_geom *g, const lane_plan *p, int top, int lh)
{
    int x = g->m.x, w = g->m.w, y = top;
    g->wl = (ui__lanes){y, p->nw, p->pw, ui__lane_gap(p->pw, lh)};
    y += p->nw * p->pw;
    if (p->wband) {
        g->whead = (ui_rect){x, y, w, lh};
        g->wband = (ui_rect){x, y + lh, w, p->wband_h};
        y += lh + p->wband_h;
    }
    g->svc_y = y;
    y += p->svc_h;
    y += p->sep;
    g->rl = (ui__lanes){y, p->nr, p->pr, ui__lane_gap(p->pr, lh)};
    y += p->nr * p->pr;
    if (p->rband) {
        g->rhead = (ui_rect){x, y, w, lh};
        g->rband = (ui_rect){x, y + lh, w, p->rband_h};
    }
}

int ui__timeline_window(const ui_ctx *c, int64_t *t0, int64_t *t1)
{
    const ui_view *v = c->view;
    const ui_doc *doc = c->doc;
    *t0 = 0;
    *t1 = doc && doc->end > 0 ? doc->end : 1;
    if (v->zoom_t1 > v->zoom_t0) {
        *t0 = v->zoom_t0;
        *t1 = v->zoom_t1;
        return UI_WINDOW_ZOOM;
    }
    size_t runs[2];
    size_t n = ui__runs_shown(c, runs);
    for (size_t i = 0; i < n; i++) { /* the left column's caption first */
        size_t nc;
        const scn_narration *list = scn_runtime_narration(doc->scn, runs[i], &nc);
        int k = scn_caption_at(list, nc, c->t);
        if (k >= 0 && list[k].zoom_t1 > list[k].zoom_t0 && list[k].zoom_t0 < doc->end) {
            /* past the window's end it pages along with the clock, a window's
             * width at a time, so the cursor stays on screen while it shows */
            int64_t w = list[k].zoom_t1 - list[k].zoom_t0, p = 0;
            if (c->t > list[k].zoom_t1)
                p = (c->t - list[k].zoom_t0) / w;
            *t0 = list[k].zoom_t0 + p * w;
            *t1 = *t0 + w;
            return UI_WINDOW_CAPTION;
        }
    }
    return UI_WINDOW_RUN;
}

/* "zoom: 0 s to 20 ms": the window in words, right-aligned in r's first row, when
 * it is not the whole run. Returns the width it takes (0 when none). */
static int zoom_label(const ui_ctx *c, const ui__xmap *m, ui_rect r, bool draw)
{
    int64_t w0, w1;
    int src = ui__timeline_window(c, &w0, &w1);
    if (src == UI_WINDOW_RUN)
        return 0;
    char a[32], b[32], s[96];
    ui_format_duration(m->t0, a, sizeof a);
    ui_format_duration(m->t1, b, sizeof b);
    snprintf(s, sizeof s, "%s: %s to %s", src == UI_WINDOW_CAPTION ? "zoom (caption)" : "zoom", a,
             b);
    int sp = ui__small_px(c);
    int w = c->m->width(c->m->ctx, UI_FONT_BOLD, sp, s, strlen(s));
    if (w > r.w * 2 / 5) {
        /* short of room (compared, bigger text): the window alone, "500-520 ms",
         * so the legend beside it keeps its rows */
        const char *ua = strchr(a, ' '), *ub = strchr(b, ' ');
        bool same_unit = ua && ub && strcmp(ua, ub) == 0;
        snprintf(s, sizeof s, "zoom %.*s-%s", same_unit ? (int)(ua - a) : (int)strlen(a), a, b);
        w = c->m->width(c->m->ctx, UI_FONT_BOLD, sp, s, strlen(s));
    }
    w = min_i(w, r.w / 2);
    if (draw) {
        size_t from = c->out->n;
        ui_text(c->out, c->m, UI_FONT_BOLD, sp, c->theme->accent, r.x + r.w - w, r.y, w,
                UI_ALIGN_RIGHT, s);
        ui_tag(c->out, from, UI_ROLE_ZOOM, src, -1);
    }
    return w;
}

/* Whether any lane of the run takes turns on the GIL in the window (the legend's
 * entry for the hatching). */
static bool any_turns(const ui_ctx *c, size_t run, int64_t t0, int64_t t1, bool workers,
                      bool requests)
{
    const ui_run *u = &c->doc->runs[run];
    if (!u->worker_seen[TL_W_WAIT_GIL])
        return false;
    for (size_t w = 0; workers && u->nworkers <= NAMED_WORKERS_MAX && w < u->nworkers; w++)
        if (ui__lane_has_turns(c, run, TL_LANE_WORKER, w, t0, t1))
            return true;
    size_t nreq = timeline_lane_count(u->tl, TL_LANE_REQUEST);
    for (size_t q = 0; requests && nreq <= NAMED_WORKERS_MAX && q < nreq; q++)
        if (ui__lane_has_turns(c, run, TL_LANE_REQUEST, q, t0, t1))
            return true;
    return false;
}

/* A run's timeline, planned: what its legend lists and its height, and its rows. */
typedef struct {
    ui__seen seen;
    ui_rect legend_r; /* the legend's place (h = legend_h) */
    int legend_h;
    lane_plan p;
    ui__svc_plan svc; /* the services' groups */
} run_plan;

/* Splits height H between nw workers, nr requests and the services' groups in
 * sp. The services' workers are lanes like the front's and share their pitch
 * when all of them get lanes; short of room, the groups take at most half of H
 * at the thinnest pitch, and no more than the front leaves over once its
 * workers have their lanes (or a band) and its requests a band's line: a big
 * service shows its first workers, and the last groups are left out when not
 * even a lane each fits. */
static lane_plan plan_all(const ui_ctx *c, size_t nw, size_t nr, int H, ui__svc_plan *sp)
{
    if (sp->n == 0)
        return plan_lanes(c, nw, nr, H);
    int heads = sp->sep + (int)sp->n * sp->head_h;
    size_t ns = (size_t)ui__svc_lanes(sp);
    lane_plan p = plan_lanes(c, nw + ns, nr, H - heads);
    if (!p.wband && p.nw == (int)(nw + ns) && p.pw > 0) {
        p.nw = (int)nw;
        sp->pitch = p.pw;
        p.svc_h = ui__svc_height(sp);
        p.height += heads; /* the lanes are counted among the workers' */
        return p;
    }
    int lh = text_h(c, ui__small_px(c)), pitch = lane_min(c);
    int front = (nw <= NAMED_WORKERS_MAX ? (int)nw * pitch : 2 * lh) + (nr > 0 ? 2 * lh : 0);
    ui__svc_fit(sp, min_i(H / 2, H - front - c->px / 4), pitch);
    p = plan_lanes(c, nw, nr, H - ui__svc_height(sp));
    p.svc_h = ui__svc_height(sp);
    p.height += p.svc_h;
    return p;
}

static run_plan plan_run(const ui_ctx *c, size_t run, ui_rect in, const ui__xmap *m)
{
    const ui_run *u = &c->doc->runs[run];
    size_t nreq = timeline_lane_count(u->tl, TL_LANE_REQUEST);
    int lh = text_h(c, ui__small_px(c)), gap = c->px / 3;
    run_plan rp;
    ui__states_seen(u, nreq > 0, &rp.seen);
    ui__svc_plan_init(c, run, &rp.svc);
    ui__svc_seen(c, run, &rp.svc, m->t0, m->t1, &rp.seen);
    bool svc_turns = rp.seen.turns;
    int zoom_w = zoom_label(c, m, in, false);
    rp.legend_r = (ui_rect){in.x, in.y, in.w - (zoom_w ? zoom_w + c->px : 0), 0};
    int axis_h = c->px / 4 + 2 + lh;
    /* the legend names the hatching only when a lane drawn as a lane has it: a
     * second pass when the first plan made bands of the lanes that had it */
    bool wl = true, rl = true;
    for (int pass = 0; pass < 2; pass++) {
        rp.seen.turns = svc_turns || any_turns(c, run, m->t0, m->t1, wl, rl);
        rp.legend_h = max_i(ui__legend(c, &rp.seen, rp.legend_r, false), zoom_w ? lh : 0);
        ui__svc_plan_init(c, run, &rp.svc);
        rp.p = plan_all(c, u->nworkers, nreq, in.h - rp.legend_h - gap - axis_h, &rp.svc);
        if (!rp.seen.turns || (rp.p.nw > 0 && rp.p.nr > 0))
            break;
        wl = rp.p.nw > 0;
        rl = rp.p.nr > 0;
    }
    rp.legend_r.h = rp.legend_h;
    return rp;
}

/* Compared runs share the bands' y scales: each band's top is the larger of the
 * runs' scales, and its height the smaller of their heights, so the same count
 * is the same height in both columns. Alone, a run's own. */
static void shared_bands(const ui_ctx *c, size_t run, ui_rect in, const ui__xmap *m, lane_plan *p,
                         int64_t *wscale, int64_t *rscale)
{
    *wscale = p->wband ? ui__worker_scale(c, run) : 1;
    *rscale = p->rband ? ui__request_scale(c, run, m) : 1;
    size_t runs[2];
    size_t n = ui__runs_shown(c, runs);
    if (n < 2 || (runs[0] != run && runs[1] != run))
        return;
    for (size_t i = 0; i < n; i++) {
        if (runs[i] == run)
            continue;
        lane_plan o = plan_run(c, runs[i], in, m).p;
        if (o.wband && p->wband) {
            *wscale = max64(*wscale, ui__worker_scale(c, runs[i]));
            p->wband_h = min_i(p->wband_h, o.wband_h);
        }
        if (o.rband && p->rband) {
            *rscale = max64(*rscale, ui__request_scale(c, runs[i], m));
            p->rband_h = min_i(p->rband_h, o.rband_h);
        }
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
    g.col_w = label_column(c, g.in.w / 4);
    g.m = ui__xmap_make(g.in.x + g.col_w, g.in.w - g.col_w - c->px / 2, t0, t1);
    run_plan rp = plan_run(c, run, g.in, &g.m);
    lane_plan p = rp.p;
    int64_t wscale = 1, rscale = 1;
    shared_bands(c, run, g.in, &g.m, &p, &wscale, &rscale);
    int legend_h = rp.legend_h, axis_h = c->px / 4 + 2 + lh;
    ui_rect legend_r = rp.legend_r;
    g.tend = c->t < g.m.t1 ? c->t : g.m.t1;
    int top = g.in.y + legend_h + gap;
    /* a band taller than the other column's keeps the shared scale (as many pixels
     * a request) and goes on up to the top of its room, in whole halves of the
     * scale so its top is a labelled count */
    g.wunit = p.wband_h;
    g.runit = p.rband_h;
    if (p.rband)
        p.rband_h = whole_halves(c, p.rband_h, rp.p.rband_h);
    if (p.wband)
        p.wband_h = whole_halves(c, p.wband_h, rp.p.wband_h);
    place(&g, &p, top, lh);
    /* what the whole halves leave over goes above the bands, which keep their
     * base on the axis */
    int drop = rp.p.rband_h - p.rband_h + rp.p.wband_h - p.wband_h;
    if (drop > 0) {
        g.whead.y += drop;
        g.svc_y += drop;
        g.wband.y += drop;
        g.rl.y += drop;
        g.rhead.y += drop;
        g.rband.y += drop;
    }
    *plot = (ui_rect){g.m.x, top, g.m.w, p.height};
    ui_rect axis = {g.in.x, top + p.height, g.in.w, axis_h};

    char buf[32];
    ui_format_duration(g.m.t1, buf, sizeof buf);
    int64_t step = ui__tick_step(&g.m, label_w(c, sp, buf) + c->px / 2, c->px);

    legend_r.h = legend_h;
    ui__legend(c, &rp.seen, legend_r, true);
    zoom_label(c, &g.m, g.in, true);
    lanes_tracks(c, run, &g, &g.wl, true);
    ui__svc_draw(c, run, &rp.svc, g.in, g.col_w, &g.m, g.tend, g.svc_y, false);
    lanes_tracks(c, run, &g, &g.rl, false);
    band_track(c, g.wband, 1);
    band_track(c, g.rband, 0);
    ui__time_grid(c, &g.m, step, *plot);
    lanes_bars(c, run, &g, TL_LANE_WORKER, &g.wl);
    ui__svc_draw(c, run, &rp.svc, g.in, g.col_w, &g.m, g.tend, g.svc_y, true);
    lanes_bars(c, run, &g, TL_LANE_REQUEST, &g.rl);
    draw_bands(c, run, &g, nreq, wscale, rscale);
    ui__time_axis(c, &g.m, step, g.in, axis);
    ui__cursor(c, &g.m, g.in, *plot, axis);
}
