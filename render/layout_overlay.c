/* layout_overlay.c - the header bar and what opens on top of the frame: the help
 * overlay, the scenario list and the banner of a file that did not load.
 *
 * These are read from across a room by people who did not press the key: the
 * header's clock is the biggest text on screen, the help names every key the app
 * knows, and the banner says first what happened to the scenario on screen, then
 * the loader's messages. Each draws only inside the rect it is given and no text
 * goes below 0.8 of the base size; when room runs out, things are left out (with
 * "... and N more") rather than shrunk.
 */
#include <stdio.h>
#include <string.h>

#include "ui_layout_internal.h"

static const char dot[] = " \xC2\xB7 "; /* a middle dot between items */

/* The biggest of the sizes (tenths of px, largest first) whose line fits in h. */
static int px_for_height(const ui_ctx *c, ui_font f, int h, const int *tenths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ui__line_h(c, f, ui__sized(c->px, tenths[i])) <= h)
            return ui__sized(c->px, tenths[i]);
    return ui__min_px(c->px);
}

/* The part of a that is inside b (w = h = 0 when none). */
static ui_rect clip(ui_rect a, ui_rect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return (ui_rect){x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
}

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ---- header --------------------------------------------------------------------- */

/* ▶ while playing, ❚❚ while paused, drawn as shapes so no font needs the glyphs. */
static void play_icon(const ui_ctx *c, ui_rect box, bool playing)
{
    int s = box.w < box.h ? box.w : box.h;
    int y = box.y + (box.h - s) / 2;
    if (!playing) {
        ui_rect_fill(c->out, (ui_rect){box.x, y, s / 3, s}, c->theme->text, 0);
        ui_rect_fill(c->out, (ui_rect){box.x + s - s / 3, y, s / 3, s}, c->theme->text, 0);
        return;
    }
    /* a triangle as columns two pixels wide, each shorter towards the tip */
    for (int i = 0; i + 2 <= s; i += 2) {
        int half = s / 2 - i / 2;
        ui_rect_fill(c->out, (ui_rect){box.x + i, y + s / 2 - half, 2, 2 * half}, c->theme->accent,
                     0);
    }
}

typedef struct {
    const char *title;
    char clock[80];
    char step[40];  /* " · step 3 of 7" inside a busy instant of the one run shown */
    char step_short[40]; /* " · 3/7", when the header is short of room */
    char runtime[140];
    char tab[64];
    char play[120];
    int cpx, tpx;
    bool pair; /* comparing: the column titles name the runtimes too */
} header_text;

static void header_texts(const ui_ctx *c, header_text *h)
{
    const ui_doc *doc = c->doc;
    const ui_view *v = c->view;
    char a[32], b[32];
    h->title = ui_quiz_title(doc->scn, v->quiz != NULL || v->game != NULL);
    size_t runs[2];
    size_t shown = ui_view_runs(v, doc->nruns, runs);
    h->step[0] = '\0';
    h->step_short[0] = '\0';
    uint32_t n = shown == 1 ? timeline_steps_at(doc->runs[runs[0]].tl, c->t) : 0;
    if (n > 1)
        snprintf(h->step, sizeof h->step, "%sstep %u of %u", dot, c->step < n ? c->step : n, n),
            snprintf(h->step_short, sizeof h->step_short, "%s%u/%u", dot, c->step < n ? c->step : n,
                     n);
    if (c->hide_future) /* a quiz question is open: when the run ends is an answer */
        snprintf(h->clock, sizeof h->clock, "%s%s", ui_format_time(c->t, a, sizeof a), h->step);
    else
        snprintf(h->clock, sizeof h->clock, "%s / %s%s", ui_format_time(c->t, a, sizeof a),
                 ui_format_time(doc->end, b, sizeof b), h->step);
    h->tab[0] = '\0';
    h->runtime[0] = '\0';
    h->pair = shown == 2;
    if (shown == 2) {
        snprintf(h->runtime, sizeof h->runtime, "%s vs %s", doc->runs[runs[0]].name,
                 doc->runs[runs[1]].name);
    } else if (shown == 1) {
        snprintf(h->runtime, sizeof h->runtime, "%s", doc->runs[runs[0]].name);
        if (doc->nruns > 1)
            snprintf(h->tab, sizeof h->tab, "(Tab: %zu of %zu)", runs[0] + 1, doc->nruns);
    }
    /* the speed shows while paused too, after the pause icon (the icon says which):
     * it is what Space will play at */
    const char *speed = v->speed_text ? v->speed_text : v->playing ? "playing" : "paused";
    if (v->status && *v->status)
        snprintf(h->play, sizeof h->play, "%s%s%s", v->status, dot, speed);
    else
        snprintf(h->play, sizeof h->play, "%s", speed);
}

/* No scenario open: the app's name and how to open one. */
static void header_empty(const ui_ctx *c, ui_rect in, int tpx)
{
    size_t from = c->out->n;
    int w = ui__text_w(c, UI_FONT_BOLD, tpx, "bistro") + c->px;
    w = w < in.w ? w : in.w;
    ui__text_mid(c, UI_FONT_BOLD, tpx, c->theme->text, (ui_rect){in.x, in.y, w, in.h},
                 UI_ALIGN_LEFT, "bistro");
    /* a status ("cannot open x.json") is news; the hint is always true */
    const char *status = c->view && c->view->status && *c->view->status ? c->view->status : NULL;
    ui__text_mid(c, UI_FONT_SANS, c->px, status ? c->theme->text : c->theme->text_dim,
                 (ui_rect){in.x + w, in.y, in.w - w, in.h}, UI_ALIGN_CENTER,
                 status ? status : "press L for the scenario list, or drop a scenario file here");
    ui_tag(c->out, from, UI_ROLE_HEADER, 0, -1);
}

/* The runtime's name centred (in the space left), its "(Tab: i of n)" dim after it. */
static void header_runtime(const ui_ctx *c, const header_text *h, int lo, int hi, ui_rect in)
{
    int gap = c->px / 3, spx = ui__min_px(c->px);
    int nw = ui__text_w(c, UI_FONT_BOLD, c->px, h->runtime);
    int tw = h->tab[0] ? ui__text_w(c, UI_FONT_SANS, spx, h->tab) + gap : 0;
    if (nw + tw > hi - lo)
        tw = 0;
    int w = nw + tw < hi - lo ? nw + tw : hi - lo;
    int x = clamp_int(in.x + in.w / 2 - w / 2, lo, hi - w);
    size_t from = c->out->n;
    ui__text_mid(c, UI_FONT_BOLD, c->px, c->theme->text, (ui_rect){x, in.y, w - tw, in.h},
                 UI_ALIGN_LEFT, h->runtime);
    if (tw)
        ui__text_mid(c, UI_FONT_SANS, spx, c->theme->text_dim,
                     (ui_rect){x + w - tw + gap, in.y, tw - gap, in.h}, UI_ALIGN_LEFT, h->tab);
    ui_tag(c->out, from, UI_ROLE_HEADER, 1, -1);
}

/* Left of the clock (which ends at `right`), by priority: the runtime, the play
 * state with the speed or status (short, and news when it changes), then the title
 * in what is left (the class knows which scenario this is). */
static void header_rest(const ui_ctx *c, const header_text *h, ui_rect in, int right)
{
    const ui_theme *th = c->theme;
    int gap = c->px, spx = ui__min_px(c->px), free = right - in.x;
    int rw = ui__text_w(c, UI_FONT_BOLD, c->px, h->runtime);
    int icon = ui__line_h(c, UI_FONT_SANS, spx) * 3 / 4;
    int pw = icon + c->px / 3 + ui__text_w(c, UI_FONT_SANS, spx, h->play);
    if (h->pair && rw + gap + pw + gap + ui__text_w(c, UI_FONT_BOLD, h->tpx, h->title) > free)
        rw = 0; /* "A vs B" does not fit by the title: each column's title names its runtime */
    if (h->tab[0])
        rw += c->px / 3 + ui__text_w(c, UI_FONT_SANS, spx, h->tab);
    rw = rw < free ? rw : free;
    free -= rw > 0 ? rw + gap : 0;
    if (pw > free)
        pw = free >= icon + 6 * spx ? free : free >= icon ? icon : 0;
    free -= pw + gap;
    int tw = ui__text_w(c, UI_FONT_BOLD, h->tpx, h->title);
    tw = tw < free ? tw : free > 0 ? free : 0;
    size_t from = c->out->n;
    if (tw > 0)
        ui__text_mid(c, UI_FONT_BOLD, h->tpx, th->text, (ui_rect){in.x, in.y, tw, in.h},
                     UI_ALIGN_LEFT, h->title);
    ui_tag(c->out, from, UI_ROLE_HEADER, 0, -1);
    if (rw > 0)
        header_runtime(c, h, in.x + (tw ? tw + gap : 0), right - (pw ? pw + gap : 0), in);
    if (pw <= 0)
        return;
    from = c->out->n;
    int x = right - pw;
    play_icon(c, (ui_rect){x, in.y, icon, in.h}, c->view->playing);
    if (pw > icon)
        ui__text_mid(c, UI_FONT_SANS, spx, th->text_dim,
                     (ui_rect){x + icon + c->px / 3, in.y, pw - icon - c->px / 3, in.h},
                     UI_ALIGN_LEFT, h->play);
    ui_tag(c->out, from, UI_ROLE_HEADER, 2, -1);
}

static const int clock_sizes[] = {14, 13, 12, 11, 10};

/* The height of the header's main row: the clock's. */
static int header_row_h(const ui_ctx *c)
{
    return ui__line_h(c, UI_FONT_BOLD, c->px * 13 / 10) + c->px;
}

/* The widest the clock gets while the run plays: both times ("1.202 ms / 2.001 s")
 * or, short, the current one and the step ("1.202 ms · 3/7"); a time is never
 * wider than the end's or "888.8 ms". Inside a busy instant the step is added when
 * it fits in that width (ui__header). */
static int clock_widest(const ui_ctx *c, int cpx, bool both)
{
    char end[32];
    ui_format_time(c->doc->end, end, sizeof end);
    int slot = ui__text_w(c, UI_FONT_MONO, cpx, end),
        ms = ui__text_w(c, UI_FONT_MONO, cpx, "888.8 ms");
    slot = slot > ms ? slot : ms;
    char steps[48];
    snprintf(steps, sizeof steps, "%s88/88", dot);
    return both ? 2 * slot + ui__text_w(c, UI_FONT_MONO, cpx, " / ")
                : slot + ui__text_w(c, UI_FONT_MONO, cpx, steps);
}

/* Where the header's texts go in width w: the title on the row of the rest (0),
 * or above it over as many rows as it takes (the height of those rows). *both
 * says whether the clock shows both times or only the current one. A title is
 * never cut, and the clock gives up the end time before the title leaves the row;
 * the decision is made on the widest clock, so the header does not change while
 * the run plays. */
static int header_title_h(const ui_ctx *c, const header_text *h, int w, int row_h, bool *both)
{
    int cpx = px_for_height(c, UI_FONT_MONO, row_h, clock_sizes, 5);
    int spx = ui__min_px(c->px), gap = c->px;
    int icon = ui__line_h(c, UI_FONT_SANS, spx) * 3 / 4;
    int need = ui__text_w(c, UI_FONT_BOLD, h->tpx, h->title) + gap + icon + c->px / 3 +
               ui__text_w(c, UI_FONT_SANS, spx, h->play) + gap;
    if (!h->pair) /* comparing, the columns' titles name the runtimes */
        need += ui__text_w(c, UI_FONT_BOLD, c->px, h->runtime) + gap;
    if (h->tab[0])
        need += c->px / 3 + ui__text_w(c, UI_FONT_SANS, spx, h->tab);
    *both = true;
    if (!*h->title || need + clock_widest(c, cpx, true) <= w)
        return 0;
    if (need + clock_widest(c, cpx, false) <= w) {
        *both = false;
        return 0;
    }
    *both = clock_widest(c, cpx, true) <= w * 45 / 100;
    return ui__wrap_height(c, UI_FONT_BOLD, h->tpx, w, h->title) + c->px / 4;
}

int ui__header_height(const ui_ctx *c, int w)
{
    int row_h = header_row_h(c);
    if (!c->doc)
        return row_h;
    header_text h;
    h.tpx = c->px;
    header_texts(c, &h);
    bool both;
    return row_h + header_title_h(c, &h, w - c->px, row_h - 2, &both);
}

void ui__header(const ui_ctx *c, ui_rect r)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    const ui_theme *th = c->theme;
    static const int title_sizes[] = {10};
    int edge = r.h > 8 ? 2 : 0, pad = c->px / 2;
    ui_rect_fill(c->out, r, th->panel, 0);
    ui_rect_fill(c->out, (ui_rect){r.x, r.y + r.h - edge, r.w, edge}, th->panel_edge, 0);
    ui_rect in = {r.x + pad, r.y, r.w - 2 * pad, r.h - edge};
    header_text h;
    h.tpx = px_for_height(c, UI_FONT_BOLD, in.h, title_sizes, 1);
    if (!c->doc) {
        header_empty(c, in, h.tpx);
        return;
    }
    header_texts(c, &h);
    int row_h = header_row_h(c) - edge;
    bool both = true;
    int title_h = header_title_h(c, &h, in.w, row_h, &both);
    if (title_h >= in.h) /* the frame did not make the room: keep the title on the row */
        title_h = 0, both = false;
    if (title_h > 0 && title_h < in.h) {
        /* the title over its own rows, the rest on the row under it */
        size_t from = c->out->n;
        ui_text_wrap(c->out, c->m, UI_FONT_BOLD, h.tpx, th->text,
                     (ui_rect){in.x, in.y + c->px / 4, in.w, title_h - c->px / 4}, h.title,
                     UI_ROLE_HEADER, 0);
        ui_tag(c->out, from, UI_ROLE_HEADER, 0, -1);
        in.y += title_h;
        in.h -= title_h;
        h.title = "";
    }
    h.cpx = px_for_height(c, UI_FONT_MONO, in.h, clock_sizes, 5);
    /* the clock as long as its planned width allows: both times and the step, the
     * current time and the step, the step in short, the current time alone */
    int gap = c->px, plan = clock_widest(c, h.cpx, both);
    plan = plan < in.w * 45 / 100 || !both ? plan : in.w * 45 / 100;
    char now[32], forms[3][80];
    ui_format_time(c->t, now, sizeof now);
    snprintf(forms[0], sizeof forms[0], "%s%s", now, h.step);
    snprintf(forms[1], sizeof forms[1], "%s%s", now, h.step_short);
    snprintf(forms[2], sizeof forms[2], "%s", now);
    int cw = ui__text_w(c, UI_FONT_MONO, h.cpx, h.clock);
    for (int i = 0; i < 3 && (!both || cw > plan); i++) {
        both = true; /* past the first form */
        memcpy(h.clock, forms[i], sizeof h.clock);
        cw = ui__text_w(c, UI_FONT_MONO, h.cpx, h.clock);
    }
    cw = cw < in.w ? cw : in.w;
    size_t from = c->out->n;
    ui__text_mid(c, UI_FONT_MONO, h.cpx, th->accent, (ui_rect){in.x + in.w - cw, in.y, cw, in.h},
                 UI_ALIGN_RIGHT, h.clock);
    ui_tag(c->out, from, UI_ROLE_CLOCK, -1, -1);
    header_rest(c, &h, in, in.x + in.w - cw - gap);
}

/* ---- help ----------------------------------------------------------------------- */

/* Every key of DESIGN.md's "Keys:" line, plus what ui_app.c adds (L, O, F, 0, Q, E) and the mouse.
 * A NULL key starts a section. */
static const struct {
    const char *key, *what;
} help_rows[] = {
    {"Space", "play / pause"},
    {"Right / Left", "next / previous step (one event)"},
    {"Shift+Right / Left", "one frame tick forward / back"},
    {"Up / Down", "faster / slower"},
    {"Home / End", "go to the start / the end"},
    {"PageDown / PageUp", "next / previous caption, like slides"},
    {"N", "the presenter's notes of this caption"},
    {"Q", "quiz: stop at each question, predict, then see"},
    {"E", "you are the event loop: pick what runs next"},
    {"Tab", "next runtime"},
    {"C", "compare two runtimes side by side"},
    {"F11 or F", "fullscreen"},
    {"+ / -", "bigger / smaller text"},
    {"0", "text size to fit the window"},
    {"T", "theme: projector, dark, colour-blind"},
    {"R", "reload the file"},
    {"S", "save a PNG of this frame"},
    {"L", "the scenario list"},
    {"O", "every print order over 200 seeds"},
    {"1 / 2 / 3", "hide / show the restaurant, timeline, metrics"},
    {"H or ?", "this help"},
    {"Esc", "quit"},
    {NULL, "Mouse"},
    {"click, drag", "on the timeline: move the clock"},
    {"wheel", "zoom the timeline"},
    {"hover", "details of what is under it"},
    {"drop a file", "open that scenario"},
};
#define HELP_N (sizeof help_rows / sizeof help_rows[0])

typedef struct {
    int px, cols, rh, key_w, col_w, w, h, head_h;
} help_geom;

/* The panel's size with `cols` columns at px; true when it fits in r. */
static bool help_try(const ui_ctx *c, ui_rect r, int px, int cols, help_geom *g)
{
    int gap = c->px;
    g->px = px;
    g->cols = cols;
    g->rh = ui__line_h(c, UI_FONT_SANS, px) + c->px / 5;
    g->key_w = 0;
    int what_w = 0;
    for (size_t i = 0; i < HELP_N; i++) {
        int kw = help_rows[i].key ? ui__text_w(c, UI_FONT_BOLD, px, help_rows[i].key) : 0;
        int ww = ui__text_w(c, help_rows[i].key ? UI_FONT_SANS : UI_FONT_BOLD, px,
                            help_rows[i].what);
        g->key_w = kw > g->key_w ? kw : g->key_w;
        what_w = ww > what_w ? ww : what_w;
    }
    g->col_w = g->key_w + gap + what_w;
    int rows = (int)(HELP_N + (size_t)cols - 1) / cols;
    g->head_h = ui__line_h(c, UI_FONT_BOLD, c->px) + c->px / 4;
    g->w = cols * g->col_w + (cols - 1) * 2 * gap + c->px;
    g->h = g->head_h + rows * g->rh + g->rh + c->px;
    return g->w <= r.w && g->h <= r.h;
}

static help_geom help_pick(const ui_ctx *c, ui_rect r)
{
    static const int tenths[] = {12, 11, 10, 9, 8};
    help_geom g;
    for (size_t s = 0; s < sizeof tenths / sizeof tenths[0]; s++)
        for (int cols = 1; cols <= 2; cols++)
            if (help_try(c, r, ui__sized(c->px, tenths[s]), cols, &g))
                return g;
    /* nothing fits: the smallest text in two columns, cut to the window */
    help_try(c, r, ui__min_px(c->px), 2, &g);
    g.w = g.w < r.w ? g.w : r.w;
    g.h = g.h < r.h ? g.h : r.h;
    if (g.w < r.w)
        g.col_w = (g.w - 2 * c->px - c->px) / 2;
    else
        g.col_w = (r.w - 3 * c->px) / 2;
    return g;
}

static void help_row(const ui_ctx *c, const help_geom *g, size_t i, ui_rect box)
{
    const ui_theme *th = c->theme;
    if (!help_rows[i].key) {
        ui__text_in(c, UI_FONT_BOLD, g->px, th->text_dim, box, UI_ALIGN_LEFT, help_rows[i].what);
        return;
    }
    int kw = g->key_w < box.w ? g->key_w : box.w;
    ui__text_in(c, UI_FONT_BOLD, g->px, th->accent, (ui_rect){box.x, box.y, kw, box.h},
                UI_ALIGN_LEFT, help_rows[i].key);
    int x = box.x + g->key_w + c->px;
    ui__text_in(c, UI_FONT_SANS, g->px, th->text, (ui_rect){x, box.y, box.x + box.w - x, box.h},
                UI_ALIGN_LEFT, help_rows[i].what);
}

void ui__help(const ui_ctx *c, ui_rect r)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    size_t from = c->out->n;
    ui_rect_fill(c->out, r, c->theme->overlay, 0);
    help_geom g = help_pick(c, ui__inset(r, c->px / 2));
    ui_rect p = {r.x + (r.w - g.w) / 2, r.y + (r.h - g.h) / 2, g.w, g.h};
    ui_rect in = ui__panel(c, p, NULL);
    ui__text_in(c, UI_FONT_BOLD, c->px, c->theme->text,
                clip((ui_rect){in.x, in.y, in.w, g.head_h}, in), UI_ALIGN_LEFT, "Keys");
    int rows = (int)(HELP_N + (size_t)g.cols - 1) / g.cols;
    int top = in.y + g.head_h, bottom = in.y + in.h - g.rh;
    for (size_t i = 0; i < HELP_N; i++) {
        int col = (int)i / rows, row = (int)i % rows;
        ui_rect box = {in.x + col * (g.col_w + 2 * c->px), top + row * g.rh, g.col_w, g.rh};
        if (box.y + g.rh > bottom)
            continue;
        help_row(c, &g, i, clip(box, in));
    }
    ui__text_in(c, UI_FONT_SANS, ui__min_px(c->px), c->theme->text_dim,
                clip((ui_rect){in.x, bottom, in.w, g.rh}, in), UI_ALIGN_LEFT,
                "Any key closes this help");
    ui_tag(c->out, from, UI_ROLE_HELP, -1, -1);
}

/* ---- the scenario list ---------------------------------------------------------- */

typedef struct {
    int tpx, dpx, dlines, item_h, visible;
} list_geom;

/* Items with two lines of description, or fewer when not even one item fits. */
static list_geom list_pick(const ui_ctx *c, ui_rect in)
{
    list_geom g = {.tpx = ui__sized(c->px, 11), .dpx = ui__sized(c->px, 9)};
    for (g.dlines = 2; g.dlines >= 0; g.dlines--) {
        g.item_h = ui__line_h(c, UI_FONT_BOLD, g.tpx) +
                   g.dlines * ui__line_h(c, UI_FONT_SANS, g.dpx) + c->px / 2;
        g.visible = in.h / g.item_h;
        if (g.visible > 0)
            break;
    }
    if (g.dlines < 0)
        g.dlines = 0;
    return g;
}

static void list_item(const ui_ctx *c, const list_geom *g, size_t i, bool sel, ui_rect box)
{
    const ui_theme *th = c->theme;
    const ui_list_entry *e = &c->view->entries[i];
    size_t from = c->out->n;
    int bar = c->px / 4 > 2 ? c->px / 4 : 2;
    ui_rect item = {box.x, box.y, box.w, box.h - c->px / 4};
    if (sel) {
        ui_rect_fill(c->out, item, th->highlight, c->px / 4);
        ui_rect_fill(c->out, (ui_rect){item.x, item.y, bar, item.h}, th->accent, 0);
    }
    ui_rect in = {item.x + bar + c->px / 2, item.y, item.w - bar - c->px, item.h};
    int th_h = ui__line_h(c, UI_FONT_BOLD, g->tpx);
    ui__text_in(c, UI_FONT_BOLD, g->tpx, th->text, (ui_rect){in.x, in.y, in.w, th_h}, UI_ALIGN_LEFT,
                e->title ? e->title : (e->path ? e->path : ""));
    int dh = g->dlines * ui__line_h(c, UI_FONT_SANS, g->dpx);
    if (g->dlines > 0 && e->description && in.w > 2 * g->dpx)
        ui_text_wrap(c->out, c->m, UI_FONT_SANS, g->dpx, th->text_dim,
                     (ui_rect){in.x, in.y + th_h, in.w, dh}, e->description, UI_ROLE_NONE, -1);
    ui_tag(c->out, from, UI_ROLE_LIST_ITEM, (int32_t)i, sel ? 1 : 0);
}

void ui__scenario_list(const ui_ctx *c, ui_rect r)
{
    const ui_view *v = c->view;
    size_t n = v && v->entries ? v->nentries : 0, sel = n && v->list_sel < n ? v->list_sel : 0;
    char heading[64];
    snprintf(heading, sizeof heading, n ? "Scenarios (%zu of %zu)" : "Scenarios", sel + 1, n);
    if (r.w <= 0 || r.h <= 0)
        return;
    int hh = ui__line_h(c, UI_FONT_BOLD, c->px);
    ui_rect in = ui__panel(c, r, r.h >= 3 * hh && r.w >= 6 * c->px ? heading : NULL);
    int spx = ui__min_px(c->px), hint_h = ui__line_h(c, UI_FONT_SANS, spx) + c->px / 4;
    if (in.h >= 2 * hint_h) {
        ui__text_in(c, UI_FONT_SANS, spx, c->theme->text_dim,
                    (ui_rect){in.x, in.y + in.h - hint_h + c->px / 4, in.w, hint_h - c->px / 4},
                    UI_ALIGN_LEFT, "Up/Down choose \xC2\xB7 Enter open \xC2\xB7 Esc close");
        in.h -= hint_h;
    }
    if (n == 0) {
        ui__text_in(c, UI_FONT_SANS, c->px, c->theme->text_dim, in, UI_ALIGN_LEFT,
                    "no scenarios found");
        return;
    }
    list_geom g = list_pick(c, in);
    size_t vis = (size_t)g.visible, first = 0;
    if (n > vis) {
        /* the selected entry in the middle, as far as the ends allow */
        first = sel > vis / 2 ? sel - vis / 2 : 0;
        first = first + vis > n ? n - vis : first;
    }
    for (size_t i = first; i < n && i < first + vis; i++)
        list_item(c, &g, i, i == sel,
                  (ui_rect){in.x, in.y + (int)(i - first) * g.item_h, in.w, g.item_h});
}

/* ---- the presenter's notes ----------------------------------------------------- */

/* The notes of the caption run `run` shows at the frame's time, or NULL. */
static const char *notes_of(const ui_ctx *c, size_t run)
{
    size_t n;
    const scn_narration *list = scn_runtime_narration(c->doc->scn, run, &n);
    int i = list ? scn_caption_at(list, n, c->t) : -1;
    return i >= 0 ? list[i].notes : NULL;
}

/* The height the notes take wrapped in width w at px (k: the columns' names). */
static int notes_height(const ui_ctx *c, const char *const *notes, int px, int w, bool named)
{
    ui_list scratch;
    ui_list_init(&scratch);
    int h = 0, lh = ui__line_h(c, UI_FONT_SANS, px);
    for (int k = 0; k < 2; k++)
        if (notes[k])
            h += (named ? lh : 0) + ui_text_wrap(&scratch, c->m, UI_FONT_SANS, px, c->theme->text,
                                                 (ui_rect){0, 0, w, 1 << 20}, notes[k],
                                                 UI_ROLE_NOTES, k);
    ui_list_free(&scratch);
    return h;
}

void ui__notes(const ui_ctx *c, ui_rect r)
{
    if (!c->doc || r.w <= 0 || r.h <= 0)
        return;
    const ui_theme *th = c->theme;
    size_t runs[2];
    size_t shown = ui_view_runs(c->view, c->doc->nruns, runs);
    const char *notes[2] = {shown ? notes_of(c, runs[0]) : NULL,
                            shown == 2 ? notes_of(c, runs[1]) : NULL};
    if (notes[0] && notes[1] && strcmp(notes[0], notes[1]) == 0)
        notes[1] = NULL; /* the two columns share the caption */
    bool named = notes[1] != NULL; /* two columns, two captions: say whose */
    /* large text, read from the lectern; the panel as tall as the notes, from the
     * bottom up over the caption, at most the lower half */
    int px = ui__sized(c->px, 12), lh = ui__line_h(c, UI_FONT_SANS, px), pad = c->px / 2;
    int w = r.w - c->px - 2 * pad;
    int head = ui__line_h(c, UI_FONT_BOLD, c->px) + pad / 2;
    int body = notes[0] || notes[1] ? notes_height(c, notes, px, w, named) : lh;
    int h = head + body + 2 * pad + c->px / 2, most = r.h / 2 > 4 * lh ? r.h / 2 : r.h;
    h = h < most ? h : most;
    ui_rect p = {r.x + c->px / 2, r.y + r.h - h, r.w - c->px, h - c->px / 2};
    size_t from = c->out->n;
    ui_rect in = ui__panel(c, p, "Presenter's notes (N hides)");
    if (!notes[0] && !notes[1]) {
        ui__text_in(c, UI_FONT_SANS, px, th->text_dim, in, UI_ALIGN_LEFT,
                    "No notes for this caption");
    } else {
        int y = in.y;
        for (int k = 0; k < 2; k++) {
            if (!notes[k] || y >= in.y + in.h)
                continue;
            if (named) {
                ui__text_in(c, UI_FONT_BOLD, px, th->text_dim, (ui_rect){in.x, y, in.w, lh},
                            UI_ALIGN_LEFT, c->doc->runs[runs[k]].name);
                y += lh;
            }
            y += ui_text_wrap(c->out, c->m, UI_FONT_SANS, px, th->text,
                              (ui_rect){in.x, y, in.w, in.y + in.h - y}, notes[k], UI_ROLE_NOTES,
                              k);
        }
    }
    ui_tag(c->out, from, UI_ROLE_NOTES, -1, -1);
}

/* ---- the banner ----------------------------------------------------------------- */

#define BANNER_MAX_MESSAGES 6 /* more would hide the scenario; the rest are counted */
#define BANNER_MAX_ROWS 3     /* rows of one message; longer ones end with "…" */

/* The next message of the banner (a line, empty lines skipped) into buf; its end in
 * s, or NULL when there is none. */
static const char *banner_next(const char *s, char *buf, size_t size)
{
    while (*s == '\n')
        s++;
    if (!*s)
        return NULL;
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    size_t keep = len < size - 1 ? len : size - 1;
    while (keep > 0 && keep < len && ui_utf8_cont(s[keep]))
        keep--; /* never cut inside a UTF-8 character */
    memcpy(buf, s, keep);
    buf[keep] = '\0';
    return s + len;
}

static size_t banner_count(const char *s)
{
    char buf[8];
    size_t n = 0;
    while ((s = banner_next(s, buf, sizeof buf)))
        n++;
    return n;
}

void ui__banner(const ui_ctx *c, ui_rect r)
{
    const char *s = c->view ? c->view->banner : NULL;
    if (!s || !*s || r.w <= 0 || r.h <= 0)
        return;
    const ui_theme *th = c->theme;
    size_t from = c->out->n;
    ui_rect_fill(c->out, r, th->banner_bg, 0);
    ui_rect in = ui__inset(r, c->px / 2);
    int lh = ui__line_h(c, UI_FONT_SANS, c->px), y = in.y;
    /* a last good scenario only when one is on screen */
    const char *what =
        c->doc ? "This file did not load; still showing the last good scenario (R reloads)"
               : "This file did not load";
    if (ui__text_in(c, UI_FONT_BOLD, c->px, th->banner_text, in, UI_ALIGN_LEFT, what))
        y += ui__line_h(c, UI_FONT_BOLD, c->px) + c->px / 4;
    size_t total = banner_count(s), shown = 0;
    int bottom = in.y + in.h;
    char msg[2048];
    while (in.w > 2 * c->px && (s = banner_next(s, msg, sizeof msg))) {
        /* keep a row for "... and N more" while messages remain after this one */
        int room = bottom - y - (shown + 1 < total ? lh : 0);
        if (shown == BANNER_MAX_MESSAGES || room < lh)
            break;
        int cap = room < BANNER_MAX_ROWS * lh ? room : BANNER_MAX_ROWS * lh;
        y += ui_text_wrap(c->out, c->m, UI_FONT_SANS, c->px, th->banner_text,
                          (ui_rect){in.x, y, in.w, cap}, msg, UI_ROLE_BANNER, -1);
        shown++;
    }
    if (shown < total) {
        char more[48];
        snprintf(more, sizeof more, "... and %zu more", total - shown);
        if (ui__text_in(c, UI_FONT_BOLD, c->px, th->banner_text,
                        (ui_rect){in.x, y, in.w, bottom - y}, UI_ALIGN_LEFT, more))
            y += lh;
    }
    /* the banner is only as tall as what it says, so it hides less of the frame */
    int y_end = y + c->px / 2;
    if (from < c->out->n && y_end < r.y + r.h)
        c->out->shapes[from].rect.h = y_end - r.y;
    ui_tag(c->out, from, UI_ROLE_BANNER, -1, -1);
}
