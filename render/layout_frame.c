/* layout.c - the whole frame: which region goes where, and what sits on top.
 *
 *   +------------------------- header: title, runtime, clock -------------------+
 *   | banner (only when a file did not load)                                    |
 *   | restaurant                              | metrics                         |
 *   |                                         | code listing (if any)           |
 *   | timeline                                | printed log (if the run prints) |
 *   +----------------------------- narration caption ---------------------------+
 *
 * Compare puts two columns of restaurant + timeline + metrics side by side under
 * one header and one clock, and under each column its runtime's caption when the
 * two differ (one caption across when they are the same). Overlays (the orders view, scenario list, help,
 * tooltip) come last so they are drawn on top. The split is proportional, with minimums in text lines,
 * so the same layout works from 640x360 to 4K; the regions scale their own text
 * from the ctx's base size.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "layout_timeline_internal.h"
#include "ui_layout_internal.h"
#include "ui_loopgame.h"
#include "ui_metrics.h"

/* Splits r at a fraction of its height (top part first). */
static void split_h(ui_rect r, int top_h, int gap, ui_rect *top, ui_rect *bottom)
{
    if (top_h < -gap)
        top_h = -gap; /* -gap: no top part, the bottom gets all */
    if (top_h > r.h)
        top_h = r.h;
    *top = (ui_rect){r.x, r.y, r.w, top_h > 0 ? top_h : 0};
    int by = r.y + top_h + gap;
    *bottom = (ui_rect){r.x, by, r.w, r.y + r.h - by > 0 ? r.y + r.h - by : 0};
}

static void split_w(ui_rect r, int left_w, int gap, ui_rect *left, ui_rect *right)
{
    if (left_w < -gap)
        left_w = -gap; /* -gap: no left part, the right gets all */
    if (left_w > r.w)
        left_w = r.w;
    *left = (ui_rect){r.x, r.y, left_w > 0 ? left_w : 0, r.h};
    int rx = r.x + left_w + gap;
    *right = (ui_rect){rx, r.y, r.x + r.w - rx > 0 ? r.x + r.w - rx : 0, r.h};
}

size_t ui__runs_shown(const ui_ctx *c, size_t runs[2])
{
    return c->doc ? ui_view_runs(c->view, c->doc->nruns, runs) : 0;
}

/* A column's progress: "490 of 2000 served", or once its own clock stopped, "all
 * 2000 served at 4.016 s" (its metrics are of its run). */
static bool column_status(const ui_ctx *c, size_t run, int64_t t, char *buf, size_t size)
{
    ui_run_metrics k;
    ui_run_metrics_at(c->doc, run, t, &k);
    char when[32];
    if (k.finished)
        snprintf(buf, size, "all %lld served at %s", (long long)k.requests,
                 ui_format_time(k.clock_ns, when, sizeof when));
    else
        snprintf(buf, size, "%lld of %lld served", (long long)k.completed, (long long)k.requests);
    return k.finished;
}

/* The height of a column's title in width w: the name and the progress on one row
 * when both fit (the progress at its widest, at the run's end, so the title does
 * not grow while the run plays), else the name over as many rows as it takes and
 * the progress under it. Nothing in it is cut. */
static int column_title_h(const ui_ctx *c, size_t run, int w)
{
    /* the widest progress, without computing the metrics: every digit an 8 (the
     * digits share one width), the run's end for its finish */
    const ui_run *u = &c->doc->runs[run];
    char n[24], end[96], now[96], when[32];
    snprintf(n, sizeof n, "%lld", (long long)u->requests);
    for (char *d = n; *d; d++)
        *d = '8';
    snprintf(end, sizeof end, "all %s served at %s", n, ui_format_time(u->end, when, sizeof when));
    snprintf(now, sizeof now, "%s of %s served", n, n);
    int npx = c->px * 12 / 10, nh = ui__line_h(c, UI_FONT_BOLD, npx), spx = ui__small_px(c);
    int nw = ui__text_w(c, UI_FONT_BOLD, npx, u->name);
    int sw = ui__text_w(c, UI_FONT_BOLD, spx, end), sw0 = ui__text_w(c, UI_FONT_BOLD, spx, now);
    sw = sw > sw0 ? sw : sw0;
    if (nw + c->px + sw <= w)
        return nh;
    return ui__wrap_height(c, UI_FONT_BOLD, npx, w, c->doc->runs[run].name) +
           ui__line_h(c, UI_FONT_BOLD, spx);
}

/* Above each column when comparing: which runtime it is, and how far it has got,
 * so the class sees at a glance which one is already done. */
static void column_title(const ui_ctx *c, size_t run, ui_rect r)
{
    const ui_run *u = &c->doc->runs[run];
    char status[96];
    bool finished = column_status(c, run, c->t, status, sizeof status);
    int npx = c->px * 12 / 10, nh = ui__line_h(c, UI_FONT_BOLD, npx), spx = ui__small_px(c);
    ui_color scol = finished ? c->theme->accent : c->theme->text_dim;
    size_t from = c->out->n;
    if (r.h <= nh) {
        int sw = ui__text_w(c, UI_FONT_BOLD, spx, status);
        sw = sw < r.w ? sw : r.w;
        ui_text(c->out, c->m, UI_FONT_BOLD, npx, c->theme->text, r.x, r.y, r.w - sw - c->px,
                UI_ALIGN_LEFT, u->name);
        ui_tag(c->out, from, UI_ROLE_COLUMN_TITLE, (int32_t)run, 0);
        from = c->out->n;
        ui_text(c->out, c->m, UI_FONT_BOLD, spx, scol, r.x + r.w - sw,
                r.y + (nh - ui__line_h(c, UI_FONT_BOLD, spx)) / 2, sw, UI_ALIGN_RIGHT, status);
        ui_tag(c->out, from, UI_ROLE_COLUMN_TITLE, (int32_t)run, 1);
        return;
    }
    /* the name over its rows, the progress under it */
    int sh = ui__line_h(c, UI_FONT_BOLD, spx);
    int used = ui_text_wrap(c->out, c->m, UI_FONT_BOLD, npx, c->theme->text,
                            (ui_rect){r.x, r.y, r.w, r.h - sh}, u->name, UI_ROLE_COLUMN_TITLE,
                            (int32_t)run);
    ui_tag(c->out, from, UI_ROLE_COLUMN_TITLE, (int32_t)run, 0);
    from = c->out->n;
    ui_text(c->out, c->m, UI_FONT_BOLD, spx, scol, r.x, r.y + used, r.w, UI_ALIGN_LEFT, status);
    ui_tag(c->out, from, UI_ROLE_COLUMN_TITLE, (int32_t)run, 1);
}

/* Where panel p stands in the lesson's "focus" list (0 first), SCN_PANEL_COUNT
 * when the list leaves it out, -1 when the lesson has no list. */
static int focus_rank(const ui_ctx *c, scn_panel p)
{
    const scn_scenario *scn = c->doc->scn;
    if (scn->nfocus == 0)
        return -1;
    for (size_t i = 0; i < scn->nfocus; i++)
        if (scn->focus[i] == p)
            return (int)i;
    return SCN_PANEL_COUNT;
}

/* The restaurant's share of a column's height in percent: `usual` when the lesson
 * names no focus, more when it puts the restaurant before the timeline, less the
 * other way round. */
static int restaurant_share(const ui_ctx *c, int usual)
{
    /* services drawn beside a restaurant (layout_service.c) want the rows for
     * their waiters: every column shown gets them, so compared columns stay level */
    size_t shown[2], n = ui__runs_shown(c, shown);
    for (size_t i = 0; i < n; i++) {
        const ui_run *u = &c->doc->runs[shown[i]];
        bool called = false;
        for (size_t k = 0; k < u->nservices; k++)
            called |= ui_run_service_called(u, k);
        if (called) {
            usual += 8;
            break;
        }
    }
    int r = focus_rank(c, SCN_PANEL_RESTAURANT), t = focus_rank(c, SCN_PANEL_TIMELINE);
    if (r < 0 || r == t)
        return usual;
    return r < t ? usual + 10 : usual - 12;
}

/* What run's timeline needs to show its lanes: a legend of two rows (three with
 * the GIL's colours and a zoom), the axis, thin lanes for the workers (up to eight) and a
 * band of requests. */
static int timeline_min_h(const ui_ctx *c, size_t run)
{
    int slh = ui__line_h(c, UI_FONT_SANS, ui__small_px(c));
    const ui_run *u = &c->doc->runs[run];
    int nw = u->nworkers < 8 ? (int)u->nworkers : 8, pitch = c->px / 2 > 6 ? c->px / 2 : 6;
    int tl_min = 5 * slh + nw * pitch + c->px;
    if (timeline_lane_count(u->tl, TL_LANE_REQUEST) > 0)
        tl_min += slh + 3 * pitch;
    if (scn_runtime_serving(&c->doc->scn->runtimes[run])->gil)
        tl_min += 2 * slh; /* and the lanes' "taking turns" labels a line each */
    /* the groups of the services it calls: a heading and up to 8 lanes each, at
     * the front's lanes' pitch (layout_service_lanes.c fits what the panel gets:
     * the first lanes and "+N", or no group, never a cut one), so that a column
     * of services leaves the metrics and the restaurant their room */
    ui__svc_plan sp;
    ui__svc_plan_init(c, run, &sp);
    for (size_t i = 0; i < sp.n; i++)
        tl_min += sp.head_h + (sp.g[i].n < 8 ? sp.g[i].n : 8) * pitch;
    return tl_min + sp.sep;
}

/* One run's column: restaurant over timeline (and, when comparing, a title
 * title_h high above and the metrics below). The timeline keeps room for its
 * lanes: a legend, a few lanes and the axis. */
static void run_column(const ui_ctx *c, size_t run, ui_rect r, int title_h, ui_layout_info *info,
                       int slot)
{
    int gap = c->px / 2;
    bool with_metrics = title_h > 0;
    unsigned hide = c->view->hidden;
    ui_rect resto, rest, tline, metrics;
    c->out->run = (uint8_t)run;
    int slh = ui__line_h(c, UI_FONT_SANS, ui__small_px(c));
    int tl_min = timeline_min_h(c, run);
    if (with_metrics) {
        /* compared, both timelines get the room the larger needs, so they are as
         * high as each other and their bands share one scale and one height */
        size_t shown[2];
        size_t n = ui__runs_shown(c, shown);
        for (size_t i = 0; i < n; i++) {
            int other = timeline_min_h(c, shown[i]);
            tl_min = other > tl_min ? other : tl_min;
        }
        int lh = c->m->height(c->m->ctx, UI_FONT_SANS, c->px);
        ui_rect title;
        split_h(r, title_h, gap / 2, &title, &r);
        column_title(c, run, title);
        /* the restaurant keeps room for its legend and a row of tables, the timeline
         * for its lanes; a short column gives the metrics fewer rows (the lesson's
         * first metrics), down to one */
        int resto_min = 2 * slh + 5 * c->px, avail = r.h - 2 * gap;
        /* the metrics' rows: five in a tall column or when the lesson is about
         * them, three in a short one or when its focus leaves them out */
        int mf = focus_rank(c, SCN_PANEL_METRICS);
        bool tall = mf == SCN_PANEL_COUNT ? false : mf >= 0 || r.h >= 20 * lh;
        int metrics_h = tall ? 5 * lh : 3 * lh + c->px / 2;
        if (resto_min + tl_min + metrics_h > avail)
            metrics_h = avail - resto_min - tl_min;
        metrics_h = metrics_h < 2 * lh ? 2 * lh : metrics_h;
        if (hide & UI_PANEL_METRICS)
            metrics_h = 0;
        int resto_h = r.h * restaurant_share(c, 44) / 100;
        if (avail - resto_h - metrics_h < tl_min)
            resto_h = avail - metrics_h - tl_min;
        resto_h = resto_h < resto_min ? resto_min : resto_h;
        if (hide & UI_PANEL_TIMELINE)
            resto_h = r.h - metrics_h - gap;
        if (hide & UI_PANEL_RESTAURANT)
            resto_h = -gap;
        split_h(r, resto_h, gap, &resto, &rest);
        split_h(rest, rest.h - metrics_h - (metrics_h ? gap : 0), gap, &tline, &metrics);
    } else {
        int resto_h = r.h * restaurant_share(c, 55) / 100;
        if (r.h - resto_h - gap < tl_min)
            resto_h = r.h - gap - tl_min;
        resto_h = resto_h < r.h / 3 ? r.h / 3 : resto_h;
        if (hide & UI_PANEL_TIMELINE)
            resto_h = r.h;
        if (hide & UI_PANEL_RESTAURANT)
            resto_h = -gap;
        split_h(r, resto_h, gap, &resto, &tline);
    }
    if (!(hide & UI_PANEL_RESTAURANT))
        ui__restaurant(c, run, resto);
    int64_t t0, t1;
    info->window = ui__timeline_window(c, &t0, &t1);
    ui_rect plot = {0, 0, 0, 0};
    if (!(hide & UI_PANEL_TIMELINE))
        ui__timeline(c, run, tline, t0, t1, &plot);
    if (with_metrics && !(hide & UI_PANEL_METRICS))
        ui__metrics(c, run, metrics);
    info->area[slot] = plot;
    info->run[slot] = run;
    info->columns = slot + 1;
    info->t0 = t0;
    info->t1 = t1;
}

/* The height of the code panel that shows the whole listing at the base size, one
 * row a line (wrapped lines take more; the listing then picks a smaller size). */
static int code_need(const ui_ctx *c, const scn_code *listing)
{
    int lh = ui__line_h(c, UI_FONT_SANS, c->px);
    return (ui__line_h(c, UI_FONT_MONO, c->px) + c->px / 5) * ((int)listing->nlines + 1) + lh +
           c->px;
}

/* The right-hand column of the single view: metrics, code, log. When a run prints,
 * the log is the lesson (the print-order puzzle), so it gets room for up to six
 * of the run's lines first; the code listing comes next, and in such a puzzle the
 * metrics give up rows (down to the lesson's first three) so the listing shows
 * whole. */
static void side_column(const ui_ctx *c, size_t run, ui_rect r)
{
    const scn_scenario *scn = c->doc->scn;
    const scn_code *listing = scn_runtime_code(scn, run);
    int gap = c->px / 2;
    bool code = listing && listing->nlines > 0, log = scn->nstrings > 0;
    int lh = c->m->height(c->m->ctx, UI_FONT_SANS, c->px);
    int metrics_h = 6 * lh + c->px / 2; /* a heading and four rows of two columns */
    int log_h = 0, want = 0;
    if (log) {
        /* an open quiz question: the lines printed so far, so the listing the class
         * reasons from gets the room (and the log's size tells nothing) */
        const ui_run *u = &c->doc->runs[run];
        size_t lines = c->hide_future ? timeline_log_count_at_step(u->tl, c->t, c->step)
                                      : timeline_log_count(u->tl, u->end);
        int rows = lines < 1 ? 1 : lines > 6 ? 6 : (int)lines;
        log_h = c->m->height(c->m->ctx, UI_FONT_MONO, c->px) * rows + 2 * lh + c->px;
        want += log_h + gap;
    }
    if (code)
        want += code_need(c, listing) + gap;
    /* a puzzle (code and log), or a lesson whose focus puts the code or the log
     * before the metrics: the metrics give up rows, down to the lesson's first ones */
    int mf = focus_rank(c, SCN_PANEL_METRICS), cf = focus_rank(c, SCN_PANEL_CODE),
        lf = focus_rank(c, SCN_PANEL_LOG);
    bool text_first = mf < 0 ? code && log : (code && cf < mf) || (log && lf < mf);
    /* an open quiz question over a listing: the class reasons from the code, and
     * the metrics of a run that has not started say nothing */
    bool no_metrics = (c->view->hidden & UI_PANEL_METRICS) || (c->hide_future && code);
    if ((code || log) && text_first && metrics_h + want > r.h) {
        int least = 4 * lh + c->px / 2; /* a heading and three rows, or four without it */
        metrics_h = r.h - want > least ? r.h - want : least;
    }
    ui_rect metrics, rest, code_r, log_r;
    if (no_metrics)
        rest = r;
    else {
        split_h(r, code || log ? metrics_h : r.h, gap, &metrics, &rest);
        ui__metrics(c, run, metrics);
    }
    if (code && log) {
        int code_h = rest.h - log_h - gap, need = code_need(c, listing);
        /* the log keeps a row for each line the run prints (up to six: at the
         * end it is the puzzle's answer, whole); the listing takes the rest and
         * scrolls to the line that runs */
        if (code_h > need)
            code_h = need; /* a short listing leaves the log the rest */
        if (code_h < rest.h * 45 / 100)
            code_h = rest.h * 45 / 100;
        split_h(rest, code_h, gap, &code_r, &log_r);
        ui__code(c, run, code_r);
        ui__log(c, run, log_r);
    } else if (code) {
        ui__code(c, run, rest);
    } else if (log) {
        ui__log(c, run, rest);
    }
}

/* What the shape under the mouse is, in words, for the tooltip: its state at t
 * (the clock for the restaurant, the time under the mouse on the timeline). */
static bool describe(const ui_ctx *c, const ui_shape *s, int64_t t, char *buf, size_t size)
{
    const ui_doc *doc = c->doc;
    if (!doc || s->run >= doc->nruns)
        return false;
    const ui_run *run = &doc->runs[s->run];
    char t0[32], t1[32];
    tl_span sp;
    uint32_t step = t == c->t ? c->step : TL_STEP_END; /* the step on screen */
    /* a shape of a service's box: its ids are the service's workers and calls,
     * read over the whole instant (the front's step counts the front's events) */
    if (s->service > 0) {
        if ((size_t)s->service > run->nservices)
            return false;
        run = &run->services[s->service - 1].run;
        step = TL_STEP_END;
    }
    int32_t svc = UI_SERVICE_LANE_OF(s->id);
    if ((s->role == UI_ROLE_WORKER_SPAN || s->role == UI_ROLE_LANE_LABEL) && svc >= 0) {
        /* a service's worker, on the service's clock (its whole instant) */
        const ui_run *sr = (size_t)svc < run->nservices ? &run->services[svc].run : NULL;
        size_t w = (size_t)UI_SERVICE_LANE_WORKER(s->id);
        if (!sr || w >= sr->nworkers || timeline_state_at(sr->tl, TL_LANE_WORKER, w, t, &sp) < 0)
            return false;
        snprintf(buf, size, "%s service, %s: %s since %s", sr->name, sr->long_names[w],
                 ui__worker_words(sp.state), ui_format_time(sp.t0, t0, sizeof t0));
        return true;
    }
    switch (s->role) {
    case UI_ROLE_CODE_LINE: {
        /* who is at this line: the chip shows one name, or how many */
        size_t n = 0, at = 0;
        for (size_t w = 0; w < run->nworkers; w++)
            if (timeline_state_at_step(run->tl, TL_LANE_WORKER, w, t, step, &sp) == 0 &&
                sp.line == s->id && sp.state != TL_W_ABSENT && sp.state != TL_W_IDLE)
                n++;
        if (n == 0)
            return false;
        at = (size_t)snprintf(buf, size, "line %d: ", s->id);
        size_t named = 0;
        for (size_t w = 0; w < run->nworkers && named < 3 && at < size; w++)
            if (timeline_state_at_step(run->tl, TL_LANE_WORKER, w, t, step, &sp) == 0 &&
                sp.line == s->id && sp.state != TL_W_ABSENT && sp.state != TL_W_IDLE)
                at += (size_t)snprintf(buf + at, size - at, "%s%s (%s)", named ? ", " : "",
                                       run->long_names[w], ui__worker_words(sp.state)),
                    named++;
        if (n > named && at < size)
            snprintf(buf + at, size - at, " and %zu more waiters", n - named);
        return true;
    }
    case UI_ROLE_WAITER:
    case UI_ROLE_WORKER_SPAN:
    case UI_ROLE_LANE_LABEL:
        if (s->id < 0 || (size_t)s->id >= run->nworkers ||
            timeline_state_at_step(run->tl, TL_LANE_WORKER, (size_t)s->id, t, step, &sp) < 0)
            return false;
        /* a service's waiter: "ml, process 2, thread 1: running, call #24" */
        char name[128];
        snprintf(name, sizeof name, "%s%s%s", s->service > 0 ? run->name : "",
                 s->service > 0 ? ", " : "", run->long_names[s->id]);
        if (sp.req >= 0)
            snprintf(buf, size, "%s: %s, %s #%d, since %s", name, ui__worker_words(sp.state),
                     s->service > 0 ? "call" : "request", sp.req + 1,
                     ui_format_time(sp.t0, t0, sizeof t0));
        else
            snprintf(buf, size, "%s: %s since %s", name, ui__worker_words(sp.state),
                     ui_format_time(sp.t0, t0, sizeof t0));
        if (sp.line > 0) {
            size_t n = strlen(buf);
            snprintf(buf + n, size - n, ", line %d", sp.line);
        }
        return true;
    case UI_ROLE_TABLE:
    case UI_ROLE_REQUEST_SPAN: {
        int64_t arrive, done;
        if (s->id < 0 || timeline_request_times(run->tl, (size_t)s->id, &arrive, &done) < 0 ||
            timeline_state_at_step(run->tl, TL_LANE_REQUEST, (size_t)s->id, t, step, &sp) < 0)
            return false;
        /* a call at a service: the table number of the front's request that made it */
        char who[96];
        snprintf(who, sizeof who, "request #%d", s->id + 1);
        if (s->service > 0) {
            const ui_run *front = &doc->runs[s->run];
            int64_t caller = timeline_call_caller(front->tl, (size_t)s->service - 1, s->id);
            if (caller >= 0)
                snprintf(who, sizeof who, "%s call #%d (request #%lld's)",
                         front->services[s->service - 1].name, s->id + 1, (long long)caller + 1);
            else
                snprintf(who, sizeof who, "%s call #%d", front->services[s->service - 1].name,
                         s->id + 1);
        }
        if (arrive < 0 || sp.state == TL_R_PENDING) {
            snprintf(buf, size, "%s: not arrived yet", who);
        } else if (done >= 0 && done <= t) {
            snprintf(buf, size, "%s: arrived %s, done %s (latency %s)", who,
                     ui_format_time(arrive, t0, sizeof t0), ui_format_time(done, t1, sizeof t1),
                     ui_format_time(done - arrive, (char[32]){0}, 32));
        } else {
            snprintf(buf, size, "%s: %s, arrived %s", who, ui__request_words(sp.state),
                     ui_format_time(arrive, t0, sizeof t0));
        }
        return true;
    }
    case UI_ROLE_GIL_TURNS: return ui__turns_words(c, s->run, s->id, t, buf, size);
    default: return false;
    }
}

static void tooltip(const ui_ctx *c, const ui_layout_info *info, int w, int h)
{
    const ui_view *v = c->view;
    if (v->mouse_x < 0 || v->mouse_y < 0 || v->help || v->list || v->orders)
        return;
    const ui_shape *s = ui_hit(c->out, v->mouse_x, v->mouse_y);
    char text[256];
    if (!s)
        return;
    int64_t t = c->t;
    if (s->role == UI_ROLE_WORKER_SPAN || s->role == UI_ROLE_REQUEST_SPAN ||
        s->role == UI_ROLE_GIL_TURNS) {
        t = ui_layout_time_at(info, v->mouse_x);
        for (int i = 0; i < 2; i++)
            if (info->area[i].w > 0 && ui_rect_has(info->area[i], v->mouse_x, v->mouse_y)) {
                ui_layout_info one = *info;
                one.area[0] = info->area[i];
                t = ui_layout_time_at(&one, v->mouse_x);
            }
    }
    if (!describe(c, s, t, text, sizeof text))
        return;
    int px = c->px * 9 / 10, pad = px / 2;
    int tw = c->m->width(c->m->ctx, UI_FONT_SANS, px, text, strlen(text));
    int th = c->m->height(c->m->ctx, UI_FONT_SANS, px);
    if (tw > w - 2 * pad)
        tw = w - 2 * pad;
    ui_rect box = {v->mouse_x + px, v->mouse_y + px, tw + 2 * pad, th + 2 * pad};
    if (box.x + box.w > w)
        box.x = w - box.w;
    if (box.y + box.h > h)
        box.y = v->mouse_y - px - box.h;
    if (box.x < 0)
        box.x = 0;
    if (box.y < 0)
        box.y = 0;
    size_t from = c->out->n;
    ui_rect_fill(c->out, box, c->theme->panel, pad / 2);
    ui_box(c->out, box, c->theme->text, 1);
    ui_text(c->out, c->m, UI_FONT_SANS, px, c->theme->text, box.x + pad, box.y + pad, tw,
            UI_ALIGN_LEFT, text);
    ui_tag(c->out, from, UI_ROLE_TOOLTIP, -1, -1);
}

/* The frame with a scenario open. */
static void layout_doc(const ui_ctx *c, ui_rect body, ui_layout_info *info)
{
    int gap = c->px / 2;
    const ui_doc *doc = c->doc;
    size_t shown[2], nshown = ui__runs_shown(c, shown), run = shown[0];
    size_t run_b = nshown == 2 ? shown[1] : run;
    bool compare = nshown == 2;
    /* the narration caption: two lines of large text, or as many as the run's
     * tallest caption takes (in half the width when the columns have captions of
     * their own), so that none is cut and the bar does not jump while it plays; a
     * smaller size before a bar over a sixth of the window */
    int cap_h = c->m->height(c->m->ctx, UI_FONT_SANS, c->px * 11 / 10) * 2 + c->px;
    int cap_need = ui__narration_height(c, run, run_b, gap, body.w, body.h * 16 / 100);
    cap_h = cap_need > cap_h ? cap_need : cap_h;
    /* quiz mode's box takes the caption's place, as tall as it needs up to almost
     * half the window */
    int quiz_h = ui__quiz_height(c, body.w);
    if (c->view->game) /* "you are the event loop": its panel, the same way */
        quiz_h = ui_loopgame_height(c->view->game, c->m, c->px, body.w);
    if (quiz_h > 0) {
        int most = body.h * 45 / 100;
        quiz_h = quiz_h < most ? quiz_h : most;
        cap_h = quiz_h > cap_h ? quiz_h : cap_h;
    }
    ui_rect main_r, caption;
    split_h(body, body.h - cap_h - gap, gap, &main_r, &caption);
    if (compare) {
        ui_rect left, right;
        split_w(main_r, (main_r.w - gap) / 2, gap, &left, &right);
        /* both titles as high as the higher, so the restaurants line up */
        int ta = column_title_h(c, run, left.w), tb = column_title_h(c, run_b, right.w);
        run_column(c, run, left, ta > tb ? ta : tb, info, 0);
        run_column(c, run_b, right, ta > tb ? ta : tb, info, 1);
    } else {
        /* a lesson with code and a log (a puzzle) is about them: they get half */
        const scn_code *listing = scn_runtime_code(doc->scn, run);
        bool puzzle = listing && listing->nlines > 0 && doc->scn->nstrings > 0;
        ui_rect left, right;
        int left_w = main_r.w * (puzzle ? 56 : 62) / 100;
        unsigned both = UI_PANEL_RESTAURANT | UI_PANEL_TIMELINE;
        if ((c->view->hidden & both) == both)
            left_w = -gap; /* the code, the log and the metrics take the window */
        split_w(main_r, left_w, gap, &left, &right);
        if (left.w > 0) {
            run_column(c, run, left, 0, info, 0);
        } else { /* no timeline on screen, but the column is still this run's */
            info->run[0] = run;
            info->columns = 1;
            info->window = ui__timeline_window(c, &info->t0, &info->t1);
        }
        c->out->run = (uint8_t)run;
        side_column(c, run, right);
    }
    /* an open quiz question hides the caption, which may tell its answer; the box
     * that shows answers says the caption there itself */
    if (quiz_h > 0 && c->view->game)
        ui_loopgame_layout(c->out, caption, c->view->game, c->theme, c->m, c->px);
    else if (quiz_h > 0)
        ui__quiz(c, caption);
    else if (!c->hide_future)
        info->caption_shared = ui__narration(c, run, run_b, gap, caption);
}

int ui_layout(const ui_doc *doc, const ui_view *view, int64_t t, int w, int h, const ui_measure *m,
              ui_list *out, ui_layout_info *info)
{
    ui_layout_info dummy;
    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    ui_list_clear(out);
    out->run = 0;
    ui_ctx c = {doc,
                view,
                ui_theme_get(view->theme),
                m,
                t,
                ui_text_px(h, view->text_step),
                out,
                ui_view_step_at(view, t),
                view->quiz != NULL && ui_quiz_hides(view->quiz)};
    ui_rect win = {0, 0, w, h};
    ui_rect_fill(out, win, c.theme->bg, 0);
    int gap = c.px / 2;
    int header_h = ui__header_height(&c, w);
    ui_rect header, body;
    split_h(win, header_h, gap, &header, &body);
    body = (ui_rect){body.x + gap, body.y, body.w - 2 * gap, body.h - gap};
    ui__header(&c, header);
    if (view->banner) {
        /* as tall as its lines (the banner caps them at a few, then "... and N more") */
        int lh = m->height(m->ctx, UI_FONT_SANS, c.px), lines = 3;
        for (const char *p = view->banner; *p && lines < 7; p++)
            lines += *p == '\n';
        ui_rect banner;
        split_h(body, lh * lines + c.px, gap, &banner, &body);
        ui__banner(&c, banner);
    }
    if (doc && doc->nruns > 0)
        layout_doc(&c, body, info);
    out->run = 0;
    if (doc && view->orders) /* over the frame, under the header and the banner */
        ui__orders(&c, (ui_rect){0, body.y, w, h - body.y});
    if (doc && view->notes && !c.hide_future) /* the presenter's notes, over the caption */
        ui__notes(&c, (ui_rect){0, body.y, w, h - body.y});
    if (view->list) /* under the banner, which says why a file did not open */
        ui__scenario_list(&c, (ui_rect){0, body.y, w, h - body.y});
    if (view->help)
        ui__help(&c, win);
    tooltip(&c, info, w, h);
    return out->oom ? SIM_ENOMEM : 0;
}
