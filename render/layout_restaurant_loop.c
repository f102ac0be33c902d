/* layout_restaurant_loop.c - the ticket rails of an event loop and the staff's strip.
 *
 * The rails are the loop's queues, one row each, top down in the order the loop
 * serves them: Node runs process.nextTick callbacks, then microtasks (promises)
 * after every callback, then its phases timers, poll (I/O callbacks) and check
 * (setImmediate); asyncio's rows are its ready queue, its timers (call_later) and
 * what select() reported. A row says its queue's full name and count, and hangs a
 * ticket on its rail per waiting callback, as many as fit, then "+N" for the rest.
 * A lamp on a row lights when the loop is in that row's phase, the running mark
 * replaces it on the rail whose callback runs, and the loop's waiter stands by
 * that row when it is not at a table, so a waiting loop is seen standing at
 * "poll". A restaurant too short for a column of rails gets two columns side by
 * side, or, too narrow for two, one column of the rails that hold tickets; names
 * and counts are never shortened, tickets are left out first.
 *
 * The strip under the dining room holds the places where a waiter stands when it
 * serves no table: the waiters' station (idle threads), the order pad's home (the
 * GIL, with who holds it and how many wait), the back-office helpers (the libuv
 * threadpool or asyncio's executor, with its queue) and the worker threads.
 */
#include "layout_restaurant_internal.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    int queue, phase;
    const char *label;
} rail_def;

static const rail_def node_rails[] = {
    {TRACE_QUEUE_NEXT_TICK, -1, "nextTick"},
    {TRACE_QUEUE_MICROTASK, -1, "microtasks"},
    {TRACE_QUEUE_TIMERS, TRACE_PHASE_TIMERS, "timers"},
    {TRACE_QUEUE_POLL, TRACE_PHASE_POLL, "poll"},
    {TRACE_QUEUE_CHECK, TRACE_PHASE_CHECK, "check"},
};

static const rail_def asyncio_rails[] = {
    {TRACE_QUEUE_READY, TRACE_PHASE_RUN_READY, "ready"},
    {TRACE_QUEUE_TIMERS, -1, "timers"},
    {TRACE_QUEUE_POLL, TRACE_PHASE_SELECT, "select"},
};

static const char *phase_words(int phase, bool brief)
{
    switch (phase) {
    case TRACE_PHASE_MAIN: return brief ? "main" : "main script";
    case TRACE_PHASE_RUN_READY: return "ready";
    default: return phase >= 0 ? trace_phase_name(phase) : "";
    }
}

static bool asyncio_rt(const resto *R)
{
    return scn_runtime_serving(R->run->rt)->flavor == SCN_FLAVOR_ASYNCIO;
}

static int label_w(const resto *R, const char *s)
{
    return R->c->m->width(R->c->m->ctx, UI_FONT_SANS, R->spx, s, strlen(s));
}

/* This runtime's rails, top down. */
static const rail_def *rails_of(const resto *R, size_t *n)
{
    if (asyncio_rt(R)) {
        *n = sizeof asyncio_rails / sizeof asyncio_rails[0];
        return asyncio_rails;
    }
    *n = sizeof node_rails / sizeof node_rails[0];
    return node_rails;
}

/* The mark of what the loop runs now: in place of the lamp of the rail whose
 * callback runs, and before "main script" in the heading. */
#define RUNNING_GLYPH "\xE2\x96\xB6" /* U+25B6 */
static const char running_mark[] = RUNNING_GLYPH " ";

/* The widest rail label (bold: the lit one is bold). */
static int labels_w(const resto *R)
{
    size_t n;
    const rail_def *d = rails_of(R, &n);
    int w = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = d[i].label;
        int lw = R->c->m->width(R->c->m->ctx, UI_FONT_BOLD, R->spx, s, strlen(s));
        w = lw > w ? lw : w;
    }
    return w;
}

/* The queue whose callback the loop runs at this step (the mark), or -1. In the
 * main phase, what the loop runs from poll is the main script: no rail, the
 * heading says it (main_script). */
static int running_queue(const resto *R, const resto_proc *P, int phase, bool *main_script)
{
    int q = timeline_running_at_step(R->tl, (size_t)P->loop, R->t, R->step);
    *main_script = phase == TRACE_PHASE_MAIN && (q == TRACE_QUEUE_POLL || q == TRACE_QUEUE_ACCEPT);
    return *main_script ? -1 : q;
}

/* The pieces of a rail row, left to right: the lamp (or the running mark), the
 * label, the count, then the rail with its tickets and "+N". */
typedef struct {
    int lamp, gap, label, count, ticket, step, plus;
} rail_metrics;

static rail_metrics rail_measure(const resto *R, int row_h)
{
    const ui_measure *m = R->c->m;
    int lh = resto__line(R, R->spx);
    rail_metrics k;
    k.lamp = R->spx * 4 / 5;
    k.gap = R->px / 4 > 2 ? R->px / 4 : 2;
    k.label = labels_w(R);
    /* room for the longest count a rail can have: every request of the run */
    char most[24];
    int nd = snprintf(most, sizeof most, "%zu", timeline_lane_count(R->tl, TL_LANE_REQUEST));
    nd = nd < 2 ? 2 : nd;
    k.count = m->width(m->ctx, UI_FONT_BOLD, R->spx, "99999999", (size_t)(nd < 8 ? nd : 8));
    /* a ticket is a square pictogram whose slip is about 0.6 of its width: side by
     * side they hang a little apart */
    k.ticket = row_h * 9 / 10 < lh * 3 / 2 ? row_h * 9 / 10 : lh * 3 / 2;
    k.step = k.ticket * 2 / 3 + 1;
    k.plus = m->width(m->ctx, UI_FONT_BOLD, R->spx, "+99999999", (size_t)(nd < 8 ? nd : 8) + 1);
    return k;
}

/* The width of one rail column with room for `tickets` tickets and the "+N". */
static int rail_col_w(const rail_metrics *k, int tickets)
{
    return k->lamp + k->gap + k->label + k->gap + k->count + k->gap + tickets * k->step + k->plus;
}

/* The width of the column left of the rails where the loop's waiter stands: its
 * disc (no taller than 2/5 of the rails, which may be short) or its name tag
 * ("Loop"), whichever is wider, and a gap. */
static int rails_lead(const resto *R, int h)
{
    int tag = ui__text_w(R->c, UI_FONT_BOLD, R->spx, "Loop") + 2 * (R->spx / 6 + 1);
    int gap = R->px / 4 > 2 ? R->px / 4 : 2, d = R->D < h * 2 / 5 ? R->D : h * 2 / 5;
    return (d > tag ? d : tag) + gap;
}

int resto__rails_plan(const resto *R, resto_proc *P, ui_rect in)
{
    P->rail_cols = 0;
    P->rail_band = false;
    if (P->loop < 0)
        return 0;
    size_t n;
    rails_of(R, &n);
    int lh = resto__line(R, R->spx), head = lh + R->px / 6, row = lh + R->px / 6;
    rail_metrics k = rail_measure(R, lh);
    /* one column when every rail fits under the heading; else two (the rails of a
     * short restaurant side by side) when the room stays wide enough, else one
     * with the busy rails only. The choice depends on the size only, so the room
     * does not jump while the clock runs. */
    int lead = rails_lead(R, in.h); /* the loop's waiter stands left of the rails */
    /* tickets up to the cap when that takes a third of the width at most, else
     * three and "+N", else none (the count says how many) */
    /* the room keeps two fifths of the width (a table at least): its tables are
     * the requests, which a thin column of two hid (compared, Node's loop) */
    int keep = in.w * 2 / 5 > 3 * R->px ? in.w * 2 / 5 : 3 * R->px;
    int room = in.w - keep, cols = 0, w = 0;
    /* when the rails and their tickets do not fit beside two fifths of tables,
     * they take all but a table */
    for (int pass = 0; pass < 2 && cols < 1; pass++, room = in.w - 3 * R->px)
        for (cols = head + (int)n * row <= in.h ? 1 : 2; cols >= 1; cols--) {
            int least = lead + cols * rail_col_w(&k, 3) + (cols - 1) * k.gap;
            int want = lead + cols * rail_col_w(&k, RESTO_MAX_TICKETS) + (cols - 1) * k.gap;
            /* the least: the lamp, the name and the count, reaching into the gap */
            int bare = lead + cols * (rail_col_w(&k, 0) - k.plus - k.gap) + (cols - 1) * k.gap;
            w = want <= in.w / 3 ? want : least;
            if (w > room && pass == 1) /* no room for tickets: the names and counts */
                w = bare;
            if (w <= room)
                break;
        }
    if (cols < 1) {
        /* too narrow for a column of rails (big text in a compared column): a
         * band over the room, one line of the busy rails */
        P->rail_band = in.h >= 3 * lh;
        return 0;
    }
    if (cols == 1 && head + (int)n * row > in.h) {
        /* one column too short for every rail: wide enough for two rails side by
         * side (without their tickets), for when the busy ones do not fit */
        int flow = lead + 2 * (k.lamp + k.gap + k.label + k.gap + k.count) + 2 * k.gap;
        flow = flow < room ? flow : room;
        w = w > flow ? w : flow;
    }
    P->rail_cols = cols;
    P->rail_colw = (w - lead - (cols - 1) * k.gap) / cols;
    return w;
}

/* The lamp of rail i (its phase, lit when current) at x, or the running mark in
 * its place when its callback runs. */
static void rail_lamp(resto *R, resto_proc *P, int i, int x, int y, bool lit, bool running)
{
    int lh = resto__line(R, R->spx), lamp = R->spx * 4 / 5;
    ui_shape *s = NULL;
    if (running)
        s = ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->accent, x, y, 0, UI_ALIGN_LEFT,
                    RUNNING_GLYPH);
    else if (P->rail_phase[i] >= 0)
        s = ui_disc(R->c->out, x + lamp / 2, y + lh / 2, lamp / 2,
                    lit ? R->th->accent : R->th->grid);
    if (s && P->rail_phase[i] >= 0)
        s->role = UI_ROLE_PHASE, s->id = P->rail_phase[i], s->state = lit;
}

/* Rail i as a chip of a flowing line, for a restaurant too short for a row per
 * rail: lamp, label and count at x, y, without tickets. Returns its width. */
static int rail_chip(resto *R, resto_proc *P, int i, int x, int y, const char *label, int64_t len,
                     bool lit, bool running)
{
    const ui_measure *m = R->c->m;
    rail_metrics k = rail_measure(R, resto__line(R, R->spx));
    int x0 = x;
    rail_lamp(R, P, i, x, y, lit, running);
    if (running || P->rail_phase[i] >= 0)
        x += k.lamp + k.gap;
    size_t from = R->c->out->n;
    ui_shape *ls = ui_text(R->c->out, m, lit || running ? UI_FONT_BOLD : UI_FONT_SANS, R->spx,
                           lit || running ? R->th->accent : R->th->text, x, y, 0, UI_ALIGN_LEFT,
                           label);
    x += (ls ? ls->rect.w : 0) + k.gap;
    if (len > 0) {
        char count[24];
        snprintf(count, sizeof count, "%lld", (long long)len);
        ui_shape *cs = ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->text, x, y, 0,
                               UI_ALIGN_LEFT, count);
        x += cs ? cs->rect.w : 0;
    }
    ui_tag(R->c->out, from, UI_ROLE_RAIL, P->rail_queue[i], (int16_t)(len > 32767 ? 32767 : len));
    if (running && from < R->c->out->n) {
        R->c->out->shapes[from].role = UI_ROLE_RUNNING;
        R->c->out->shapes[from].state = -1;
    }
    return x - x0;
}

/* The width of a rail's chip (rail_chip), without drawing it; `lamp` when it has
 * a lamp or the running mark. */
static int chip_w(const resto *R, const char *label, int64_t len, bool bold, bool lamp)
{
    const ui_measure *m = R->c->m;
    rail_metrics k = rail_measure(R, resto__line(R, R->spx));
    char count[24] = "";
    if (len > 0)
        snprintf(count, sizeof count, "%lld", (long long)len);
    return (lamp ? k.lamp + k.gap : 0) +
           m->width(m->ctx, bold ? UI_FONT_BOLD : UI_FONT_SANS, R->spx, label, strlen(label)) +
           k.gap + m->width(m->ctx, UI_FONT_BOLD, R->spx, count, strlen(count));
}

/* One rail in the rect r (one line high): lamp or mark, label, count, and the
 * rail with a ticket per waiting callback up to what fits, then "+N". Tagged
 * RAIL (id = the queue, state = its length); the label of the running rail is
 * RUNNING. */
static void rail_row(resto *R, resto_proc *P, int i, ui_rect r, const char *label, int64_t len,
                     bool lit, bool running)
{
    const ui_measure *m = R->c->m;
    rail_metrics k = rail_measure(R, r.h);
    int lh = resto__line(R, R->spx), x = r.x, y = r.y + (r.h - lh) / 2, right = r.x + r.w;
    rail_lamp(R, P, i, x, y, lit, running);
    x += k.lamp + k.gap;
    size_t from = R->c->out->n, label_at = from;
    ui_text(R->c->out, m, lit || running ? UI_FONT_BOLD : UI_FONT_SANS, R->spx,
            lit || running ? R->th->accent : R->th->text, x, y, 0, UI_ALIGN_LEFT, label);
    x += k.label + k.gap;
    if (len > 0) {
        char count[24];
        snprintf(count, sizeof count, "%lld", (long long)len);
        ui_shape *cs = ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->text, x, y, 0,
                               UI_ALIGN_LEFT, count);
        int cw = cs ? cs->rect.w : 0;
        x += (cw > k.count ? cw : k.count) + k.gap;
    } else {
        x += k.count + k.gap;
    }
    /* the rail: a bar the tickets hang from */
    if (right - x >= k.ticket)
        ui_line(R->c->out, x, y + lh / 8, right, y + lh / 8, R->th->text_dim, 2);
    int fit = (right - x - (k.ticket - k.step)) / k.step;
    fit = fit > RESTO_MAX_TICKETS ? RESTO_MAX_TICKETS : fit < 0 ? 0 : fit;
    int64_t ndraw = len <= fit ? len : 0;
    char plus[24] = "";
    if (len > fit) {
        /* the tickets that fit beside "+N" for the rest; with no room for both,
         * none: the count says how many */
        ndraw = 0;
        for (int t = fit; t >= 1; t--) {
            snprintf(plus, sizeof plus, "+%lld", (long long)(len - t));
            int pw = m->width(m->ctx, UI_FONT_BOLD, R->spx, plus, strlen(plus));
            if (x + t * k.step + (k.ticket - k.step) + 2 + pw <= right) {
                ndraw = t;
                break;
            }
        }
        if (ndraw == 0)
            plus[0] = '\0';
    }
    int ty = y + lh / 8;
    for (int64_t t = 0; t < ndraw; t++)
        ui_image(R->c->out, (ui_rect){x + (int)t * k.step, ty, k.ticket, k.ticket},
                 R->th->request[TL_R_QUEUED], "ticket");
    if (*plus) {
        int px0 = x + (int)ndraw * k.step + (ndraw > 0 ? k.ticket - k.step + 2 : 0);
        ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->request[TL_R_QUEUED], px0, y, 0,
                UI_ALIGN_LEFT, plus);
    }
    ui_tag(R->c->out, from, UI_ROLE_RAIL, P->rail_queue[i], (int16_t)(len > 32767 ? 32767 : len));
    if (running && label_at < R->c->out->n) { /* the label says whose callback runs */
        R->c->out->shapes[label_at].role = UI_ROLE_RUNNING; /* id: the queue, as the rail's */
        R->c->out->shapes[label_at].state = -1;
    }
}

/* The heading: the phase the loop is in, including those without a rail, and
 * the mark before "main script" while it runs (state 2). The longest form that
 * fits of "event loop: poll", "loop: poll", "poll". */
static int rails_heading(resto *R, ui_rect r, int phase, bool main_script, bool brief)
{
    static const char *const forms[] = {"event loop: %s%s", "loop: %s%s", "%s%s"};
    char head[64];
    for (size_t i = brief ? 2 : 0; i < sizeof forms / sizeof forms[0]; i++) {
        snprintf(head, sizeof head, forms[i], main_script ? running_mark : "",
                 phase_words(phase, i == 2));
        if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, head) <= r.w)
            break;
    }
    ui_shape *hs = ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->accent, r.x, r.y, r.w,
                           UI_ALIGN_LEFT, head);
    if (hs && phase >= 0)
        hs->role = UI_ROLE_PHASE, hs->id = phase, hs->state = main_script ? 2 : 1;
    return hs ? hs->rect.w : 0;
}

/* The busy rails (holding tickets, lit or running) as chips flowing over the lines
 * of r, for a restaurant too short for a row each. */
static void rails_flow(resto *R, resto_proc *P, const rail_def *def, size_t n, const int64_t *len,
                       int phase, int running, ui_rect r)
{
    int lh = resto__line(R, R->spx), gap = R->px / 2, x = r.x, y = r.y;
    for (size_t i = 0; i < n && P->nrails < RESTO_MAX_RAILS; i++) {
        int q = def[i].queue, ph = def[i].phase;
        bool lit = ph >= 0 && ph == phase, run = q == running;
        if (len[q] == 0 && !lit && !run)
            continue;
        int w = chip_w(R, def[i].label, len[q], lit || run, run || ph >= 0);
        if (x > r.x && x + w > r.x + r.w) {
            x = r.x;
            y += lh;
        }
        if (y + lh > r.y + r.h)
            break;
        int kk = P->nrails++;
        P->rail_queue[kk] = q;
        P->rail_phase[kk] = ph;
        P->rail_y[kk] = y + lh / 2;
        x += rail_chip(R, P, kk, x, y, def[i].label, len[q], lit, run) + gap;
    }
}

void resto__rails(resto *R, resto_proc *P)
{
    P->nrails = 0;
    if (P->loop < 0 || P->rails.w <= 0 || (P->rail_cols < 1 && !P->rail_band))
        return;
    size_t n;
    const rail_def *def = rails_of(R, &n);
    int64_t len[TRACE_QUEUE_COUNT];
    if (timeline_loop_queues_at_step(R->tl, (size_t)P->loop, R->t, R->step, len) < 0)
        return;
    int phase = timeline_phase_at_step(R->tl, (size_t)P->loop, R->t, R->step);
    bool main_script;
    int running = running_queue(R, P, phase, &main_script);
    int lh = resto__line(R, R->spx), row = lh + R->px / 6;
    ui_rect r = P->rails;
    if (P->rail_band) {
        /* the band: the loop's waiter, then the phase and the busy rails */
        P->spot_d = lh;
        P->spot_x = r.x + lh / 2;
        int x = r.x + lh + R->px / 4;
        ui_rect hr = {x, r.y, r.w - (x - r.x), lh};
        int hw = rails_heading(R, hr, phase, main_script, true);
        x += hw + R->px / 2;
        rails_flow(R, P, def, n, len, phase, running, (ui_rect){x, r.y, r.x + r.w - x, lh});
        return;
    }
    rails_heading(R, r, phase, main_script, false);
    rail_metrics k = rail_measure(R, lh);
    int lead = rails_lead(R, r.h), top = r.y + lh + R->px / 6, cols = P->rail_cols;
    int rows = ((int)n + cols - 1) / cols, avail = r.y + r.h - top;
    if (rows * row > avail)
        row = lh; /* short: the rows close up */
    /* too short for every rail: only the busy, lit or running ones, in order */
    bool busy_only = rows * row > avail;
    int shown = 0;
    for (size_t i = 0; i < n; i++) {
        int q = def[i].queue;
        shown += !busy_only || len[q] > 0 || def[i].phase == phase || q == running;
    }
    rows = (shown + cols - 1) / cols;
    P->spot_x = r.x + (lead - k.gap) / 2;
    P->spot_d = R->D < r.h * 2 / 5 ? R->D : r.h * 2 / 5;
    if (rows * row > avail) {
        rails_flow(R, P, def, n, len, phase, running,
                   (ui_rect){r.x + lead, top, r.w - lead, avail});
        return;
    }
    /* rows spread over the height (up to a waiter's height apart), so the loop's
     * waiter standing by a row is seen to stand at it, and tickets hang bigger */
    int h = rows > 0 ? avail / rows : row;
    h = h > R->D ? R->D : h < row ? row : h;
    int slot = 0;
    for (size_t i = 0; i < n; i++) {
        int q = def[i].queue, ph = def[i].phase;
        if (busy_only && len[q] == 0 && ph != phase && q != running)
            continue;
        int c = slot / rows, rw = slot % rows;
        slot++;
        int y = top + rw * h;
        if (c >= cols || y + lh > r.y + r.h)
            break;
        int kk = P->nrails++;
        P->rail_queue[kk] = q;
        P->rail_phase[kk] = ph;
        P->rail_y[kk] = y + h / 2;
        int ch = y + h > r.y + r.h ? r.y + r.h - y : h;
        ui_rect cell = {r.x + lead + c * (P->rail_colw + k.gap), y, P->rail_colw, ch};
        rail_row(R, P, kk, cell, def[i].label, len[q], ph >= 0 && ph == phase, q == running);
    }
}

/* ---- the strip ---------------------------------------------------------------------------- */

int resto__strip_height(const resto *R)
{
    /* the heading, a row of waiters and the name tags hanging under them */
    int lh = resto__line(R, R->spx);
    return lh + R->slot + lh * 2 / 3;
}

enum { BOX_STATION, BOX_PAD, BOX_HELPERS, BOX_WLOOPS, BOX_COUNT };

/* A box's heading; helpers and worker threads say how many jobs wait for them. */
static void box_heading(resto *R, resto_proc *P, int kind, char *buf, size_t size, int64_t *queued)
{
    size_t p = (size_t)(P - R->procs);
    *queued = -1;
    switch (kind) {
    case BOX_STATION: snprintf(buf, size, "station"); return;
    case BOX_PAD: snprintf(buf, size, "order pad (GIL)"); return;
    case BOX_HELPERS:
        *queued = timeline_queue_length_at_step(R->tl, TRACE_QUEUE_THREADPOOL, (int32_t)p, R->t,
                                                R->step);
        snprintf(buf, size, asyncio_rt(R) ? "executor" : "helpers");
        break;
    default:
        *queued = timeline_queue_length_at_step(R->tl, TRACE_QUEUE_WORKER, (int32_t)p, R->t,
                                                R->step);
        snprintf(buf, size, "worker threads");
        break;
    }
    if (*queued > 0) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, " \xC2\xB7 %lld waiting", (long long)*queued);
    }
}

/* The pad's home: who holds it and how many wait (the icon itself is drawn next to
 * its holder by the staff, or here when the pad is free). */
static void pad_status(resto *R, resto_proc *P, ui_rect in)
{
    size_t p = (size_t)(P - R->procs);
    tl_span g;
    if (timeline_state_at_step(R->tl, TL_LANE_GIL, p, R->t, R->step, &g) < 0)
        return;
    bool held = g.state == TL_GIL_HELD && g.worker >= 0 && (size_t)g.worker < R->run->nworkers;
    /* the words start right of the sheet when it is at home, or of its place */
    int lh = resto__line(R, R->spx), sw = resto__pad_sheet_w(R);
    int iw = (sw > R->D ? sw : R->D) + R->spx / 3;
    char l1[64], l2[48] = "";
    if (held)
        snprintf(l1, sizeof l1, "%s has it", resto__local_name(R, (size_t)g.worker));
    else
        snprintf(l1, sizeof l1, "pad free");
    if (g.value > 0)
        snprintf(l2, sizeof l2, "%lld waiting", (long long)g.value);
    size_t from = R->c->out->n;
    int x = in.x + iw, w = in.w - iw;
    int nl = *l2 && in.h >= 2 * lh ? 2 : 1, y = in.y + (in.h - nl * lh) / 2;
    /* narrow: "T1" for "T1 has it", "free" for "pad free" */
    if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, l1) > w)
        snprintf(l1, sizeof l1, "%s", held ? resto__local_name(R, (size_t)g.worker) : "free");
    if (w > 2 * R->spx) {
        ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->text, x, y, w, UI_ALIGN_LEFT, l1);
        if (nl == 2)
            ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->worker[TL_W_WAIT_GIL], x,
                    y + lh, w, UI_ALIGN_LEFT, l2);
    }
    ui_tag(R->c->out, from, UI_ROLE_ORDER_PAD, (int32_t)p, (int16_t)(held ? g.worker : -1));
}

/* A place's slot size: a waiter's, or down to 2/3 of it so that a few more stand
 * side by side than would fit at full size (rather than a "+N"). */
static int fit_cell(const resto *R, ui_rect in, int n)
{
    int cell = R->slot;
    if (n > 0 && n * cell > in.w && in.w / n >= R->slot * 2 / 3)
        cell = in.w / n;
    return cell;
}

/* Splits the strip among its boxes, each wanting room for its heading or its
 * waiters, whichever is wider, and draws their furniture. */
void resto__strip(resto *R, resto_proc *P)
{
    if (P->strip.w <= 0)
        return;
    /* a thread per request exits when done: it is never idle at a station */
    const scn_runtime *rt = scn_runtime_serving(R->run->rt);
    bool per_request = rt->model == SCN_MODEL_THREADS && rt->threads == 0;
    bool on[BOX_COUNT] = {P->nthreads > 0 && !per_request, R->gil, P->npool > 0, P->nwloops > 0};
    int staff[BOX_COUNT] = {P->nthreads, 2, P->npool, P->nwloops};
    char head[BOX_COUNT][64];
    int64_t queued[BOX_COUNT];
    int want[BOX_COUNT] = {0}, total = 0, nbox = 0, gap = R->px / 3;
    for (int k = 0; k < BOX_COUNT; k++) {
        if (!on[k])
            continue;
        box_heading(R, P, k, head[k], sizeof head[k], &queued[k]);
        int n = staff[k] < 6 ? staff[k] : 6;
        int hw = label_w(R, head[k]) + R->px / 2, sw = n * R->slot + R->px / 2;
        if (k == BOX_PAD) /* the sheet and "T12 has it" */
            sw = R->slot + label_w(R, "T12 has it") + R->px / 2;
        want[k] = hw > sw ? hw : sw;
        total += want[k];
        nbox++;
    }
    if (nbox == 0)
        return;
    int avail = P->strip.w - (nbox - 1) * gap, x = P->strip.x;
    int lh = resto__line(R, R->spx);
    for (int k = 0; k < BOX_COUNT; k++) {
        if (!on[k])
            continue;
        int w = (int)((int64_t)want[k] * avail / total);
        ui_rect b = {x, P->strip.y, w, P->strip.h};
        x += w + gap;
        ui_rect_fill(R->c->out, b, R->th->bg, R->px / 4);
        if (k == BOX_PAD && label_w(R, head[k]) > b.w - R->px / 2)
            snprintf(head[k], sizeof head[k], "GIL"); /* a narrow box: the short name */
        ui_shape *hs = ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->text_dim,
                               b.x + R->px / 4, b.y, b.w - R->px / 2, UI_ALIGN_LEFT, head[k]);
        if (hs && queued[k] >= 0)
            hs->role = UI_ROLE_RAIL,
            hs->id = k == BOX_HELPERS ? TRACE_QUEUE_THREADPOOL : TRACE_QUEUE_WORKER,
            hs->state = (int16_t)(queued[k] > 32767 ? 32767 : queued[k]);

        ui_rect in = {b.x + R->px / 6, b.y + lh, b.w - R->px / 3, b.h - lh - lh * 2 / 3};
        if (k == BOX_STATION) {
            resto__slots_init(R, &P->station_s, in, R->slot, P->nthreads);
            /* a room too short for the door's row: the door opens on the station,
             * where idle threads wait for the next client */
            int hw = label_w(R, head[k]) + R->px / 2;
            if (P->door.w == 0 && resto__has_door(R, (size_t)(P - R->procs)) && b.w - hw > 4 * lh)
                P->door = (ui_rect){b.x + hw, b.y, b.w - hw - R->px / 4, lh};
        } else if (k == BOX_PAD) {
            P->pad = in;
            pad_status(R, P, in);
        } else if (k == BOX_HELPERS) {
            resto__slots_init(R, &P->helpers_s, in, fit_cell(R, in, P->npool), P->npool);
        } else {
            resto__slots_init(R, &P->wloops_s, in, fit_cell(R, in, P->nwloops), P->nwloops);
        }
    }
}
