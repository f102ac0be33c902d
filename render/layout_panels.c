/* layout_panels.c - the panels beside a run: live metrics, the printed log (the code
 * listing is layout_code.c's), and the narration caption.
 *
 * Each panel reads the run's timeline at c->t and draws only inside its rect. The
 * back row of a lecture hall reads these panels, so text never goes below 0.8 of the
 * base size: a panel that is short of room shows fewer things, not smaller ones.
 * Sizes that could depend on the time shown (how many lines were printed) are chosen
 * from the whole run instead, so that nothing changes size while the run plays.
 */
#include <stdio.h>
#include <string.h>

#include "ui_layout_internal.h"
#include "ui_metrics.h"
#include "ui_orders.h"

/* ---- metrics -------------------------------------------------------------------- */

typedef struct {
    bool present;
    const char *label;
    char value[48];
    char widest[64]; /* as wide as the value can get: the layout is sized for it, so
                        that it does not change while the run plays */
} metric_cell;

/* A rate with three significant digits up to 100, then whole, with a thousands
 * separator as bistro-sim's numbers are read aloud ("990,079 req/s"). */
static void fmt_rate(char *buf, size_t size, double v, const char *unit)
{
    if (v < 100) {
        snprintf(buf, size, "%.*f%s", v >= 10 ? 1 : 2, v, unit);
        return;
    }
    if (v >= 1e9) {
        snprintf(buf, size, "%.0f%s", v, unit);
        return;
    }
    long long n = (long long)(v + 0.5);
    if (n >= 1000000)
        snprintf(buf, size, "%lld,%03lld,%03lld%s", n / 1000000, n / 1000 % 1000, n % 1000, unit);
    else if (n >= 1000)
        snprintf(buf, size, "%lld,%03lld%s", n / 1000, n % 1000, unit);
    else
        snprintf(buf, size, "%lld%s", n, unit);
}

static metric_cell *cell(metric_cell *cells, int id, const char *label, const char *widest)
{
    cells[id].present = true;
    cells[id].label = label;
    snprintf(cells[id].widest, sizeof cells[id].widest, "%s", widest);
    return &cells[id];
}

/* The metrics that apply to this run at c->t, indexed by ui_metric, from
 * ui_run_metrics_at (each run on its own clock). `other` is the run shown beside it
 * when comparing, or -1: a GIL or loop row that applies to either column is in both,
 * so the two columns line up; the one without says so ("no GIL"). */
static void metric_cells(const ui_ctx *c, size_t run, int64_t other,
                         metric_cell cells[UI_METRIC_COUNT])
{
    ui_run_metrics k, o = {0};
    ui_run_metrics_at(c->doc, run, c->t, &k);
    if (other >= 0)
        ui_run_metrics_at(c->doc, (size_t)other, c->t, &o);
    memset(cells, 0, UI_METRIC_COUNT * sizeof *cells);
    size_t size = sizeof cells->value;
    /* the widest values: every digit an 8 (digits share one width in the fonts),
     * times as ui_format_time writes them at their longest */
    static const char time_w[] = "888.8 ms";
    char nn[64], n[24];
    snprintf(n, sizeof n, "%lld", (long long)k.requests);
    for (char *d = n; *d; d++)
        *d = '8';
    snprintf(nn, sizeof nn, "%s of %s", n, n);
    snprintf(cell(cells, UI_METRIC_COMPLETED, "completed", nn)->value, size, "%lld of %lld",
             (long long)k.completed, (long long)k.requests);
    snprintf(cell(cells, UI_METRIC_IN_FLIGHT, "in flight", n)->value, size, "%lld",
             (long long)k.in_flight);
    fmt_rate(cell(cells, UI_METRIC_THROUGHPUT, "throughput", "888,888 req/s")->value, size,
             k.throughput_rps, " req/s");
    fmt_rate(cell(cells, UI_METRIC_CPU, "CPU use", "88.8 %")->value, size, k.cpu_util * 100.0,
             " %");
    if (k.has_gil || k.gil_wait_ns > 0 || o.has_gil || o.gil_wait_ns > 0) {
        metric_cell *m = cell(cells, UI_METRIC_GIL_WAIT, "GIL wait", time_w);
        if (k.has_gil || k.gil_wait_ns > 0)
            ui_format_time(k.gil_wait_ns, m->value, size);
        else
            snprintf(m->value, size, "no GIL");
    }
    if (k.has_loop || k.loop_lag_max_ns > 0 || o.has_loop || o.loop_lag_max_ns > 0) {
        /* the lag now grows while one callback blocks the loop; the worst counts it */
        metric_cell *now = cell(cells, UI_METRIC_LOOP_LAG, "loop lag now", time_w);
        metric_cell *max = cell(cells, UI_METRIC_LOOP_LAG_MAX, "worst loop lag", time_w);
        if (k.has_loop || k.loop_lag_max_ns > 0) {
            ui_format_time(k.loop_lag_now_ns, now->value, size);
            ui_format_time(k.loop_lag_max_ns, max->value, size);
        } else {
            snprintf(now->value, size, "no loop");
            snprintf(max->value, size, "no loop");
        }
    }
    ui_format_bytes(k.memory_now_bytes,
                    cell(cells, UI_METRIC_MEMORY, "memory now", "888.8 MiB")->value, size);
    ui_format_bytes(k.memory_peak_bytes,
                    cell(cells, UI_METRIC_MEMORY_PEAK, "peak memory", "888.8 MiB")->value, size);
    static const char *const names[] = {"latency p50", "latency p95", "latency p99"};
    int64_t lat[] = {k.lat_p50_ns, k.lat_p95_ns, k.lat_p99_ns};
    for (int i = 0; i < 3; i++) {
        metric_cell *m = cell(cells, UI_METRIC_P50 + i, names[i], time_w);
        if (k.completed > 0)
            ui_format_time(lat[i], m->value, size);
        else
            snprintf(m->value, size, "\xE2\x80\x93"); /* an en dash: none completed yet */
    }
}

/* The metrics in screen order: row by row, most important first, as
 * ui_metric_order ranks them for the lesson. A panel short of room leaves out the
 * last ones, so the metric a lesson is about (memory among 10,000 connections, the
 * loop lag of a frozen loop) comes right after "completed" and is never the one
 * dropped while the panel has room for two. Returns how many apply. */
static size_t metric_order(const ui_ctx *c, const metric_cell all[UI_METRIC_COUNT],
                           const metric_cell **out)
{
    int order[UI_METRIC_COUNT];
    ui_metric_order(c->doc, order);
    size_t n = 0;
    for (int i = 0; i < UI_METRIC_COUNT; i++)
        if (all[order[i]].present)
            out[n++] = &all[order[i]];
    return n;
}

typedef struct {
    bool stacked;      /* the label above the value; else beside it, on one line */
    int vpx, lpx, cols, cw, ch;
    size_t n, shown;   /* metrics that apply, and how many fit */
    bool wide;         /* every label and value fits its column */
    const metric_cell *cells[UI_METRIC_COUNT];
} metric_grid;

/* `ordered`: the n metrics that apply, in screen order (metric_order). */
typedef struct {
    const metric_cell *cells[UI_METRIC_COUNT];
    size_t n;
} metric_list;

static void grid_try(const ui_ctx *c, const metric_list *all, ui_rect in, bool stacked, int vpx,
                     int cols, metric_grid *g)
{
    int gap = c->px / 2;
    g->stacked = stacked;
    g->vpx = vpx;
    g->lpx = ui__min_px(c->px);
    g->cols = cols;
    g->n = all->n;
    memcpy(g->cells, all->cells, sizeof g->cells);
    g->cw = (in.w - gap * (cols - 1)) / cols;
    int lh = ui__line_h(c, UI_FONT_SANS, g->lpx), vh = ui__line_h(c, UI_FONT_BOLD, vpx);
    g->ch = stacked ? lh + vh + c->px / 4 : (lh > vh ? lh : vh) + c->px / 6;
    int rows = in.h / g->ch;
    g->shown = (size_t)rows * (size_t)cols < g->n ? (size_t)rows * (size_t)cols : g->n;
    g->wide = g->cw > 0;
    for (size_t i = 0; i < g->n && g->wide; i++) {
        int lw = ui__text_w(c, UI_FONT_SANS, g->lpx, g->cells[i]->label);
        int vw = ui__text_w(c, UI_FONT_BOLD, vpx, g->cells[i]->widest);
        g->wide = stacked ? lw <= g->cw && vw <= g->cw : lw + c->px / 3 + vw <= g->cw;
    }
}

/* Big values under their labels if every metric fits so, else each metric on one
 * line; at the smallest size, as many as fit, the first ones first. False when not
 * all fit. */
static bool grid_pick(const ui_ctx *c, const metric_list *all, ui_rect in, metric_grid *g)
{
    static const int stacked[] = {16, 14, 12, 10}, one_line[] = {12, 10, 9, 8};
    static const int cols[] = {2, 3, 1, 4};
    for (int mode = 0; mode < 2; mode++) {
        const int *sizes = mode == 0 ? stacked : one_line;
        for (size_t s = 0; s < 4; s++)
            for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
                grid_try(c, all, in, mode == 0, ui__sized(c->px, sizes[s]), cols[k], g);
                if (g->wide && g->shown == g->n)
                    return true;
            }
    }
    for (int k = 4; k > 1; k--) {
        grid_try(c, all, in, false, ui__min_px(c->px), k, g);
        if (g->wide)
            return false;
    }
    grid_try(c, all, in, false, ui__min_px(c->px), 1, g);
    return false;
}

static void metric_draw(const ui_ctx *c, const metric_cell *m, int id, const metric_grid *g,
                        ui_rect box)
{
    const ui_theme *th = c->theme;
    size_t from = c->out->n;
    int lh = ui__line_h(c, UI_FONT_SANS, g->lpx);
    if (g->stacked) {
        ui__text_in(c, UI_FONT_SANS, g->lpx, th->text_dim, (ui_rect){box.x, box.y, box.w, lh},
                    UI_ALIGN_LEFT, m->label);
        ui__text_in(c, UI_FONT_BOLD, g->vpx, th->text,
                    (ui_rect){box.x, box.y + lh, box.w, box.h - lh}, UI_ALIGN_LEFT, m->value);
    } else {
        /* label left, value right: the column reads as a table */
        int vw = ui__text_w(c, UI_FONT_BOLD, g->vpx, m->value);
        vw = vw < box.w ? vw : box.w;
        ui__text_mid(c, UI_FONT_SANS, g->lpx, th->text_dim,
                     (ui_rect){box.x, box.y, box.w - vw - c->px / 3, box.h}, UI_ALIGN_LEFT,
                     m->label);
        ui__text_mid(c, UI_FONT_BOLD, g->vpx, th->text, box, UI_ALIGN_RIGHT, m->value);
    }
    ui_tag(c->out, from, UI_ROLE_METRIC, id, -1);
}

void ui__metrics(const ui_ctx *c, size_t run, ui_rect r)
{
    const ui_run *ru = ui__run_of(c, run);
    size_t from = c->out->n, text_n = c->out->text_n;
    ui_run_metrics k;
    ui_run_metrics_at(c->doc, run, c->t, &k);
    /* once the run has served everything its rates stop at its finish: say so */
    char heading[64], when[32];
    snprintf(heading, sizeof heading, k.finished ? "Metrics, done at %s" : "Metrics",
             ui_format_time(k.clock_ns, when, sizeof when));
    ui_rect in = ui__panel_in(c, r, heading);
    if (!ru || in.w <= 0 || in.h <= 0)
        return;
    size_t shown[2];
    int64_t other = -1;
    if (ui__runs_shown(c, shown) == 2)
        other = (int64_t)(shown[0] == run ? shown[1] : shown[0]);
    metric_cell all[UI_METRIC_COUNT];
    metric_cells(c, run, other, all);
    metric_list list;
    list.n = metric_order(c, all, list.cells);
    metric_grid g;
    if (!grid_pick(c, &list, in, &g) && in.h < r.h - c->px) {
        /* the metrics that do not fit are worth more than the heading */
        c->out->n = from;
        c->out->text_n = text_n;
        in = ui__panel_in(c, r, NULL);
        grid_pick(c, &list, in, &g);
    }
    int gap = c->px / 2;
    for (size_t i = 0; i < g.shown; i++) {
        int x = in.x + (int)(i % (size_t)g.cols) * (g.cw + gap);
        int y = in.y + (int)(i / (size_t)g.cols) * g.ch;
        metric_draw(c, g.cells[i], (int)(g.cells[i] - all), &g, (ui_rect){x, y, g.cw, g.ch});
    }
}

/* ---- the printed log ------------------------------------------------------------ */

/* One printed line: its text left, its time dim at the right; the newest on the
 * highlight with a marker bar, as a terminal's cursor line. */
static void log_row(const ui_ctx *c, const ui_run *ru, size_t i, bool newest, ui_rect row, int lpx)
{
    const ui_theme *th = c->theme;
    const scn_scenario *scn = c->doc->scn;
    sim_log_line ln = {0, -1, -1};
    timeline_log_line(ru->tl, i, &ln);
    const char *s = ln.text >= 0 && (size_t)ln.text < scn->nstrings ? scn->strings[ln.text] : "";
    size_t from = c->out->n;
    int bar = c->px / 4 > 2 ? c->px / 4 : 2, pad = c->px / 3;
    if (newest) {
        ui_rect_fill(c->out, row, th->highlight, 0);
        ui_rect_fill(c->out, (ui_rect){row.x, row.y, bar, row.h}, th->accent, 0);
    }
    ui_tag(c->out, from, UI_ROLE_LOG_LINE, (int32_t)i, newest ? 1 : 0); /* the highlight */
    char when[32];
    ui_format_time(ln.t, when, sizeof when);
    int spx = ui__min_px(c->px), ww = ui__text_w(c, UI_FONT_SANS, spx, when);
    ui_rect tr = {row.x + bar + pad, row.y, row.w - bar - 2 * pad, row.h};
    /* the time goes first when the line would be left with under six characters */
    if (tr.w - ww - pad >= 6 * ui__text_w(c, UI_FONT_MONO, lpx, "0")) {
        size_t at = c->out->n;
        ui__text_mid(c, UI_FONT_SANS, spx, th->text_dim, tr, UI_ALIGN_RIGHT, when);
        ui_tag(c->out, at, UI_ROLE_LOG_TIME, (int32_t)i, newest ? 1 : 0);
        tr.w -= ww + pad;
    }
    size_t at = c->out->n;
    ui__text_mid(c, UI_FONT_MONO, lpx, th->text, tr, UI_ALIGN_LEFT, s);
    ui_tag(c->out, at, UI_ROLE_LOG_LINE, (int32_t)i, newest ? 1 : 0);
}

/* The run's lines (up to six) are what should fit at once, so the size stays the
 * same while the run plays. */
static int log_want(const ui_run *ru)
{
    size_t total = timeline_log_count(ru->tl, ru->end);
    return total < 1 ? 1 : total > 6 ? 6 : (int)total;
}

static int log_row_h(const ui_ctx *c, int lpx)
{
    return ui__line_h(c, UI_FONT_MONO, lpx) + c->px / 8;
}

/* The biggest line size at which the wanted lines fit in h; 0 when none does. */
static int log_px(const ui_ctx *c, int want, int h)
{
    static const int tenths[] = {16, 14, 12, 11, 10, 9, 8};
    for (size_t s = 0; s < sizeof tenths / sizeof tenths[0]; s++) {
        int px = ui__sized(c->px, tenths[s]);
        if (want * log_row_h(c, px) <= h)
            return px;
    }
    return 0;
}

/* Under the log of a scenario whose machine has jitter (the lesson is a race): how
 * often the order on screen comes over the seeds of the orders view, once the run
 * has printed it all and the runs are in; until then, which key shows them all. */
static void race_line(const ui_ctx *c, const ui_run *ru, size_t run, size_t printed, ui_rect box)
{
    const ui_orders *o = c->view->order_runs;
    int cur = ui_orders_current(o, run);
    char line[160];
    if (cur >= 0 && ui_orders_done(o, run) &&
        printed == timeline_log_count(ru->tl, timeline_end(ru->tl))) {
        const ui_orders_run *r = &o->runs[run];
        snprintf(line, sizeof line, "this order in %lld of %lld runs (%.1f %%) \xC2\xB7 O: all",
                 (long long)r->orders[cur].runs, (long long)r->runs,
                 100.0 * (double)r->orders[cur].runs / (double)r->runs);
    } else {
        snprintf(line, sizeof line, "a race: O shows every order over %d seeds",
                 UI_ORDERS_LAST - UI_ORDERS_FIRST + 1);
    }
    size_t from = c->out->n;
    ui__text_in(c, UI_FONT_BOLD, ui__min_px(c->px), c->theme->accent, box, UI_ALIGN_LEFT, line);
    ui_tag(c->out, from, UI_ROLE_ORDERS, -3, -1);
}

void ui__log(const ui_ctx *c, size_t run, ui_rect r)
{
    const ui_run *ru = ui__run_of(c, run);
    size_t from = c->out->n, text_n = c->out->text_n;
    ui_rect in = ui__panel_in(c, r, "Printed log");
    if (!ru || in.w <= 0 || in.h <= 0)
        return;
    int want = log_want(ru), lpx = log_px(c, want, in.h);
    if (lpx == 0 && log_px(c, want, ui__inset(r, c->px / 2).h) > 0) {
        /* the lines are the lesson: they keep the room the heading would take */
        c->out->n = from;
        c->out->text_n = text_n;
        in = ui__panel_in(c, r, NULL);
        lpx = log_px(c, want, in.h);
    }
    lpx = lpx ? lpx : ui__min_px(c->px);
    size_t n = timeline_log_count_at_step(ru->tl, c->t < 0 ? 0 : c->t, c->step);
    int race_h = ui__line_h(c, UI_FONT_BOLD, ui__min_px(c->px));
    if (c->doc->scn->machine.jitter && in.h >= race_h + 2 * log_row_h(c, lpx)) {
        in.h -= race_h;
        race_line(c, ru, run, n, (ui_rect){in.x, in.y + in.h, in.w, race_h});
    }
    if (n == 0) {
        ui__text_in(c, UI_FONT_SANS, c->px, c->theme->text_dim, in, UI_ALIGN_LEFT,
                    "nothing printed yet");
        return;
    }
    int rh = log_row_h(c, lpx);
    size_t rows = (size_t)(in.h / rh), show = n < rows ? n : rows;
    int y = in.y;
    if (show < n && rows >= 2) {
        /* the oldest lines scroll away; say so rather than cut them silently */
        show = rows - 1;
        char more[48];
        snprintf(more, sizeof more, "%zu earlier line%s", n - show, n - show == 1 ? "" : "s");
        ui__text_mid(c, UI_FONT_SANS, ui__min_px(c->px), c->theme->text_dim,
                     (ui_rect){in.x, y, in.w, rh}, UI_ALIGN_LEFT, more);
        y += rh;
    }
    for (size_t i = n - show; i < n; i++, y += rh)
        log_row(c, ru, i, i == n - 1, (ui_rect){in.x, y, in.w, rh}, lpx);
}

/* ---- narration ------------------------------------------------------------------ */

/* What run `run` captions at c->t: its caption in effect (*k its index in the run's
 * list: its runtime's own, or the scenario's), else, before its first caption, the
 * scenario's description (*k = -1); NULL once a caption has ended and no other
 * has begun (a caption with "until" leaves the bar empty, so the class sees that
 * it no longer holds). */
static const char *caption_of(const ui_ctx *c, size_t run, int *k)
{
    const scn_scenario *scn = c->doc ? c->doc->scn : NULL;
    size_t n;
    const scn_narration *list = scn_runtime_narration(scn, run, &n);
    *k = scn_caption_at(list, n, c->t);
    if (*k >= 0)
        return list[*k].text;
    if (n > 0 && list[0].at <= c->t)
        return NULL;
    return scn ? scn->description : NULL;
}

/* Whether runs `run` and `run_b` show different captions at c->t. */
static bool captions_differ(const ui_ctx *c, size_t run, size_t run_b)
{
    int ka, kb;
    const char *a = caption_of(c, run, &ka), *b = caption_of(c, run_b, &kb);
    if ((ka < 0) != (kb < 0))
        return true; /* a caption beside the description: two different things */
    if (!a || !b)
        return a != b;
    return strcmp(a, b) != 0;
}

/* Run `run`'s caption in r. */
static void caption_box(const ui_ctx *c, size_t run, ui_rect r)
{
    int k;
    const char *s = caption_of(c, run, &k);
    c->out->run = (uint8_t)run;
    if (!s || !*s || r.w <= 0 || r.h <= 0)
        return;
    /* a caption reads as one, like film subtitles: the theme's text and background
     * swapped; the description before the first caption stays quiet on a panel */
    ui_color bg = k >= 0 ? c->theme->text : c->theme->panel;
    ui_color ink = k >= 0 ? c->theme->bg : c->theme->text_dim;
    size_t from = c->out->n;
    ui_rect_fill(c->out, r, bg, c->px / 3);
    ui_rect in = ui__inset(r, c->px / 2);
    static const int tenths[] = {11, 10, 9, 8};
    int px = ui__min_px(c->px), h = 0;
    for (size_t i = 0; i < sizeof tenths / sizeof tenths[0]; i++) {
        px = ui__sized(c->px, tenths[i]);
        if (k < 0 && px > c->px)
            continue;
        h = in.w > 2 * px ? ui__wrap_height(c, UI_FONT_SANS, px, in.w, s) : in.h + 1;
        if (h <= in.h)
            break;
    }
    if (h < in.h) {
        in.y += (in.h - h) / 2;
        in.h = h;
    }
    if (in.w > 2 * px)
        ui_text_wrap(c->out, c->m, UI_FONT_SANS, px, ink, in, s, UI_ROLE_NARRATION, k);
    ui_tag(c->out, from, UI_ROLE_NARRATION, k, -1);
}

/* The tallest of run's captions wrapped at px in width w. */
static int captions_h(const ui_ctx *c, size_t run, int w, int px)
{
    const scn_scenario *scn = c->doc->scn;
    size_t n;
    const scn_narration *list = scn_runtime_narration(scn, run, &n);
    int h = 0; /* the description before the first caption takes what room there is */
    for (size_t i = 0; i < n; i++) {
        int hi = list[i].text ? ui__wrap_height(c, UI_FONT_SANS, px, w, list[i].text) : 0;
        h = hi > h ? hi : h;
    }
    return h;
}

/* The last answers of ui__narration_height: measuring every caption of a run
 * costs more than laying out the rest of the frame, and the answer changes only
 * with the captions, the runs shown, the width, the text size and the fonts. */
typedef struct {
    const scn_narration *a, *b;
    size_t na, nb;
    const ui_measure *m;
    void *ctx;
    int px, gap, w, most, h;
} caption_memo;

static caption_memo memo[4];
static unsigned memo_next;

int ui__narration_height(const ui_ctx *c, size_t run, size_t run_b, int gap, int w, int most)
{
    if (!c->doc || !c->doc->scn || w <= 2 * c->px)
        return 0;
    size_t na, nb;
    const scn_narration *la = scn_runtime_narration(c->doc->scn, run, &na);
    const scn_narration *lb = scn_runtime_narration(c->doc->scn, run_b, &nb);
    caption_memo key = {la, lb, na, nb, c->m, c->m->ctx, c->px, gap, w, most, 0};
    for (size_t i = 0; i < sizeof memo / sizeof memo[0]; i++) {
        const caption_memo *k = &memo[i];
        if (k->a == la && k->b == lb && k->na == na && k->nb == nb && k->m == c->m &&
            k->ctx == c->m->ctx && k->px == c->px && k->gap == gap && k->w == w &&
            k->most == most && na + nb > 0)
            return k->h;
    }
    bool own = run_b != run && la != lb;
    int inw = (own ? (w - gap) / 2 : w) - 2 * (c->px / 2);
    static const int tenths[] = {10, 9, 8};
    int h = 0;
    for (size_t i = 0; i < sizeof tenths / sizeof tenths[0]; i++) {
        int px = ui__sized(c->px, tenths[i]);
        h = captions_h(c, run, inw, px);
        if (own) {
            int hb = captions_h(c, run_b, inw, px);
            h = hb > h ? hb : h;
        }
        h += 2 * (c->px / 2);
        if (h <= most)
            break;
    }
    key.h = h;
    memo[memo_next++ % (sizeof memo / sizeof memo[0])] = key;
    return h;
}

bool ui__narration(const ui_ctx *c, size_t run, size_t run_b, int gap, ui_rect r)
{
    if (!c->doc || !c->doc->scn || r.w <= 0 || r.h <= 0)
        return false;
    if (run_b == run || !captions_differ(c, run, run_b)) {
        caption_box(c, run, r);
        return run_b != run;
    }
    /* under each column, its runtime's own caption */
    int lw = (r.w - gap) / 2;
    caption_box(c, run, (ui_rect){r.x, r.y, lw, r.h});
    caption_box(c, run_b, (ui_rect){r.x + lw + gap, r.y, r.w - lw - gap, r.h});
    return false;
}
