/* layout_restaurant_loop.c - the ticket rails of an event loop and the staff's strip.
 *
 * The rails are the loop's queues, one row each, top down in the order the loop
 * serves them: Node runs process.nextTick callbacks, then microtasks (promises)
 * after every callback, then its phases timers, poll (I/O callbacks) and check
 * (setImmediate); asyncio's rows are its ready queue, its timers (call_later) and
 * what select() reported. A lamp on a row lights when the loop is in that row's
 * phase, and the loop's waiter stands by that row when it is not at a table, so
 * a waiting loop is seen standing at "poll". A restaurant too narrow for rails
 * (one of several processes, or a compared runtime) gets a loop column instead:
 * the phase, the waiter, and the queues that hold tickets as "poll 3".
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
 * callback runs, before a compact column's queue, before "main script". */
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

/* A narrow restaurant's loop column: the waiter, the phase, "poll 3". */
static int compact_width(const resto *R)
{
    int w = label_w(R, "timers 99") + R->px / 3;
    return w > R->slot ? w : R->slot;
}

int resto__rails_width(const resto *R, const resto_proc *P, bool *compact)
{
    *compact = false;
    if (P->loop < 0)
        return 0;
    int lw = labels_w(R), gap = R->px / 3;
    /* room for half the tickets at least; more if the restaurant is wide */
    int ticket = R->spx * 2 / 3 + 2, plus = label_w(R, "999");
    int base = R->D + gap + R->spx * 4 / 5 + gap + lw + gap + plus;
    int want = base + RESTO_MAX_TICKETS * ticket, least = base + RESTO_MAX_TICKETS / 2 * ticket;
    if (want <= P->box.w * 2 / 5)
        return want;
    if (least <= P->box.w / 2)
        return least;
    int narrow = compact_width(R);
    *compact = narrow <= P->box.w * 2 / 5;
    return *compact ? narrow : 0;
}

/* One rail: lamp (if it is a phase), label, the rail with its tickets (up to
 * what fits), and the count at its end, readable from the back of the room. */
static void rail_row(resto *R, resto_proc *P, int i, int y, const char *label, int64_t len,
                     bool lit, bool running)
{
    const ui_measure *m = R->c->m;
    int lh = resto__line(R, R->spx), gap = R->px / 3, lamp = R->spx * 4 / 5;
    int x = P->rails.x + R->D + gap, right = P->rails.x + P->rails.w;
    if (running) {
        /* the mark stands where the lamp is: this rail's callback runs now */
        ui_shape *s = ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->accent, x, y, 0,
                              UI_ALIGN_LEFT, RUNNING_GLYPH);
        if (s && P->rail_phase[i] >= 0)
            s->role = UI_ROLE_PHASE, s->id = P->rail_phase[i], s->state = lit;
    } else if (P->rail_phase[i] >= 0) {
        ui_shape *s = ui_disc(R->c->out, x + lamp / 2, y + lh / 2, lamp / 2,
                              lit ? R->th->accent : R->th->grid);
        if (s)
            s->role = UI_ROLE_PHASE, s->id = P->rail_phase[i], s->state = lit;
    }
    x += lamp + gap;
    size_t from = R->c->out->n;
    int lw = labels_w(R);
    if (lw > right - x)
        lw = right - x;
    size_t label_at = R->c->out->n;
    ui_text(R->c->out, m, lit || running ? UI_FONT_BOLD : UI_FONT_SANS, R->spx,
            lit || running ? R->th->accent : R->th->text, x, y, lw, UI_ALIGN_LEFT, label);
    x += lw + gap / 2;
    char count[24] = "";
    if (len > 0)
        snprintf(count, sizeof count, "%lld", (long long)len);
    int cw = m->width(m->ctx, UI_FONT_BOLD, R->spx, count, strlen(count));
    int tw = R->spx * 2 / 3, th = lh * 4 / 5, end = right - cw - (cw > 0 ? gap / 2 : 0);
    if (end - x > tw)
        ui_line(R->c->out, x, y + lh - 1, end, y + lh - 1, R->th->grid, 2);
    int fit = (end - x) / (tw + 2);
    fit = fit > RESTO_MAX_TICKETS ? RESTO_MAX_TICKETS : fit < 0 ? 0 : fit;
    int64_t ndraw = len > fit ? fit : len;
    for (int64_t k = 0; k < ndraw; k++)
        ui_rect_fill(R->c->out, (ui_rect){x + (int)k * (tw + 2), y + lh - th, tw, th - 2},
                     R->th->request[TL_R_QUEUED], 2);
    if (len > 0 && right - end > 0)
        ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->text, end, y, right - end,
                UI_ALIGN_RIGHT, count);
    ui_tag(R->c->out, from, UI_ROLE_RAIL, P->rail_queue[i], (int16_t)(len > 32767 ? 32767 : len));
    if (running && label_at < R->c->out->n) { /* the label says whose callback runs */
        R->c->out->shapes[label_at].role = UI_ROLE_RUNNING; /* id: the queue, as the rail's */
        R->c->out->shapes[label_at].state = -1;
    }
}

/* A loop without room for rails (a narrow restaurant): a column with the phase,
 * the loop's waiter under it, and the queues that hold tickets ("poll 3"), or
 * "no tickets". */
static void loop_column(resto *R, resto_proc *P, const int64_t *len, int phase)
{
    size_t n;
    const rail_def *def = rails_of(R, &n);
    const ui_measure *m = R->c->m;
    ui_rect r = P->rails;
    int lh = resto__line(R, R->spx);
    bool main_script;
    int running = running_queue(R, P, phase, &main_script);
    char head[48];
    snprintf(head, sizeof head, "%s%s", main_script ? running_mark : "", phase_words(phase, true));
    ui_shape *hs = ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->accent, r.x, r.y, r.w,
                           UI_ALIGN_LEFT, head);
    if (hs && phase >= 0)
        hs->role = UI_ROLE_PHASE, hs->id = phase, hs->state = main_script ? 2 : 1;
    int cell = R->slot < r.w ? R->slot : r.w;
    ui_rect spot = {r.x + (r.w - cell) / 2, r.y + lh, cell, cell};
    resto__slots_init(R, &P->loop_s, spot, cell, 1);
    int y = r.y + lh + cell + R->px / 6;
    /* a waiter too small for its name wears it on a tag under its disc: room for it */
    int d = cell * 8 / 9, ring = d / 16 > 2 ? d / 16 : 2;
    if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, "Loop") * 20 / 19 > d - 2 * ring)
        y += lh * 3 / 4;
    bool any = false;
    for (size_t i = 0; i < n && y + lh <= r.y + r.h; i++) {
        int64_t q = len[def[i].queue];
        bool run = def[i].queue == running;
        if (q == 0 && !run)
            continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%s%s %lld", run ? running_mark : "", def[i].label, (long long)q);
        ui_shape *s = ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->text, r.x, y, r.w,
                              UI_ALIGN_LEFT, buf);
        if (s)
            s->role = run ? UI_ROLE_RUNNING : UI_ROLE_RAIL, s->id = def[i].queue,
            s->state = (int16_t)(q > 32767 ? 32767 : q);
        y += lh;
        any = true;
    }
    if (!any && y + lh <= r.y + r.h)
        ui_text(R->c->out, m, UI_FONT_SANS, R->spx, R->th->text_dim, r.x, y, r.w, UI_ALIGN_LEFT,
                "no tickets");
}

void resto__rails(resto *R, resto_proc *P)
{
    if (P->loop < 0 || P->rails.w <= 0)
        return;
    size_t n;
    const rail_def *def = rails_of(R, &n);
    int64_t len[TRACE_QUEUE_COUNT];
    if (timeline_loop_queues_at_step(R->tl, (size_t)P->loop, R->t, R->step, len) < 0)
        return;
    int phase = timeline_phase_at_step(R->tl, (size_t)P->loop, R->t, R->step);
    if (P->compact) {
        loop_column(R, P, len, phase);
        return;
    }
    const ui_measure *m = R->c->m;
    int lh = resto__line(R, R->spx);
    ui_rect r = P->rails;
    /* the heading names the phase the loop is in, including those without a rail,
     * and marks the main script while it runs (state 2) */
    bool main_script;
    int running = running_queue(R, P, phase, &main_script);
    char head[64];
    snprintf(head, sizeof head, "event loop: %s%s", main_script ? running_mark : "",
             phase_words(phase, false));
    ui_shape *hs = ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->accent, r.x, r.y, r.w,
                           UI_ALIGN_LEFT, head);
    if (hs && phase >= 0)
        hs->role = UI_ROLE_PHASE, hs->id = phase, hs->state = main_script ? 2 : 1;
    int avail = r.h - lh - R->px / 4;
    int row = avail / (int)n;
    if (row > R->D * 6 / 5)
        row = R->D * 6 / 5;
    P->spot_x = r.x + R->D / 2;
    P->nrails = 0;
    int y = r.y + lh + R->px / 4;
    for (size_t i = 0; i < n; i++) {
        int q = def[i].queue, ph = def[i].phase;
        const char *label = def[i].label;
        /* too short for every rail: only the busy, lit or running ones, in order */
        if (row < lh && len[q] == 0 && ph != phase && q != running)
            continue;
        int h = row > lh ? row : lh;
        if (y + h > r.y + r.h)
            break;
        int k = P->nrails++;
        P->rail_queue[k] = q;
        P->rail_phase[k] = ph;
        P->rail_y[k] = y + h / 2;
        rail_row(R, P, k, y + (h - lh) / 2, label, len[q], ph >= 0 && ph == phase, q == running);
        y += h;
    }
}

/* ---- the strip ---------------------------------------------------------------------------- */

int resto__strip_height(const resto *R)
{
    return resto__line(R, R->spx) + R->slot + R->px / 6;
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
    int lh = resto__line(R, R->spx), iw = R->D;
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
    if (w > 2 * R->spx) {
        ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->text, x, y, w, UI_ALIGN_LEFT, l1);
        if (nl == 2)
            ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->worker[TL_W_WAIT_GIL], x,
                    y + lh, w, UI_ALIGN_LEFT, l2);
    }
    ui_tag(R->c->out, from, UI_ROLE_ORDER_PAD, (int32_t)p, (int16_t)(held ? g.worker : -1));
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
        ui_shape *hs = ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->text_dim,
                               b.x + R->px / 4, b.y, b.w - R->px / 2, UI_ALIGN_LEFT, head[k]);
        if (hs && queued[k] >= 0)
            hs->role = UI_ROLE_RAIL,
            hs->id = k == BOX_HELPERS ? TRACE_QUEUE_THREADPOOL : TRACE_QUEUE_WORKER,
            hs->state = (int16_t)(queued[k] > 32767 ? 32767 : queued[k]);

        ui_rect in = {b.x + R->px / 6, b.y + lh, b.w - R->px / 3, b.h - lh};
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
            resto__slots_init(R, &P->helpers_s, in, R->slot, P->npool);
        } else {
            resto__slots_init(R, &P->wloops_s, in, R->slot, P->nwloops);
        }
    }
}
