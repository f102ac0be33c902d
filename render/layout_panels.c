/* layout_panels.c - the panels beside a run: live metrics, the printed log, the code
 * listing with the current line marked, and the narration caption.
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

/* What a UI_ROLE_METRIC shape shows (its id); the label and the value of one metric
 * share the id. The order on screen is metric_order's. */
typedef enum {
    UI_METRIC_COMPLETED,  /* "2 of 3" */
    UI_METRIC_IN_FLIGHT,  /* arrived, not completed */
    UI_METRIC_THROUGHPUT, /* completed per second so far */
    UI_METRIC_CPU,        /* core time used / (cores * t) */
    UI_METRIC_GIL_WAIT,   /* only with a GIL, or when some thread waited for one */
    UI_METRIC_LOOP_LAG,   /* the worst so far; only on an event loop, or when there was lag */
    UI_METRIC_P50,        /* latency percentiles of the requests completed so far */
    UI_METRIC_P95,
    UI_METRIC_P99,
    UI_METRIC_COUNT
} ui_metric;

static const char ellipsis[] = "\xE2\x80\xA6";

/* ---- text that stays in its box ------------------------------------------------- */

/* ceil(0.8 px): the smallest text any panel uses. */
static int small_px(int px)
{
    return (px * 4 + 4) / 5;
}

/* px scaled by tenths, never below the smallest size. */
static int sized(int px, int tenths)
{
    int s = px * tenths / 10;
    return s < small_px(px) ? small_px(px) : s;
}

static int line_h(const ui_ctx *c, ui_font f, int px)
{
    return c->m->height(c->m->ctx, f, px);
}

static int text_w(const ui_ctx *c, ui_font f, int px, const char *s)
{
    return c->m->width(c->m->ctx, f, px, s, strlen(s));
}

/* One line of text at the top of box, aligned within its width and cut with "…"
 * when too long; nothing when the box is too small even for that, so that text
 * never leaves its box. */
static ui_shape *text_in(const ui_ctx *c, ui_font f, int px, ui_color col, ui_rect box,
                         ui_align a, const char *s)
{
    if (box.h < line_h(c, f, px) || box.w <= 0)
        return NULL;
    if (text_w(c, f, px, s) > box.w && text_w(c, f, px, ellipsis) > box.w)
        return NULL;
    return ui_text(c->out, c->m, f, px, col, box.x, box.y, box.w, a, s);
}

/* The same, centred vertically in box. */
static ui_shape *text_mid(const ui_ctx *c, ui_font f, int px, ui_color col, ui_rect box,
                          ui_align a, const char *s)
{
    int h = line_h(c, f, px);
    if (box.h > h) {
        box.y += (box.h - h) / 2;
        box.h = h;
    }
    return text_in(c, f, px, col, box, a, s);
}

/* A panel, with its heading only when there is room for the heading and some
 * content under it. Returns the rect inside (w = h = 0 when r is empty). */
static ui_rect panel_in(const ui_ctx *c, ui_rect r, const char *heading)
{
    if (r.w <= 0 || r.h <= 0)
        return (ui_rect){r.x, r.y, 0, 0};
    int hh = line_h(c, UI_FONT_BOLD, c->px);
    bool room = r.h >= 3 * hh && r.w >= 6 * c->px;
    return ui__panel(c, r, room ? heading : NULL);
}

/* The height ui_text_wrap would use for s in width w, without keeping the shapes. */
static int wrap_height(const ui_ctx *c, ui_font f, int px, int w, const char *s)
{
    size_t n = c->out->n, text_n = c->out->text_n;
    int h = ui_text_wrap(c->out, c->m, f, px, c->theme->text, (ui_rect){0, 0, w, 1 << 28}, s,
                         UI_ROLE_NONE, -1);
    c->out->n = n;
    c->out->text_n = text_n;
    return h;
}

static const ui_run *run_of(const ui_ctx *c, size_t run)
{
    if (!c->doc || run >= c->doc->nruns || !c->doc->runs[run].tl)
        return NULL;
    return &c->doc->runs[run];
}

/* ---- metrics -------------------------------------------------------------------- */

typedef struct {
    bool present;
    const char *label;
    char value[48];
    char widest[64]; /* as wide as the value can get: the layout is sized for it, so
                        that it does not change while the run plays */
} metric_cell;

static bool runtime_has_gil(const scn_runtime *rt)
{
    if (rt->model == SCN_MODEL_PROCESSES && rt->each)
        rt = rt->each;
    return rt->gil;
}

static bool runtime_is_loop(const scn_runtime *rt)
{
    if (rt->model == SCN_MODEL_PROCESSES && rt->each)
        rt = rt->each;
    return rt->model == SCN_MODEL_EVENT_LOOP;
}

static void fmt_rate(char *buf, size_t size, double v, const char *unit)
{
    int decimals = v >= 100 ? 0 : v >= 10 ? 1 : 2;
    snprintf(buf, size, "%.*f%s", decimals, v, unit);
}

static metric_cell *cell(metric_cell *cells, int id, const char *label, const char *widest)
{
    cells[id].present = true;
    cells[id].label = label;
    snprintf(cells[id].widest, sizeof cells[id].widest, "%s", widest);
    return &cells[id];
}

/* The metrics that apply to this run at c->t, indexed by ui_metric. */
static void metric_cells(const ui_ctx *c, const ui_run *run, metric_cell cells[UI_METRIC_COUNT])
{
    tl_counters k;
    if (timeline_counters(run->tl, c->t < 0 ? 0 : c->t, &k) < 0)
        memset(&k, 0, sizeof k);
    memset(cells, 0, UI_METRIC_COUNT * sizeof *cells);
    size_t size = sizeof cells->value;
    /* the widest values: every digit an 8 (digits share one width in the fonts),
     * times as ui_format_time writes them at their longest */
    static const char time_w[] = "888.8 ms";
    char nn[64], n[24];
    snprintf(n, sizeof n, "%lld", (long long)run->requests);
    for (char *d = n; *d; d++)
        *d = '8';
    snprintf(nn, sizeof nn, "%s of %s", n, n);
    snprintf(cell(cells, UI_METRIC_COMPLETED, "completed", nn)->value, size, "%lld of %lld",
             (long long)k.completed, (long long)run->requests);
    snprintf(cell(cells, UI_METRIC_IN_FLIGHT, "in flight", n)->value, size, "%lld",
             (long long)k.in_flight);
    fmt_rate(cell(cells, UI_METRIC_THROUGHPUT, "throughput", "8888 req/s")->value, size,
             k.throughput_rps, " req/s");
    fmt_rate(cell(cells, UI_METRIC_CPU, "CPU use", "88.8 %")->value, size, k.cpu_util * 100.0,
             " %");
    if (runtime_has_gil(run->rt) || k.gil_wait_ns > 0)
        ui_format_time(k.gil_wait_ns, cell(cells, UI_METRIC_GIL_WAIT, "GIL wait", time_w)->value,
                       size);
    if (runtime_is_loop(run->rt) || k.loop_lag_max_ns > 0)
        ui_format_time(k.loop_lag_max_ns,
                       cell(cells, UI_METRIC_LOOP_LAG, "max loop lag", time_w)->value, size);
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

/* The metrics in screen order for a grid of `cols` columns: what the lessons are
 * about first (a small panel leaves out the last ones); with three columns, rows of
 * three instead: the counts, the latencies, the CPU. Returns how many. */
static size_t metric_order(const metric_cell all[UI_METRIC_COUNT], int cols,
                           const metric_cell **out)
{
    static const int by_priority[UI_METRIC_COUNT] = {
        UI_METRIC_COMPLETED, UI_METRIC_IN_FLIGHT, UI_METRIC_P50,      UI_METRIC_P99,
        UI_METRIC_THROUGHPUT, UI_METRIC_CPU,      UI_METRIC_GIL_WAIT, UI_METRIC_LOOP_LAG,
        UI_METRIC_P95};
    static const int by_rows_of_three[UI_METRIC_COUNT] = {
        UI_METRIC_COMPLETED, UI_METRIC_IN_FLIGHT, UI_METRIC_THROUGHPUT, UI_METRIC_P50,
        UI_METRIC_P95,       UI_METRIC_P99,       UI_METRIC_CPU,        UI_METRIC_GIL_WAIT,
        UI_METRIC_LOOP_LAG};
    const int *order = cols == 3 ? by_rows_of_three : by_priority;
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

static void grid_try(const ui_ctx *c, const metric_cell *all, ui_rect in, bool stacked, int vpx,
                     int cols, metric_grid *g)
{
    int gap = c->px / 2;
    g->stacked = stacked;
    g->vpx = vpx;
    g->lpx = small_px(c->px);
    g->cols = cols;
    g->n = metric_order(all, cols, g->cells);
    g->cw = (in.w - gap * (cols - 1)) / cols;
    int lh = line_h(c, UI_FONT_SANS, g->lpx), vh = line_h(c, UI_FONT_BOLD, vpx);
    g->ch = stacked ? lh + vh + c->px / 4 : (lh > vh ? lh : vh) + c->px / 6;
    int rows = in.h / g->ch;
    g->shown = (size_t)rows * (size_t)cols < g->n ? (size_t)rows * (size_t)cols : g->n;
    g->wide = g->cw > 0;
    for (size_t i = 0; i < g->n && g->wide; i++) {
        int lw = text_w(c, UI_FONT_SANS, g->lpx, g->cells[i]->label);
        int vw = text_w(c, UI_FONT_BOLD, vpx, g->cells[i]->widest);
        g->wide = stacked ? lw <= g->cw && vw <= g->cw : lw + c->px / 3 + vw <= g->cw;
    }
}

/* Big values under their labels if every metric fits so, else each metric on one
 * line; at the smallest size, as many as fit, the first ones first. False when not
 * all fit. */
static bool grid_pick(const ui_ctx *c, const metric_cell *all, ui_rect in, metric_grid *g)
{
    static const int stacked[] = {16, 14, 12, 10}, one_line[] = {12, 10, 9, 8};
    static const int cols[] = {2, 3, 1, 4};
    for (int mode = 0; mode < 2; mode++) {
        const int *sizes = mode == 0 ? stacked : one_line;
        for (size_t s = 0; s < 4; s++)
            for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
                grid_try(c, all, in, mode == 0, sized(c->px, sizes[s]), cols[k], g);
                if (g->wide && g->shown == g->n)
                    return true;
            }
    }
    for (int k = 4; k > 1; k--) {
        grid_try(c, all, in, false, small_px(c->px), k, g);
        if (g->wide)
            return false;
    }
    grid_try(c, all, in, false, small_px(c->px), 1, g);
    return false;
}

static void metric_draw(const ui_ctx *c, const metric_cell *m, int id, const metric_grid *g,
                        ui_rect box)
{
    const ui_theme *th = c->theme;
    size_t from = c->out->n;
    int lh = line_h(c, UI_FONT_SANS, g->lpx);
    if (g->stacked) {
        text_in(c, UI_FONT_SANS, g->lpx, th->text_dim, (ui_rect){box.x, box.y, box.w, lh},
                UI_ALIGN_LEFT, m->label);
        text_in(c, UI_FONT_BOLD, g->vpx, th->text,
                (ui_rect){box.x, box.y + lh, box.w, box.h - lh}, UI_ALIGN_LEFT, m->value);
    } else {
        /* label left, value right: the column reads as a table */
        int vw = text_w(c, UI_FONT_BOLD, g->vpx, m->value);
        vw = vw < box.w ? vw : box.w;
        text_mid(c, UI_FONT_SANS, g->lpx, th->text_dim,
                 (ui_rect){box.x, box.y, box.w - vw - c->px / 3, box.h}, UI_ALIGN_LEFT, m->label);
        text_mid(c, UI_FONT_BOLD, g->vpx, th->text, box, UI_ALIGN_RIGHT, m->value);
    }
    ui_tag(c->out, from, UI_ROLE_METRIC, id, -1);
}

void ui__metrics(const ui_ctx *c, size_t run, ui_rect r)
{
    const ui_run *ru = run_of(c, run);
    size_t from = c->out->n, text_n = c->out->text_n;
    ui_rect in = panel_in(c, r, "Metrics");
    if (!ru || in.w <= 0 || in.h <= 0)
        return;
    metric_cell all[UI_METRIC_COUNT];
    metric_cells(c, ru, all);
    metric_grid g;
    if (!grid_pick(c, all, in, &g) && in.h < r.h - c->px) {
        /* the metrics that do not fit are worth more than the heading */
        c->out->n = from;
        c->out->text_n = text_n;
        in = panel_in(c, r, NULL);
        grid_pick(c, all, in, &g);
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
static void log_row(const ui_ctx *c, const ui_run *ru, size_t i, bool newest, ui_rect row,
                    int lpx)
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
    char when[32];
    ui_format_time(ln.t, when, sizeof when);
    int spx = small_px(c->px), ww = text_w(c, UI_FONT_SANS, spx, when);
    ui_rect tr = {row.x + bar + pad, row.y, row.w - bar - 2 * pad, row.h};
    /* the time goes first when the line would be left with under six characters */
    if (tr.w - ww - pad >= 6 * text_w(c, UI_FONT_MONO, lpx, "0")) {
        text_mid(c, UI_FONT_SANS, spx, th->text_dim, tr, UI_ALIGN_RIGHT, when);
        tr.w -= ww + pad;
    }
    text_mid(c, UI_FONT_MONO, lpx, th->text, tr, UI_ALIGN_LEFT, s);
    ui_tag(c->out, from, UI_ROLE_LOG_LINE, (int32_t)i, newest ? 1 : 0);
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
    return line_h(c, UI_FONT_MONO, lpx) + c->px / 8;
}

/* The biggest line size at which the wanted lines fit in h; 0 when none does. */
static int log_px(const ui_ctx *c, int want, int h)
{
    static const int tenths[] = {16, 14, 12, 11, 10, 9, 8};
    for (size_t s = 0; s < sizeof tenths / sizeof tenths[0]; s++) {
        int px = sized(c->px, tenths[s]);
        if (want * log_row_h(c, px) <= h)
            return px;
    }
    return 0;
}

void ui__log(const ui_ctx *c, size_t run, ui_rect r)
{
    const ui_run *ru = run_of(c, run);
    size_t from = c->out->n, text_n = c->out->text_n;
    ui_rect in = panel_in(c, r, "Printed log");
    if (!ru || in.w <= 0 || in.h <= 0)
        return;
    int want = log_want(ru), lpx = log_px(c, want, in.h);
    if (lpx == 0 && log_px(c, want, ui__inset(r, c->px / 2).h) > 0) {
        /* the lines are the lesson: they keep the room the heading would take */
        c->out->n = from;
        c->out->text_n = text_n;
        in = panel_in(c, r, NULL);
        lpx = log_px(c, want, in.h);
    }
    lpx = lpx ? lpx : small_px(c->px);
    size_t n = timeline_log_count(ru->tl, c->t < 0 ? 0 : c->t);
    if (n == 0) {
        text_in(c, UI_FONT_SANS, c->px, c->theme->text_dim, in, UI_ALIGN_LEFT,
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
        text_mid(c, UI_FONT_SANS, small_px(c->px), c->theme->text_dim, (ui_rect){in.x, y, in.w, rh},
                 UI_ALIGN_LEFT, more);
        y += rh;
    }
    for (size_t i = n - show; i < n; i++, y += rh)
        log_row(c, ru, i, i == n - 1, (ui_rect){in.x, y, in.w, rh}, lpx);
}

/* ---- the code listing ----------------------------------------------------------- */

#define CODE_MAX_ROWS 160 /* more than any window shows at the smallest text */
/* The workers at one line: one chip names the first (a running one if any) and
 * counts the others ("T1+2"), so the chip column stays narrow and the code wide. */
typedef struct {
    int count;
    bool running;
    int32_t worker;
    int state;
} code_mark;

/* Where the workers are at c->t. With `marks`, fills the marks of lines first ..
 * first + rows - 1; returns the line to keep in view: the first line a worker runs,
 * else the first line any worker is at, else 0. */
static int code_scan(const ui_ctx *c, const ui_run *ru, int first, int rows, code_mark *marks)
{
    int focus_run = 0, focus_any = 0;
    int64_t t = c->t < 0 ? 0 : c->t;
    for (size_t w = 0; w < ru->nworkers; w++) {
        tl_span sp;
        if (timeline_worker_state(ru->tl, w, t, &sp) < 0 || sp.line <= 0 ||
            sp.state == TL_W_ABSENT || sp.state == TL_W_IDLE)
            continue;
        bool running = sp.state == TL_W_RUNNING;
        if (running && (focus_run == 0 || sp.line < focus_run))
            focus_run = sp.line;
        if (focus_any == 0 || sp.line < focus_any)
            focus_any = sp.line;
        if (!marks || sp.line < first || sp.line >= first + rows)
            continue;
        code_mark *mk = &marks[sp.line - first];
        if (mk->count == 0 || (running && !mk->running)) {
            mk->worker = (int32_t)w;
            mk->state = sp.state;
        }
        mk->count++;
        mk->running |= running;
    }
    return focus_run ? focus_run : focus_any;
}

/* Black or white text on a chip, whichever of the theme's text and background
 * colours stands out more from the chip's colour. */
static ui_color chip_ink(const ui_theme *th, ui_color fill)
{
    int lum = (fill.r * 299 + fill.g * 587 + fill.b * 114) / 1000;
    int lt = (th->text.r * 299 + th->text.g * 587 + th->text.b * 114) / 1000;
    int lb = (th->bg.r * 299 + th->bg.g * 587 + th->bg.b * 114) / 1000;
    int dt = lum > lt ? lum - lt : lt - lum, db = lum > lb ? lum - lb : lb - lum;
    return dt >= db ? th->text : th->bg;
}

/* A run of characters for measuring the monospaced code font. */
static const char ems[] = "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"
                          "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm";

typedef struct {
    int cpx, rh;       /* code text size, row height */
    int num_w, chip_w; /* line number column, the chip */
    int chip_px;
    int cols;          /* characters that fit in the code column */
    bool wrap;         /* long lines go on over more rows (the whole listing fits so) */
} code_geom;

static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The bytes of the first `chars` characters of s. */
static size_t utf8_skip(const char *s, size_t len, size_t chars)
{
    size_t i = 0;
    for (size_t n = 0; i < len && n <= chars; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == chars)
            break;
    return i;
}

static code_geom code_geom_at(const ui_ctx *c, const ui_run *ru, int cpx, ui_rect in)
{
    const scn_scenario *scn = c->doc->scn;
    code_geom g = {.cpx = cpx, .chip_px = small_px(c->px)};
    g.rh = line_h(c, UI_FONT_MONO, cpx) + c->px / 5;
    char num[24];
    snprintf(num, sizeof num, "%zu", scn->ncode_lines);
    g.num_w = text_w(c, UI_FONT_MONO, cpx, num) + c->px / 2;
    for (size_t w = 0; w < ru->nworkers; w++) {
        int cw = text_w(c, UI_FONT_BOLD, g.chip_px, ru->short_names[w]);
        g.chip_w = cw > g.chip_w ? cw : g.chip_w;
    }
    if (ru->nworkers > 1)
        g.chip_w += text_w(c, UI_FONT_BOLD, g.chip_px, "+9");
    if (ru->nworkers > 0)
        g.chip_w += c->px / 2;
    int code_w = in.w - g.num_w - (ru->nworkers ? g.chip_w + c->px / 3 : 0);
    /* characters that fit, measured as a run of them: an advance rounded to whole
     * pixels, times the count, can miss by a few pixels */
    int run = (int)sizeof ems - 1;
    int run_w = c->m->width(c->m->ctx, UI_FONT_MONO, cpx, ems, (size_t)run);
    g.cols = run_w > 0 && code_w > 0 ? (int)((int64_t)code_w * run / run_w) : 0;
    while (g.cols > 0 && g.cols <= run &&
           c->m->width(c->m->ctx, UI_FONT_MONO, cpx, ems, (size_t)g.cols) > code_w)
        g.cols--;
    return g;
}

/* The text of a line as shown: as written if it fits, else with every run of spaces
 * after the indentation cut to two (into buf): the padding that aligns comments
 * gives first, as the comments often carry the lesson ("# 1 s waiting for the
 * database"). */
static const char *code_text(const char *s, int cols, char *buf, size_t size)
{
    if (utf8_chars(s, strlen(s)) <= (size_t)cols)
        return s;
    size_t i = 0, o = 0;
    while (s[i] == ' ' && o + 1 < size)
        buf[o++] = s[i++];
    for (int run = 0; s[i] && o + 1 < size; i++) {
        run = s[i] == ' ' ? run + 1 : 0;
        if (run <= 2)
            buf[o++] = s[i];
    }
    buf[o] = '\0';
    return buf;
}

#define CODE_MAX_PIECES 6

/* Where a trailing comment starts (" # ..." or " // ..."), or 0. */
static size_t code_comment(const char *s, size_t lead)
{
    if (!s[lead])
        return 0; /* a blank line: nothing after the indentation to look at */
    for (size_t i = lead + 1; s[i]; i++)
        if (s[i - 1] == ' ' && (s[i] == '#' || (s[i] == '/' && s[i + 1] == '/')))
            return i;
    return 0;
}

/* Where the rows of a wrapped line start: the first row full width, the others
 * indented two past the line's own indentation (*hang characters), each ending at
 * a space where one fits, a trailing comment on rows of its own when the code
 * before it fits on the first. Returns the rows (the last may still be too long;
 * ui_text then cuts it). */
static int code_pieces(const char *s, int cols, size_t start[CODE_MAX_PIECES], int *hang)
{
    size_t len = strlen(s), lead = strspn(s, " "), at = 0, comment = code_comment(s, lead);
    *hang = (int)lead + 2;
    int n = 0;
    do {
        start[n++] = at;
        int avail = n == 1 ? cols : cols - *hang;
        if (avail <= 0 || n == CODE_MAX_PIECES || utf8_chars(s + at, len - at) <= (size_t)avail)
            break;
        size_t fit = utf8_skip(s + at, len - at, (size_t)avail);
        size_t floor = n == 1 ? lead : 0, cut = fit;
        while (cut > floor && s[at + cut] != ' ')
            cut--;
        if (n == 1 && comment > lead && comment <= fit)
            cut = comment;
        at += cut > floor ? cut : fit > 0 ? fit : 1;
        while (at < len && s[at] == ' ')
            at++;
    } while (at < len);
    return n;
}

/* The rows the whole listing takes when wrapped at g's columns; -1 when some code
 * (not comment) is too long for one row, or with `statements` for two: a statement
 * cut in the middle reads worse than smaller text, as long as smaller text helps. */
static int code_wrapped_rows(const scn_scenario *scn, const code_geom *g, bool statements)
{
    int rows = 0, hang;
    size_t start[CODE_MAX_PIECES];
    char buf[512];
    for (size_t i = 0; i < scn->ncode_lines; i++) {
        const char *s = code_text(scn->code_lines[i], g->cols, buf, sizeof buf);
        size_t lead = strspn(s, " "), end = code_comment(s, lead);
        end = end ? end : strlen(s);
        while (end > 0 && s[end - 1] == ' ')
            end--;
        int64_t code = (int64_t)utf8_chars(s, end), two = 2 * (int64_t)g->cols - (int64_t)lead - 2;
        if (code > g->cols && (!statements || code > two))
            return -1;
        rows += code_pieces(s, g->cols, start, &hang);
    }
    return rows;
}

/* The biggest code size at which the whole listing fits, as written or with its
 * comments wrapped; else the biggest at which the lines fit across (it scrolls to
 * the current line); else the biggest at which it fits with statements wrapped too;
 * else the smallest (long lines are cut). */
static code_geom code_pick(const ui_ctx *c, const ui_run *ru, ui_rect in)
{
    static const int tenths[] = {12, 11, 10, 9, 8};
    const scn_scenario *scn = c->doc->scn;
    int n = (int)scn->ncode_lines;
    size_t longest = 0;
    for (size_t i = 0; i < scn->ncode_lines; i++) {
        size_t len = utf8_chars(scn->code_lines[i], strlen(scn->code_lines[i]));
        longest = len > longest ? len : longest;
    }
    code_geom fallback = code_geom_at(c, ru, small_px(c->px), in);
    bool have = false;
    for (size_t s = 0; s < sizeof tenths / sizeof tenths[0]; s++) {
        code_geom g = code_geom_at(c, ru, sized(c->px, tenths[s]), in);
        bool across = longest <= (size_t)g.cols;
        if (across && n * g.rh <= in.h)
            return g;
        int wrapped = n * g.rh <= in.h ? code_wrapped_rows(scn, &g, false) : -1;
        if (wrapped > 0 && wrapped * g.rh <= in.h) {
            g.wrap = true;
            return g;
        }
        if (across && !have) {
            fallback = g;
            have = true;
        }
    }
    for (size_t s = 0; s < sizeof tenths / sizeof tenths[0] && !have; s++) {
        code_geom g = code_geom_at(c, ru, sized(c->px, tenths[s]), in);
        int wrapped = n * g.rh <= in.h ? code_wrapped_rows(scn, &g, true) : -1;
        if (wrapped > 0 && wrapped * g.rh <= in.h) {
            g.wrap = true;
            return g;
        }
    }
    return fallback;
}

/* The chip of a line: the worker's short name on its state's colour. */
static void code_chip(const ui_ctx *c, const ui_run *ru, const code_mark *mk, ui_rect box,
                      const code_geom *g)
{
    int ch = line_h(c, UI_FONT_BOLD, g->chip_px);
    if (mk->count == 0 || g->chip_w > box.w || ch > box.h)
        return;
    char name[48];
    if (mk->count > 1)
        snprintf(name, sizeof name, "%s+%d", ru->short_names[mk->worker], mk->count - 1);
    else
        snprintf(name, sizeof name, "%s", ru->short_names[mk->worker]);
    ui_color fill = c->theme->worker[mk->state];
    ui_rect chip = {box.x, box.y + (box.h - ch) / 2, g->chip_w, ch};
    ui_rect_fill(c->out, chip, fill, ch / 4);
    text_in(c, UI_FONT_BOLD, g->chip_px, chip_ink(c->theme, fill), chip, UI_ALIGN_CENTER, name);
}

/* One line of the listing from y, over several rows when g->wrap; the height used. */
static int code_line(const ui_ctx *c, const ui_run *ru, int line, const code_mark *mk,
                     ui_rect in, int y, const code_geom *g)
{
    const ui_theme *th = c->theme;
    char buf[512], piece[512];
    const char *s = code_text(c->doc->scn->code_lines[line - 1], g->cols, buf, sizeof buf);
    size_t start[CODE_MAX_PIECES];
    int hang = 0, n = g->wrap ? code_pieces(s, g->cols, start, &hang) : 1;
    start[0] = 0;
    ui_rect row = {in.x, y, in.w, n * g->rh};
    size_t from = c->out->n;
    if (mk->running)
        ui_rect_fill(c->out, row, th->highlight, 0);
    else if (mk->count > 0)
        ui_box(c->out, row, th->highlight, c->px / 8 > 2 ? c->px / 8 : 2);
    snprintf(piece, sizeof piece, "%d", line);
    text_mid(c, UI_FONT_MONO, g->cpx, th->text_dim, (ui_rect){in.x, y, g->num_w - c->px / 2, g->rh},
             UI_ALIGN_RIGHT, piece);
    int cw = ru->nworkers ? g->chip_w + c->px / 3 : 0;
    code_chip(c, ru, mk, (ui_rect){in.x + g->num_w, y, cw, g->rh}, g);
    int x = in.x + g->num_w + cw;
    for (int i = 0; i < n; i++) {
        size_t end = i + 1 < n ? start[i + 1] : strlen(s), len = end - start[i];
        while (len > 0 && s[start[i] + len - 1] == ' ')
            len--;
        len = len < sizeof piece - 1 ? len : sizeof piece - 1;
        memcpy(piece, s + start[i], len);
        piece[len] = '\0';
        size_t hang_n = (size_t)hang < sizeof ems - 1 ? (size_t)hang : sizeof ems - 1;
        int px0 = i > 0 ? x + c->m->width(c->m->ctx, UI_FONT_MONO, g->cpx, ems, hang_n) : x;
        text_mid(c, UI_FONT_MONO, g->cpx, th->text,
                 (ui_rect){px0, y + i * g->rh, in.x + in.w - px0, g->rh}, UI_ALIGN_LEFT, piece);
    }
    ui_tag(c->out, from, UI_ROLE_CODE_LINE, line, mk->count > 0 ? 1 : 0);
    return n * g->rh;
}

void ui__code(const ui_ctx *c, size_t run, ui_rect r)
{
    const ui_run *ru = run_of(c, run);
    const scn_scenario *scn = c->doc ? c->doc->scn : NULL;
    char heading[64] = "Code";
    if (scn && scn->code_language && *scn->code_language)
        snprintf(heading, sizeof heading, "Code (%s)", scn->code_language);
    ui_rect in = panel_in(c, r, heading);
    if (in.w <= 0 || in.h <= 0)
        return;
    if (!ru || scn->ncode_lines == 0) {
        text_in(c, UI_FONT_SANS, c->px, c->theme->text_dim, in, UI_ALIGN_LEFT, "no code listing");
        return;
    }
    code_geom g = code_pick(c, ru, in);
    int n = (int)scn->ncode_lines, rows = in.h / g.rh;
    rows = rows > CODE_MAX_ROWS ? CODE_MAX_ROWS : rows;
    int first = 1;
    if (n > rows) {
        /* keep the current line a third of the way down, so the lines after it show */
        int focus = code_scan(c, ru, 0, 0, NULL);
        first = focus - rows / 3;
        first = first > n - rows + 1 ? n - rows + 1 : first;
        first = first < 1 ? 1 : first;
    }
    code_mark marks[CODE_MAX_ROWS];
    memset(marks, 0, sizeof marks);
    code_scan(c, ru, first, rows, marks);
    int y = in.y;
    for (int k = 0; k < rows && first + k <= n && y + g.rh <= in.y + in.h; k++)
        y += code_line(c, ru, first + k, &marks[k], in, y, &g);
}

/* ---- narration ------------------------------------------------------------------ */

/* The entry in effect at t: the last one (in the file's order) among those with the
 * latest start at or before t; -1 before the first. */
static int narration_at(const scn_scenario *scn, int64_t t)
{
    int best = -1;
    for (size_t i = 0; i < scn->nnarration; i++) {
        int64_t at = scn->narration[i].at;
        if (at <= t && (best < 0 || at >= scn->narration[best].at))
            best = (int)i;
    }
    return best;
}

void ui__narration(const ui_ctx *c, ui_rect r)
{
    const scn_scenario *scn = c->doc ? c->doc->scn : NULL;
    if (!scn || r.w <= 0 || r.h <= 0)
        return;
    int k = narration_at(scn, c->t);
    const char *s = k >= 0 ? scn->narration[k].text : scn->description;
    if (!s || !*s)
        return;
    /* a caption reads as one, like film subtitles: the theme's text and background
     * swapped; the description before the first caption stays quiet on a panel */
    ui_color bg = k >= 0 ? c->theme->text : c->theme->panel;
    ui_color ink = k >= 0 ? c->theme->bg : c->theme->text_dim;
    size_t from = c->out->n;
    ui_rect_fill(c->out, r, bg, c->px / 3);
    ui_rect in = ui__inset(r, c->px / 2);
    static const int tenths[] = {11, 10, 9, 8};
    int px = small_px(c->px), h = 0;
    for (size_t i = 0; i < sizeof tenths / sizeof tenths[0]; i++) {
        px = sized(c->px, tenths[i]);
        if (k < 0 && px > c->px)
            continue;
        h = in.w > 2 * px ? wrap_height(c, UI_FONT_SANS, px, in.w, s) : in.h + 1;
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
